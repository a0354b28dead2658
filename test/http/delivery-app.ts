/**
 * One app instance for the two-instance delivery proof (test/http/delivery.test.ts), run in a
 * child process: `nodeHandler` on a real HTTP server, deduplicating in the shared Redis through
 * `redisDedupe`, with handlers instrumented by the simulator's fault schedule. It tells the parent
 * over IPC about each success (before the store commits it), each injected fault and each failure
 * `onError` reports. On `freeze` it stops injecting faults and its handlers stop finishing: the
 * claims it holds are abandoned, as a process that dies mid-handler abandons them, and the parent
 * then kills it.
 *
 * Configured by the JSON in MW_DELIVERY_APP: redisUrl, prefix, secret, seed, rates, hangMs,
 * timeoutMs, leaseMs.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createClient } from 'redis'
import { redisDedupe } from '../../src/index.js'
import { nodeHandler } from '../../src/node.js'
import { createSimulator, type FaultRates, randomFaults } from '../../src/testing/index.js'

interface Config {
  readonly redisUrl: string
  readonly prefix: string
  readonly secret: string
  readonly seed: number
  readonly rates: FaultRates
  readonly hangMs: number
  readonly timeoutMs: number
  readonly leaseMs: number
}

/** Messages to the parent. */
export type AppMessage =
  | { readonly type: 'ready'; readonly port: number }
  | { readonly type: 'success'; readonly key: string }
  | { readonly type: 'fault'; readonly key: string; readonly fault: string }
  | { readonly type: 'failure'; readonly phase: string; readonly key?: string | undefined }
  | { readonly type: 'frozen' }
  | { readonly type: 'abandoned'; readonly key: string }

const config = JSON.parse(process.env.MW_DELIVERY_APP ?? '{}') as Config

/** Sends to the parent, resolving once the message is on its way. */
const tell = (message: AppMessage) =>
  new Promise<void>((resolve) => {
    if (process.send === undefined || !process.connected) return resolve()
    process.send(message, () => resolve())
  })

let frozen = false
const random = randomFaults(config.seed, config.rates)
const simulator = createSimulator({
  hangMs: config.hangMs,
  faults: {
    handler: (call) => {
      const fault = frozen ? 'none' : (random.handler?.(call) ?? 'none')
      if (fault !== 'none') void tell({ type: 'fault', key: call.key, fault })
      return fault
    },
  },
  // Awaited before the handler resolves, so before the store commits: a success the parent
  // never hears of is a handler that never finished.
  onSuccess: (key) => tell({ type: 'success', key }),
})
const handlers = simulator.instrument({
  default: async (_event, context) => {
    // Frozen: the handler never finishes, and its claim stays until its lease runs out.
    if (frozen) {
      void tell({ type: 'abandoned', key: context.key })
      await new Promise(() => {})
    }
  },
})

const client = createClient({ url: config.redisUrl })
client.on('error', () => {})
await client.connect()

const server = createServer(
  nodeHandler({
    secret: config.secret,
    dedupe: redisDedupe(client, { prefix: config.prefix }),
    handlers,
    timeoutMs: config.timeoutMs,
    leaseMs: config.leaseMs,
    onError: (f) => void tell({ type: 'failure', phase: f.phase, key: f.key }),
  }),
)
server.listen(0, '127.0.0.1', () => {
  void tell({ type: 'ready', port: (server.address() as AddressInfo).port })
})

process.on('message', (m: { type?: string }) => {
  if (m?.type === 'freeze') {
    frozen = true
    void tell({ type: 'frozen' })
  }
})
process.on('disconnect', () => process.exit(0))
