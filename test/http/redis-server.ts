/**
 * A throwaway `redis-server` for the tests that need a real Redis: started on a free port with
 * persistence off, waited for until it answers PING, stopped after. Never a system service. There
 * is no skipping: without `redis-server` on PATH, `startRedis` throws and the tests fail, saying so.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { connect, createServer } from 'node:net'
import { afterAll, beforeAll, beforeEach } from 'vitest'

export interface RedisServer {
  readonly url: string
  readonly port: number
  stop(): Promise<void>
}

export const REDIS_REQUIRED =
  'Redis is required for these tests and they never skip: redis-server was not found on PATH. ' +
  'Install it (Debian/Ubuntu: apt-get install redis-server; .ci/run does it in CI).'

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** Whether a Redis on `port` answers PING with PONG. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' })
    let answer = ''
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(500, () => done(false))
    socket.on('error', () => done(false))
    socket.on('connect', () => socket.write('PING\r\n'))
    socket.on('data', (d) => {
      answer += d.toString()
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'))
    })
  })
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve()
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000)
      child.once('exit', () => {
        clearTimeout(timer)
        resolve()
      })
      child.kill('SIGTERM')
    })
}

/** Starts a private redis-server; throws {@link REDIS_REQUIRED} when there is none to start. */
export async function startRedis(): Promise<RedisServer> {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' })
  if (probe.error !== undefined || probe.status !== 0) throw new Error(REDIS_REQUIRED)
  let lastOutput = ''
  for (let tries = 0; tries < 3; tries++) {
    const port = await freePort()
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let output = ''
    child.stdout?.on('data', (d) => {
      output += d.toString()
    })
    child.stderr?.on('data', (d) => {
      output += d.toString()
    })
    const deadline = Date.now() + 10_000
    while (Date.now() < deadline && child.exitCode === null) {
      if (await ping(port)) return { url: `redis://127.0.0.1:${port}`, port, stop: stopper(child) }
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    lastOutput = output
    await stopper(child)()
  }
  throw new Error(`redis-server did not start (three tries). Its output:\n${lastOutput}`)
}

/**
 * Starts a private Redis for the file (beforeAll) and stops it after (afterAll). Without
 * redis-server every test of the file fails with {@link REDIS_REQUIRED}: none is skipped.
 */
export function useRedis(): () => RedisServer {
  let server: RedisServer | undefined
  let missing: unknown
  beforeAll(async () => {
    try {
      server = await startRedis()
    } catch (e) {
      missing = e
    }
  }, 40_000)
  beforeEach(() => {
    if (missing !== undefined) throw missing
  })
  afterAll(async () => {
    await server?.stop()
  })
  return () => {
    if (server === undefined) throw missing ?? new Error('the Redis of this file is not started yet')
    return server
  }
}
