/**
 * The Meta delivery simulator (messenger-webhooks/testing, src/testing/simulator.ts): first what
 * it does (signs, retries with Meta's back-off, duplicates, loses answers, redelivers in another
 * batch, reorders, injects handler faults, counts successes per eventKey, catches lost and
 * duplicated events), then the proofs it gives of the delivery core: thousands of events under
 * random failures handled exactly once with every failure reported, and a property test over
 * every fault schedule it can produce.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import {
  eventKey,
  type HandleWebhookOptions,
  handleWebhook,
  memoryDedupe,
  parseWebhook,
  verifySignature,
} from '../../src/index.js'
import { nodeHandler } from '../../src/node.js'
import {
  compressedClock,
  createSimulator,
  type DeliveryFault,
  distinctBodies,
  type HandlerFault,
  META_RETRY,
  randomFaults,
  SimulatedFault,
  type SimulatorClock,
  scriptedFaults,
} from '../../src/testing/index.js'
import { lawRuns } from '../laws/runs.js'
import { expectEveryFailureReported, expectExactlyOnce, type Reported } from './delivery-proof.js'

const SECRET = 'simulator-secret'
const PAGE = '104857600000001'

const messageBody = (...mids: string[]) => ({
  object: 'page',
  entry: [
    {
      id: PAGE,
      time: 1718003000000,
      messaging: mids.map((mid) => ({
        sender: { id: '2400000000000001' },
        recipient: { id: PAGE },
        timestamp: 1718002999876,
        message: { mid, text: 'hi' },
      })),
    },
  ],
})
const keyOf = (mid: string) => `messenger:${PAGE}:messaging:message:${mid}`

/** A clock on which Meta's time passes only by sleeping: instant, and exact. */
function virtualClock(): SimulatorClock & { slept: number[] } {
  let t = 0
  const slept: number[] = []
  return {
    slept,
    now: () => t,
    sleep: async (ms) => {
      slept.push(ms)
      t += ms
      await new Promise((resolve) => setImmediate(resolve))
    },
  }
}

/** An app over `handleWebhook` with a fresh memory store, collecting every failure. */
function app(extra: Partial<HandleWebhookOptions> = {}) {
  const failures: Reported[] = []
  const options = {
    secret: SECRET,
    dedupe: memoryDedupe(),
    onError: (f: { phase: string; key?: string | undefined }) => void failures.push({ phase: f.phase, key: f.key }),
    ...extra,
  }
  return { failures, options }
}

const servers: Server[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections()
    await new Promise((resolve) => s.close(resolve))
  }
})

describe('the simulator delivers as Meta does', () => {
  it('signs every body with the app secret (both headers), as JSON', async () => {
    const seen: Request[] = []
    const sim = createSimulator({
      secret: SECRET,
      target: async (request) => {
        seen.push(request.clone())
        const body = new Uint8Array(await request.arrayBuffer())
        const v = await verifySignature({ body, headers: request.headers, secret: SECRET })
        return new Response(null, { status: v._tag === 'Right' ? 200 : 401 })
      },
    })
    const report = await sim.deliver([messageBody('m_1'), JSON.stringify(messageBody('m_2'))])
    expect(report.answers).toEqual({ 200: 2 })
    expect(seen[0]?.headers.get('content-type')).toBe('application/json')
    expect(seen[0]?.headers.get('x-hub-signature')).toMatch(/^sha1=[0-9a-f]{40}$/)
    expect(seen[0]?.method).toBe('POST')
  })

  it('signs with a signer of your own instead', async () => {
    let header: string | null = null
    const sim = createSimulator({
      sign: () => ({ 'x-hub-signature-256': 'sha256=custom' }),
      target: (r) => {
        header = r.headers.get('x-hub-signature-256')
        return new Response(null, { status: 200 })
      },
    })
    await sim.deliver([messageBody('m_1')])
    expect(header).toBe('sha256=custom')
  })

  it("retries a failing body on Messenger's back-off, then gives it up: its events are lost", async () => {
    const clock = virtualClock()
    let requests = 0
    const sim = createSimulator({
      secret: SECRET,
      clock,
      target: () => {
        requests++
        return new Response('no', { status: 500 })
      },
    })
    const report = await sim.deliver([messageBody('m_1')])
    expect(requests).toBe(10)
    expect(clock.slept).toEqual(META_RETRY.messenger.delaysMs)
    expect(clock.slept.slice(0, 3)).toEqual([0, 0, 0])
    expect(report).toMatchObject({ deliveries: 10, retries: 9, giveUps: 1, answers: { 500: 10 }, lost: [keyOf('m_1')] })
    expect(report.elapsedMs).toBe(60 * 60 * 1000)
    expect(report.longestFailingMs).toBe(60 * 60 * 1000)
    expect(report.exactlyOnce).toBe(false)
  })

  it('retries on the Graph back-off: one immediate retry, then less and less often, for about 34 hours', async () => {
    const clock = virtualClock()
    const sim = createSimulator({
      secret: SECRET,
      clock,
      retry: 'graph',
      target: () => new Response(null, { status: 503 }),
    })
    const report = await sim.deliver([messageBody('m_1')])
    expect(clock.slept[0]).toBe(0)
    for (let i = 2; i < clock.slept.length; i++) expect(clock.slept[i]).toBeGreaterThan(clock.slept[i - 1] as number)
    expect(report.retries).toBe(12)
    expect(report.elapsedMs / 3_600_000).toBeCloseTo(34.1, 1)
  })

  it('retries until the answer is 200, and follows a policy of your own', async () => {
    const clock = virtualClock()
    let requests = 0
    const sim = createSimulator({
      secret: SECRET,
      clock,
      retry: { delaysMs: [5, 7, 11] },
      target: () => new Response(null, { status: ++requests < 3 ? 500 : 200 }),
    })
    const report = await sim.deliver([messageBody('m_1')])
    expect(clock.slept).toEqual([5, 7])
    expect(report).toMatchObject({ deliveries: 3, retries: 2, giveUps: 0, answers: { 200: 1, 500: 2 } })
  })

  it('counts an answer later than answerTimeoutMs as a timeout, and retries', async () => {
    let requests = 0
    const sim = createSimulator({
      secret: SECRET,
      clock: virtualClock(),
      answerTimeoutMs: 200,
      target: async () => {
        if (++requests === 1) await new Promise((resolve) => setTimeout(resolve, 600))
        return new Response(null, { status: 200 })
      },
    })
    const report = await sim.deliver([messageBody('m_1')])
    expect(report.answers).toEqual({ 200: 1, timeout: 1 })
    expect(report.retries).toBe(1)
  })

  it('delivers to a URL over HTTP, and retries while the server is down', async () => {
    const { options } = app()
    const sim = createSimulator({ secret: SECRET, clock: virtualClock(), target: 'http://127.0.0.1:1/webhook' })
    const handlers = sim.instrument({ message: () => {} })
    const server = createServer(nodeHandler({ ...options, handlers }))
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`
    const ok = await createSimulator({ secret: SECRET, target: url }).deliver([messageBody('m_url')])
    expect(ok.answers).toEqual({ 200: 1 })
    // Nothing listens on port 1: every attempt is a network error, retried, then given up.
    const down = await sim.deliver([messageBody('m_down')])
    expect(down.answers).toEqual({ error: 10 })
    expect(down.giveUps).toBe(1)
  })

  it('sends a body twice at once on a duplicate fault, and handles its events once', async () => {
    const { options } = app()
    const sim = createSimulator({
      secret: SECRET,
      faults: scriptedFaults({ delivery: [['duplicate']] }),
      target: (r) => handleWebhook(r, { ...options, handlers }),
    })
    const handlers = sim.instrument({ message: () => new Promise((resolve) => setTimeout(resolve, 10)) })
    const report = await sim.deliver([messageBody('m_1', 'm_2')])
    expect(report.deliveries).toBeGreaterThanOrEqual(2)
    expect(report.injected).toEqual({ duplicate: 1 })
    expectExactlyOnce(report)
  })

  it('retries a body whose answer was lost, although the app handled it', async () => {
    const { options } = app()
    const sim = createSimulator({
      secret: SECRET,
      faults: scriptedFaults({ delivery: [['lost-answer', 'lost-answer']] }),
      target: (r) => handleWebhook(r, { ...options, handlers }),
    })
    const handlers = sim.instrument({ message: () => {} })
    const report = await sim.deliver([messageBody('m_1')])
    expect(report.answers).toEqual({ 200: 3, 'lost-answer': 2 })
    expect(report.retries).toBe(2)
    expectExactlyOnce(report)
  })

  it('redelivers the same events in another batch (entries reversed, another entry.time), with the same keys', async () => {
    const bodies: string[] = []
    const sim = createSimulator({
      secret: SECRET,
      faults: scriptedFaults({ delivery: [['redeliver']] }),
      target: async (r) => {
        bodies.push(await r.text())
        return new Response(null, { status: 200 })
      },
    })
    const two = {
      object: 'page',
      entry: [messageBody('m_a').entry[0], { ...messageBody('m_b').entry[0], id: '104857600000002' }],
    }
    const report = await sim.deliver([two])
    expect(report.notifications).toBe(2)
    expect(report.keyMismatches).toBe(0)
    const [first, copy] = bodies.map((b) => JSON.parse(b) as typeof two)
    expect(copy?.entry.map((e) => e?.id)).toEqual([...(first?.entry.map((e) => e?.id) ?? [])].reverse())
    expect(copy?.entry[0]?.time).not.toBe(first?.entry[1]?.time)
    const keys = (b: string) => {
      const r = parseWebhook(b)
      return r.ok ? r.value.events.map(eventKey).sort() : []
    }
    expect(keys(bodies[1] as string)).toEqual(keys(bodies[0] as string))
  })

  it('shuffles the bodies by its seed, and keeps their order with reorder: false', async () => {
    const order = async (extra: { seed?: number; reorder?: boolean }) => {
      const seen: string[] = []
      const sim = createSimulator({
        secret: SECRET,
        concurrency: 1,
        ...extra,
        target: async (r) => {
          seen.push(
            (JSON.parse(await r.text()) as ReturnType<typeof messageBody>).entry[0]?.messaging[0]?.message.mid ?? '',
          )
          return new Response(null, { status: 200 })
        },
      })
      await sim.deliver(Array.from({ length: 12 }, (_, i) => messageBody(`m_${i}`)))
      return seen
    }
    const inOrder = Array.from({ length: 12 }, (_, i) => `m_${i}`)
    expect(await order({ reorder: false })).toEqual(inOrder)
    const shuffled = await order({ seed: 3 })
    expect(shuffled).not.toEqual(inOrder)
    expect([...shuffled].sort()).toEqual([...inOrder].sort())
    expect(await order({ seed: 3 })).toEqual(shuffled)
    expect(await order({ seed: 4 })).not.toEqual(shuffled)
  })

  it('runs Meta time fast on the compressed clock', async () => {
    const clock = compressedClock(0.0001)
    const started = Date.now()
    await clock.sleep(60 * 60 * 1000)
    expect(Date.now() - started).toBeLessThan(1000)
    expect(clock.now()).toBeGreaterThanOrEqual(60 * 60 * 1000 - 50_000)
  })
})

describe('instrumented handlers', () => {
  it('count one success per call that resolves, by key; the schedule injects faults before your handler', async () => {
    const ran: string[] = []
    const sim = createSimulator({
      secret: SECRET,
      hangMs: 5,
      faults: scriptedFaults({
        handler: { [keyOf('m_1')]: ['throw', 'reject', 'hang-reject', 'hang'], [keyOf('m_2')]: ['none', 'throw'] },
      }),
    })
    const handlers = sim.instrument({ message: (e) => void ran.push(e.message.mid) })
    const event = parseWebhook(JSON.stringify(messageBody('m_1', 'm_2')))
    if (!event.ok) throw new Error('no body')
    const [m1, m2] = event.value.events as [never, never]
    const call = (e: never) => (async () => handlers.message?.(e))()
    const outcomes: string[] = []
    for (const e of [m1, m1, m1, m1, m1, m2, m2]) {
      outcomes.push(
        await call(e).then(
          () => 'ok',
          (err: unknown) => (err instanceof SimulatedFault ? `${err.fault} ${err.key.split(':').pop()}` : 'other'),
        ),
      )
    }
    expect(outcomes).toEqual(['throw m_1', 'reject m_1', 'hang-reject m_1', 'ok', 'ok', 'ok', 'throw m_2'])
    expect(ran).toEqual(['m_1', 'm_1', 'm_2'])
    const report = sim.report()
    expect(report.events.get(keyOf('m_1'))).toMatchObject({
      successes: 2,
      calls: 5,
      faults: ['throw', 'reject', 'hang-reject', 'hang'],
    })
    expect(report.duplicates).toEqual([keyOf('m_1')])
    expect(report.injected).toEqual({ throw: 2, reject: 1, 'hang-reject': 1, hang: 1 })
  })

  it('throws synchronously for a throw fault (as a handler that throws)', () => {
    const sim = createSimulator({ faults: { handler: () => 'throw' } })
    const handlers = sim.instrument({ default: (_event: unknown) => {} })
    const event = parseWebhook(JSON.stringify(messageBody('m_1')))
    if (!event.ok) throw new Error('no body')
    expect(() => handlers.default?.(event.value.events[0] as never)).toThrow(SimulatedFault)
  })

  it('expects the events whose tag is instrumented, and every event when nothing is', async () => {
    const body = {
      object: 'page',
      entry: [
        {
          ...messageBody('m_1').entry[0],
          standby: [
            { sender: { id: '1' }, recipient: { id: PAGE }, timestamp: 1, postback: { title: 'x', mid: 'p_1' } },
          ],
        },
      ],
    }
    const ok = () => new Response(null, { status: 200 })
    const some = createSimulator({ secret: SECRET, target: ok })
    some.instrument({ message: () => {} })
    expect((await some.deliver([body])).lost).toEqual([keyOf('m_1')])
    const all = createSimulator({ secret: SECRET, target: ok })
    expect((await all.deliver([body])).lost).toHaveLength(2)
    const chosen = createSimulator({ secret: SECRET, target: ok, expect: ['postback'] })
    expect((await chosen.deliver([body])).lost).toEqual([`messenger:${PAGE}:standby:postback:p_1`])
  })

  it('takes successes recorded elsewhere (an app in another process)', async () => {
    const sim = createSimulator({ secret: SECRET, target: () => new Response(null, { status: 200 }) })
    sim.recordSuccess(keyOf('m_1'))
    const report = await sim.deliver([messageBody('m_1', 'm_2')])
    expect(report.lost).toEqual([keyOf('m_2')])
    sim.recordSuccess(keyOf('m_2'))
    sim.recordSuccess('elsewhere')
    expect(sim.report().exactlyOnce).toBe(true)
    expect(sim.report().events.get('elsewhere')).toMatchObject({ type: 'unknown', expected: false, successes: 1 })
  })

  it('awaits onSuccess before the handler resolves (so before the store commits)', async () => {
    const order: string[] = []
    const sim = createSimulator({
      secret: SECRET,
      onSuccess: async (key) => {
        await new Promise((resolve) => setTimeout(resolve, 5))
        order.push(`success ${key.split(':').pop()}`)
      },
    })
    const handlers = sim.instrument({ message: () => void order.push('handler') })
    const { options } = app({
      dedupe: {
        ...memoryDedupe(),
        claim: memoryDedupe().claim,
        commit: async () => void order.push('commit'),
        release: async () => {},
      },
    })
    await handleWebhook(
      await (await import('../../src/index.js')).signedRequest(
        'https://x/',
        JSON.stringify(messageBody('m_1')),
        SECRET,
      ),
      { ...options, handlers },
    )
    expect(order).toEqual(['handler', 'success m_1', 'commit'])
  })
})

describe('fault schedules', () => {
  it('randomFaults draws the same faults for the same seed, key and call, whatever the order', () => {
    const a = randomFaults(7, { throw: 0.2, reject: 0.2, hang: 0.1, duplicate: 0.3 })
    const b = randomFaults(7, { throw: 0.2, reject: 0.2, hang: 0.1, duplicate: 0.3 })
    const calls = Array.from({ length: 200 }, (_, i) => ({ key: `k${i % 20}`, type: 'message' as const, call: i }))
    const forward = calls.map((c) => a.handler?.(c))
    const backward = [...calls].reverse().map((c) => b.handler?.(c))
    expect(forward).toEqual(backward.reverse())
    const counts = new Map<string, number>()
    for (const f of forward) counts.set(f ?? 'none', (counts.get(f ?? 'none') ?? 0) + 1)
    expect(counts.get('throw')).toBeGreaterThan(10)
    expect(counts.get('none')).toBeGreaterThan(50)
    expect(counts.has('hang-reject')).toBe(false)
    expect(randomFaults(8, { throw: 0.5 }).handler?.(calls[0] as never)).toBeDefined()
  })

  it('randomFaults with no rates injects nothing; scriptedFaults stops where its lists end', () => {
    const none = randomFaults(1, {})
    for (let i = 0; i < 100; i++) {
      expect(none.handler?.({ key: `k${i}`, type: 'message', call: 1 })).toBe('none')
      expect(none.delivery?.({ body: i, copy: 0, attempt: 1 })).toBe('none')
    }
    const s = scriptedFaults({ handler: { k: ['throw'] }, delivery: [['duplicate', 'redeliver']] })
    expect([1, 2].map((call) => s.handler?.({ key: 'k', type: 'message', call }))).toEqual(['throw', 'none'])
    expect([1, 2, 3].map((attempt) => s.delivery?.({ body: 0, copy: 0, attempt }))).toEqual([
      'duplicate',
      'redeliver',
      'none',
    ])
    expect(s.delivery?.({ body: 0, copy: 1, attempt: 1 })).toBe('none')
  })
})

describe('distinctBodies', () => {
  it('draws bodies whose events all have keys of their own, the same for the same seed', () => {
    const bodies = distinctBodies({ bodies: 200, seed: 5 })
    const keys = bodies.flatMap((b) => {
      const r = parseWebhook(JSON.stringify(b))
      if (!r.ok) throw new Error(r.error.message)
      expect(r.value.invalid).toEqual([])
      return r.value.events.map(eventKey)
    })
    expect(keys.length).toBeGreaterThan(600)
    expect(new Set(keys).size).toBe(keys.length)
    expect(distinctBodies({ bodies: 200, seed: 5 })).toEqual(bodies)
    expect(distinctBodies({ bodies: 3, seed: 6, types: ['reaction'] }).every((b) => b.entry.length > 0)).toBe(true)
  })
})

describe('the simulator catches what goes wrong', () => {
  it('reports events handled twice when the app does not deduplicate', async () => {
    const { options } = app({ dedupe: false })
    const sim = createSimulator({
      secret: SECRET,
      faults: scriptedFaults({ handler: { [keyOf('m_2')]: ['throw'] } }),
      target: (r) => handleWebhook(r, { ...options, handlers }),
    })
    const handlers = sim.instrument({ message: () => {} })
    const report = await sim.deliver([messageBody('m_1', 'm_2')])
    expect(report.duplicates).toEqual([keyOf('m_1')])
    expect(report.lost).toEqual([])
    expect(report.exactlyOnce).toBe(false)
  })

  it('reports events lost when handlers fail after a 200 (waitUntil without a re-drive)', async () => {
    const background: Promise<unknown>[] = []
    const { options, failures } = app({ waitUntil: (p) => void background.push(p) })
    const sim = createSimulator({
      secret: SECRET,
      faults: scriptedFaults({ handler: { [keyOf('m_2')]: ['reject'] } }),
      target: (r) => handleWebhook(r, { ...options, handlers }),
    })
    const handlers = sim.instrument({ message: () => {} })
    const report = await sim.deliver([messageBody('m_1', 'm_2')])
    await Promise.all(background)
    expect(sim.report().lost).toEqual([keyOf('m_2')])
    expect(report.answers).toEqual({ 200: 1 })
    expect(failures).toEqual([{ phase: 'handler', key: keyOf('m_2') }])
  })
})

describe('proof: exactly once under Meta delivery and failing handlers', () => {
  const RATES = {
    throw: 0.03,
    reject: 0.03,
    hang: 0.01,
    hangReject: 0.01,
    duplicate: 0.03,
    lostAnswer: 0.02,
    redeliver: 0.03,
  }

  it('handles 3,000+ events in 450 bodies exactly once, and reports every failure, with faults at random', async () => {
    const bodies = distinctBodies({ bodies: 450, seed: 2024, maxItemsPerEntry: 6 })
    const { options, failures } = app({ timeoutMs: 40 })
    const sim = createSimulator({
      secret: SECRET,
      target: (r) => handleWebhook(r, { ...options, handlers }),
      faults: randomFaults(2024, RATES),
      hangMs: 100,
      answerTimeoutMs: 2000,
      clock: compressedClock(0.001),
      concurrency: 16,
      seed: 2024,
    })
    const handlers = sim.instrument({ default: async () => {} })
    const report = await sim.deliver(bodies)
    expect(report.events.size).toBeGreaterThanOrEqual(3000)
    expectExactlyOnce(report)
    expectEveryFailureReported(report, failures)
    // The run did meet every kind of fault, and Meta had to retry.
    for (const f of ['throw', 'reject', 'hang', 'hang-reject', 'duplicate', 'lost-answer', 'redeliver'] as const)
      expect(report.injected[f], f).toBeGreaterThan(0)
    expect(report.retries).toBeGreaterThan(100)
  })

  it('holds when Meta times out before the app answers (timeoutMs above answerTimeoutMs)', async () => {
    const bodies = distinctBodies({ bodies: 60, seed: 77 })
    const { options, failures } = app({ timeoutMs: 150 })
    const sim = createSimulator({
      secret: SECRET,
      target: (r) => handleWebhook(r, { ...options, handlers }),
      faults: randomFaults(77, { hang: 0.05, hangReject: 0.05, throw: 0.05 }),
      hangMs: 200,
      answerTimeoutMs: 60,
      clock: compressedClock(0.001),
    })
    const handlers = sim.instrument({ default: () => {} })
    const report = await sim.deliver(bodies)
    expect(report.answers.timeout).toBeGreaterThan(0)
    expectExactlyOnce(report)
    expectEveryFailureReported(report, failures)
  })

  it('holds in waitUntil mode under every delivery fault (handlers that do not fail)', async () => {
    const bodies = distinctBodies({ bodies: 100, seed: 9 })
    const { options, failures } = app({ waitUntil: () => {} })
    const sim = createSimulator({
      secret: SECRET,
      target: (r) => handleWebhook(r, { ...options, handlers }),
      faults: randomFaults(9, { duplicate: 0.1, lostAnswer: 0.1, redeliver: 0.1 }),
      clock: compressedClock(0.001),
    })
    const handlers = sim.instrument({ default: () => new Promise((resolve) => setTimeout(resolve, 1)) })
    const report = await sim.deliver(bodies)
    expectExactlyOnce(report)
    expect(failures).toEqual([])
  })

  const handlerFault = fc.constantFrom<HandlerFault>('none', 'throw', 'reject', 'hang', 'hang-reject')
  const deliveryFault = fc.constantFrom<DeliveryFault>('none', 'duplicate', 'lost-answer', 'redeliver')
  const rate = fc.double({ min: 0, max: 0.12, noNaN: true })
  /** Every schedule the simulator can produce: a seeded PRNG with any rates, or any explicit script. */
  const schedule = fc.oneof(
    fc.record({
      kind: fc.constant('random' as const),
      seed: fc.integer(),
      rates: fc.record({
        throw: rate,
        reject: rate,
        hang: rate,
        hangReject: rate,
        duplicate: rate,
        lostAnswer: rate,
        redeliver: rate,
      }),
    }),
    fc.record({
      kind: fc.constant('script' as const),
      handler: fc.array(fc.array(handlerFault, { maxLength: 3 }), { maxLength: 40 }),
      delivery: fc.array(fc.array(deliveryFault, { maxLength: 3 }), { maxLength: 12 }),
    }),
  )

  it('law: for any fault schedule, every event is handled exactly once and every failure reported', async () => {
    await fc.assert(
      fc.asyncProperty(
        schedule,
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 6 }),
        async (s, bodySeed, concurrency) => {
          const bodies = distinctBodies({ bodies: 10, seed: bodySeed, maxEntries: 2, maxItemsPerEntry: 3 })
          const keys = bodies.flatMap((b) => {
            const r = parseWebhook(JSON.stringify(b))
            return r.ok ? r.value.events.map(eventKey) : []
          })
          const faults =
            s.kind === 'random'
              ? randomFaults(s.seed, s.rates)
              : scriptedFaults({
                  handler: Object.fromEntries(keys.map((k, i) => [k, s.handler[i] ?? []])),
                  delivery: s.delivery,
                })
          const { options, failures } = app({ timeoutMs: 20 })
          const sim = createSimulator({
            secret: SECRET,
            target: (r) => handleWebhook(r, { ...options, handlers }),
            faults,
            hangMs: 45,
            answerTimeoutMs: 2000,
            // Meta never gives up within the run: every event has its chance.
            retry: { delaysMs: Array.from({ length: 400 }, () => 10_000) },
            clock: compressedClock(0.0005),
            concurrency,
            seed: bodySeed,
          })
          const handlers = sim.instrument({ default: () => {} })
          const report = await sim.deliver(bodies)
          expectExactlyOnce(report)
          expectEveryFailureReported(report, failures)
        },
      ),
      lawRuns(20),
    )
  })
})
