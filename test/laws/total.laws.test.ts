/**
 * No public function throws on any argument (issue #9): every decoder, verifier, handshake and
 * handler entry point returns its documented result (or resolves to it) for any value in any
 * position: `null` options, hostile objects whose getters and Proxy traps throw, revoked proxies,
 * NaN and negative numbers, and everything fast-check's `anything` makes. The signing helpers are
 * the documented exception: they are for tests and throw a TypeError on a secret that cannot sign.
 */
import * as fc from 'fast-check'
import * as t from 'io-ts'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import * as api from '../../src/index.js'
import * as node from '../../src/node.js'
import { lawRuns } from './runs.js'

/** Objects that throw as soon as they are read, in the ways JavaScript allows. */
function hostile(): unknown[] {
  const { proxy, revoke } = Proxy.revocable({}, {})
  revoke()
  const trap = new Proxy(
    {},
    {
      get() {
        throw new Error('trap')
      },
      has() {
        throw new Error('trap')
      },
      ownKeys() {
        throw new Error('trap')
      },
      getPrototypeOf() {
        throw new Error('trap')
      },
    },
  )
  const getter = Object.defineProperty({}, 'strict', {
    enumerable: true,
    get() {
      throw new Error('getter')
    },
  })
  return [proxy, trap, getter, Object.create(null), null, undefined, Number.NaN, -1, '', [], () => {}]
}

// Hostile values are tried one by one in every law (fast-check itself cannot hold a revoked Proxy).
const arg = fc.oneof(
  { arbitrary: fc.anything({ maxDepth: 2, withNullPrototype: true, withMap: true, withBigInt: true }), weight: 3 },
  {
    arbitrary: fc.record(
      { maxBodyBytes: fc.oneof(fc.double(), fc.string(), fc.constant(Number.NaN)), strict: fc.anything() },
      { requiredKeys: [] },
    ),
    weight: 1,
  },
)

const sync: [string, (a: unknown, b: unknown) => unknown][] = [
  ['decodeWebhook', (a, b) => api.decodeWebhook(a, b as api.DecodeOptions)],
  ['parseWebhook', (a, b) => api.parseWebhook(a, b as api.ParseOptions)],
  ['decodeEvent', (a, b) => api.decodeEvent(a, b as api.EventContext)],
  ['encodeWebhook', (a) => api.encodeWebhook(a as api.DecodedWebhook)],
  ['verifySubscription', (a, b) => api.verifySubscription(a as api.SubscriptionQuery, b as string)],
  ['verifySignatureSync', (a) => node.verifySignatureSync(a as api.VerifyOptions)],
  ...Object.entries(api)
    .filter((e): e is [string, t.Mixed] => e[1] instanceof t.Type)
    .flatMap(([name, codec]): [string, (a: unknown) => unknown][] => [
      [`${name}.decode`, (a) => codec.decode(a)],
      [`${name}.is`, (a) => codec.is(a)],
    ]),
]

const async: [string, (a: unknown, b: unknown) => Promise<unknown>][] = [
  ['verifySignature (Web Crypto)', (a) => api.verifySignature(a as api.VerifyOptions)],
  ['verifySignature (node:crypto)', (a) => node.verifySignature(a as api.VerifyOptions)],
  ['handleWebhook', (a, b) => api.handleWebhook(a as Request, b as api.HandleWebhookOptions)],
  [
    'handleWebhook on a real request',
    (_, b) =>
      api.handleWebhook(
        new Request('http://localhost/webhook', { method: 'POST', body: '{}' }),
        b as api.HandleWebhookOptions,
      ),
  ],
]

describe('no public function throws', () => {
  // The handler reports the hostile options it refuses on the console: keep the test output clean.
  const quiet = vi.spyOn(console, 'error')
  beforeAll(() => {
    quiet.mockImplementation(() => {})
  })
  afterAll(() => {
    quiet.mockRestore()
  })

  it.each(sync)('law: %s returns for any arguments', (_, f) => {
    for (const a of hostile()) for (const b of hostile()) f(a, b)
    fc.assert(
      fc.property(arg, arg, (a, b) => {
        f(a, b)
      }),
      lawRuns(200),
    )
  })

  it.each(async)('law: %s resolves for any arguments, never rejects', async (_, f) => {
    for (const a of hostile()) for (const b of hostile()) await f(a, b)
    await fc.assert(
      fc.asyncProperty(arg, arg, async (a, b) => {
        await f(a, b)
      }),
      lawRuns(100),
    )
  })

  it('decodeEvent(x, null) and decodeWebhook(x, null) decode as with no options', () => {
    const item = { sender: { id: '1' }, recipient: { id: '2' }, timestamp: 1, read: { watermark: 1 } }
    const body = { object: 'page', entry: [{ id: '1', time: 1, messaging: [item] }] }
    expect(api.decodeEvent(item, null as unknown as api.EventContext)).toEqual(api.decodeEvent(item))
    expect(api.decodeWebhook(body, null as unknown as api.DecodeOptions)).toEqual(api.decodeWebhook(body))
    expect(api.parseWebhook(JSON.stringify(body), null as unknown as api.ParseOptions)).toEqual(
      api.parseWebhook(JSON.stringify(body)),
    )
  })

  it('handleWebhook answers 500 for missing options instead of rejecting', async () => {
    const r = await api.handleWebhook(
      new Request('http://localhost/webhook', { method: 'POST', body: '{}' }),
      undefined as unknown as api.HandleWebhookOptions,
    )
    expect(r.status).toBe(500)
  })

  it('the signing helpers, for tests, throw a TypeError with the hint on a secret that cannot sign', async () => {
    for (const secret of ['', ' padded ', undefined]) {
      expect(() => node.signPayloadSync('{}', secret as string)).toThrow(TypeError)
      await expect(api.signPayload('{}', secret as string)).rejects.toThrow(TypeError)
    }
  })
})
