/**
 * Helpers of the `listen` tests: start the BUILT CLI's `listen` as a child process (pipes, no
 * TTY, NO_COLOR=1 unless told otherwise), read its stdout line by line as it comes, send it real
 * HTTP requests with node:http (exact bytes and headers, no client adding or changing any), and
 * stop it with a signal.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import { createServer } from 'node:net'
import { CLI, type RunResult, requireBuiltCli } from './helpers.js'

/** The `X-Hub-Signature-256` value, by node:crypto (the tests check it against openssl too). */
export function sign(secret: string, body: string | Uint8Array): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`
}

export interface Listener {
  readonly child: ChildProcess
  /** `http://127.0.0.1:<port>` (no path). */
  readonly origin: string
  readonly port: number
  /** Every stdout line so far. */
  readonly lines: string[]
  /** stderr so far. */
  stderr(): string
  /** Resolves with the first line (from `from` on) that matches, or rejects after `ms`. */
  waitFor(pattern: RegExp, from?: number, ms?: number): Promise<string>
  /** Sends a signal and resolves when the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<RunResult>
  /** Resolves when the process has exited (without sending anything). */
  exited: Promise<RunResult>
}

/** Environment of the child: the outer one without a secret or colour, with NO_COLOR=1. */
function childEnv(extra: Record<string, string | undefined>): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v
  delete env.MESSENGER_APP_SECRET
  delete env.FORCE_COLOR
  env.NO_COLOR = '1'
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k]
    else env[k] = v
  }
  return env
}

/** Runs `listen ...args` and waits for its "listening on http://…" line. */
export async function startListen(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
): Promise<Listener> {
  requireBuiltCli()
  const started = Date.now()
  const child = spawn(process.execPath, [CLI, 'listen', ...args], {
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  const out: Buffer[] = []
  const err: Buffer[] = []
  let partial = ''
  const waiters = new Set<() => void>()
  child.stdout?.on('data', (b: Buffer) => {
    out.push(b)
    partial += b.toString('utf8')
    const parts = partial.split('\n')
    partial = parts.pop() ?? ''
    lines.push(...parts)
    for (const w of waiters) w()
  })
  child.stderr?.on('data', (b: Buffer) => {
    err.push(b)
  })
  const exited = new Promise<RunResult>((resolve) => {
    child.on('close', (code, signal) => {
      for (const w of waiters) w()
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: Date.now() - started,
      })
    })
  })
  const stderr = () => Buffer.concat(err).toString('utf8')
  const waitFor = (pattern: RegExp, from = 0, ms = 10_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const hit = lines.slice(from).find((l) => pattern.test(l))
        if (hit !== undefined) {
          done()
          resolve(hit)
        } else if (child.exitCode !== null || child.signalCode !== null) {
          done()
          reject(new Error(`listen exited before printing ${pattern}:\n${lines.join('\n')}\n${stderr()}`))
        }
      }
      const timer = setTimeout(() => {
        done()
        reject(new Error(`no line matching ${pattern} within ${ms} ms:\n${lines.join('\n')}\nstderr:\n${stderr()}`))
      }, ms)
      const done = () => {
        clearTimeout(timer)
        waiters.delete(check)
      }
      waiters.add(check)
      check()
    })
  const first = await waitFor(/^listening on http:\/\//)
  const match = /^listening on (http:\/\/[^/\s]+):(\d+)\//.exec(first)
  if (match === null) throw new Error(`unexpected first line: ${first}`)
  const port = Number(match[2])
  // A test that fails must not leave a listener behind.
  const kill = setTimeout(() => child.kill('SIGKILL'), 120_000)
  kill.unref()
  void exited.then(() => clearTimeout(kill))
  return {
    child,
    origin: `${match[1]}:${port}`,
    port,
    lines,
    stderr,
    waitFor,
    exited,
    stop: (signal = 'SIGINT') => {
      child.kill(signal)
      return exited
    },
  }
}

export interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/**
 * One request with exactly these bytes and headers, on a connection of its own. An error after
 * the answer arrived (the server closed the connection while the body was still being sent, as
 * it does after a 413) does not count: the answer is what the server said.
 */
export function send(
  url: string,
  options: {
    method?: string
    headers?: Record<string, string>
    body?: string | Uint8Array
    /** Send the body in pieces of this size (chunked, no Content-Length), until answered. */
    chunked?: number
    /** Send the headers only and wait for the answer (the body never follows). */
    headersOnly?: boolean
  } = {},
): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    let answered = false
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers ?? {}, agent: false })
    req.on('response', (res) => {
      answered = true
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('error', () => {})
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') })
        // A request whose body was never (fully) sent is over once answered.
        req.destroy()
      })
    })
    req.on('error', (e) => {
      if (!answered) reject(e)
    })
    const body = options.body
    if (options.headersOnly === true) {
      req.flushHeaders()
      return
    }
    if (body === undefined) {
      req.end()
      return
    }
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body)
    if (options.chunked === undefined) {
      req.end(bytes)
      return
    }
    const size = options.chunked
    let at = 0
    const next = () => {
      if (answered || req.destroyed) return
      if (at >= bytes.byteLength) {
        req.end()
        return
      }
      const piece = bytes.subarray(at, at + size)
      at += size
      req.write(piece, () => setTimeout(next, 5))
    }
    next()
  })
}

/** A signed POST of `body` (both headers Meta sends, or those given). */
export function post(url: string, body: string | Uint8Array, headers: Record<string, string>): Promise<Answer> {
  return send(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } })
}

/** A TCP port that was free a moment ago (bound and closed by this process). */
export function freePort(): Promise<number> {
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

/** The event lines of stdout: `HH:MM:SS  platform  tag  sender  summary`. */
export const EVENT_LINE = /^(\d\d:\d\d:\d\d) {2}(messenger|instagram|other) +(\S+) +(\S+) +(.*)$/

/** The summary line printed on a clean stop. */
export const SUMMARY_LINE =
  /^stopped: (\d+) requests?, (\d+) events?, (\d+) refused(?:, (\d+) requests? captured to (.+))?$/
