/**
 * The two-instance delivery proof: two app instances, each a real HTTP server (`nodeHandler`) in
 * its own child process (test/http/delivery-app.ts), share one real Redis through `redisDedupe`
 * behind a round-robin load balancer. The simulator delivers thousands of events as Meta does
 * (retries, duplicates, lost answers, redeliveries in another batch) while the handlers fail at
 * random (throw, reject, hang past the timeout). Part-way, one instance freezes (its handlers
 * stop finishing, so it abandons the claims it holds) and is killed with SIGKILL: the other picks
 * those events up once their lease runs out. Every event is handled exactly once, none is lost,
 * and every injected failure was reported to `onError` by the instance it happened in.
 */
import { type ChildProcess, fork } from 'node:child_process'
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compressedClock, createSimulator, distinctBodies, randomFaults } from '../../src/testing/index.js'
import { expectEveryFailureReported, expectExactlyOnce, type Reported } from '../testing/delivery-proof.js'
import type { AppMessage } from './delivery-app.js'
import { useRedis } from './redis-server.js'

const here = dirname(fileURLToPath(import.meta.url))
const SECRET = 'two-instances-secret'
const LEASE_MS = 2000
const TIMEOUT_MS = 250
const HANG_MS = 450

const redis = useRedis()
const bundle = join(tmpdir(), `messenger-webhooks-delivery-app-${process.pid}.mjs`)
const children: ChildProcess[] = []

beforeAll(async () => {
  // The app runs from the sources, bundled (with node-redis) into one file Node runs as it is.
  await build({
    entryPoints: [join(here, 'delivery-app.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['node'],
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: 'silent',
  })
}, 60_000)

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  rmSync(bundle, { force: true })
})

interface Instance {
  readonly name: string
  readonly child: ChildProcess
  readonly url: string
}

/** Starts one instance; its messages go to `onMessage`. */
async function start(
  name: string,
  seed: number,
  prefix: string,
  onMessage: (m: AppMessage) => void,
): Promise<Instance> {
  const child = fork(bundle, [], {
    env: {
      ...process.env,
      MW_DELIVERY_APP: JSON.stringify({
        redisUrl: redis().url,
        prefix,
        secret: SECRET,
        seed,
        rates: { throw: 0.03, reject: 0.03, hang: 0.01, hangReject: 0.01 },
        hangMs: HANG_MS,
        timeoutMs: TIMEOUT_MS,
        leaseMs: LEASE_MS,
      }),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  children.push(child)
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`instance ${name} exited (${code}) before it was ready`)))
    child.on('message', (m: AppMessage) => {
      if (m.type === 'ready') resolve(m.port)
      onMessage(m)
    })
  })
  return { name, child, url: `http://127.0.0.1:${port}/webhook` }
}

describe('two app instances sharing one Redis, one killed part-way', () => {
  it('handles 3,000+ events exactly once, loses none, and reports every failure', async () => {
    const prefix = `two-instances:${Date.now()}:`
    const bodies = distinctBodies({ bodies: 480, seed: 11, maxItemsPerEntry: 6 })
    const faults = new Map<string, string[]>()
    const failures: Reported[] = []
    const abandoned = new Set<string>()
    let successes = 0
    const sim = createSimulator({
      secret: SECRET,
      // Meta's side: duplicates, lost answers and redeliveries; the handler faults are drawn in
      // each instance (its own seed), and reported here.
      faults: randomFaults(11, { duplicate: 0.03, lostAnswer: 0.02, redeliver: 0.03 }),
      clock: compressedClock(0.001),
      answerTimeoutMs: 3000,
      concurrency: 12,
      seed: 11,
      target: (request) => balance(request),
    })
    const onMessage = (m: AppMessage) => {
      if (m.type === 'success') {
        successes++
        sim.recordSuccess(m.key)
      } else if (m.type === 'fault') {
        faults.set(m.key, [...(faults.get(m.key) ?? []), m.fault])
      } else if (m.type === 'failure') failures.push({ phase: m.phase, key: m.key })
      else if (m.type === 'abandoned') abandoned.add(m.key)
    }
    const [a, b] = await Promise.all([start('a', 1, prefix, onMessage), start('b', 2, prefix, onMessage)])
    const a_ = a as Instance
    const b_ = b as Instance

    // The load balancer: round robin over the instances in rotation; a request to a dead
    // instance fails as a network error (Meta retries it).
    let rotation = [a_.url, b_.url]
    let turn = 0
    const balance = async (request: Request): Promise<Response> => {
      const url = rotation[turn++ % rotation.length] as string
      return fetch(url, { method: 'POST', headers: request.headers, body: await request.arrayBuffer() })
    }

    let finished = false
    const delivering = sim.deliver(bodies).finally(() => {
      finished = true
    })

    // Part-way: instance a freezes (its handlers stop finishing: it abandons its claims), every
    // failure it had already met is given time to reach onError, and it is killed.
    while (successes < 1200 && !finished) await new Promise((resolve) => setTimeout(resolve, 5))
    const frozen = new Promise<void>((resolve) =>
      a_.child.on('message', (m: AppMessage) => m.type === 'frozen' && resolve()),
    )
    a_.child.send({ type: 'freeze' })
    await frozen
    await new Promise((resolve) => setTimeout(resolve, HANG_MS + TIMEOUT_MS + 200))
    const successesBeforeKill = successes
    const killed = new Promise((resolve) => a_.child.once('exit', resolve))
    a_.child.kill('SIGKILL')
    await killed
    // The balancer notices a moment later: some requests still go to the dead instance.
    setTimeout(() => {
      rotation = [b_.url]
    }, 50)

    const report = await delivering
    expect(report.events.size).toBeGreaterThanOrEqual(3000)
    expect(successesBeforeKill).toBeLessThan(report.events.size)
    expectExactlyOnce(report)
    // Instance a died holding claims: each of those events was handled once, by b, after its lease.
    expect(abandoned.size).toBeGreaterThan(0)
    for (const key of abandoned) expect(report.events.get(key)?.successes, key).toBe(1)
    expectEveryFailureReported(faults, failures)
    expect(report.answers.error ?? 0, 'requests that met the dead instance').toBeGreaterThan(0)
    expect([...faults.values()].flat().length).toBeGreaterThan(100)
  }, 120_000)
})
