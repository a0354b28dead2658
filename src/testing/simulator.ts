/**
 * A Meta delivery simulator: delivers signed webhook bodies to your app the way Meta does (retries
 * on any answer but 200 and on timeouts, with Meta's back-off on a compressed clock; duplicate
 * deliveries; bodies out of order; the same events again in another batch) while handlers fail on
 * a fault schedule, and counts, per `eventKey`, how many times each event's handler succeeded.
 * Exactly-once handling is every expected event at 1: none lost (0), none handled twice (2+).
 *
 * How it learns that a handler succeeded: {@link Simulator.instrument} wraps your handlers. Each
 * call is given the fault the schedule picks for it (throw, reject, hang past the timeout…) and,
 * when your handler resolves, counts one success for the event's key. The success is counted
 * before the wrapped handler resolves, so before `handleWebhook` commits the key: a crash between
 * the two shows up as a second success, never as a lost one. An app in another process counts
 * its own successes and sends them over ({@link SimulatorOptions.onSuccess} there,
 * {@link Simulator.recordSuccess} here).
 */
import * as fc from 'fast-check'
import { eventKey } from '../event-key.js'
import type { EventType, WebhookEvent } from '../events/index.js'
import type { Handlers } from '../http/route.js'
import { parseWebhook } from '../parse.js'
import { signPayload } from '../verify/web.js'
import { type BodyOptions, webhookBody } from './arbitraries.js'

/**
 * A fault injected into one call of an instrumented handler, before your handler runs:
 * - `none`: your handler runs;
 * - `throw`: the call throws synchronously; `reject`: it returns a rejected promise;
 * - `hang`: it waits `hangMs` (past your `timeoutMs`), then runs your handler: a handler that
 *   times out and still succeeds later;
 * - `hang-reject`: it waits `hangMs`, then rejects: a handler that times out and then fails.
 *
 * @example
 * ```ts
 * import type { HandlerFault } from 'messenger-webhooks/testing'
 * const faults: HandlerFault[] = ['throw', 'none']
 * ```
 * @category testing
 * @since 0.1.0
 */
export type HandlerFault = 'none' | 'throw' | 'reject' | 'hang' | 'hang-reject'

/**
 * A fault in one delivery attempt, on Meta's side or the network's:
 * - `none`: the body is sent once;
 * - `duplicate`: the body is sent twice at once (two concurrent requests);
 * - `lost-answer`: the app answers, but the answer never reaches Meta: a timeout, retried;
 * - `redeliver`: besides this attempt, Meta sends the same events again later, as another
 *   notification and another batch (entries in another order, another `entry.time`).
 *
 * @example
 * ```ts
 * import type { DeliveryFault } from 'messenger-webhooks/testing'
 * const f: DeliveryFault = 'duplicate'
 * ```
 * @category testing
 * @since 0.1.0
 */
export type DeliveryFault = 'none' | 'duplicate' | 'lost-answer' | 'redeliver'

/**
 * One call of an instrumented handler, as a {@link FaultSchedule} sees it.
 *
 * @example
 * ```ts
 * import type { HandlerCall } from 'messenger-webhooks/testing'
 * const first = (c: HandlerCall) => c.call === 1
 * ```
 * @category testing
 * @since 0.1.0
 */
export interface HandlerCall {
  /** The event's `eventKey`. */
  readonly key: string
  readonly type: EventType
  /** 1 for the first call for this key in this simulator, 2 for the next… */
  readonly call: number
}

/**
 * One delivery attempt, as a {@link FaultSchedule} sees it.
 *
 * @example
 * ```ts
 * import type { DeliveryAttempt } from 'messenger-webhooks/testing'
 * const firstTry = (a: DeliveryAttempt) => a.attempt === 1 && a.copy === 0
 * ```
 * @category testing
 * @since 0.1.0
 */
export interface DeliveryAttempt {
  /** The index of the body in the list given to `deliver`. */
  readonly body: number
  /** 0 for the body itself, 1 and up for the copies a `redeliver` fault sent. */
  readonly copy: number
  /** 1 for the first attempt of this notification, 2 for the first retry… */
  readonly attempt: number
}

/**
 * Which fault each handler call and each delivery attempt gets. Build one with
 * {@link randomFaults} (a seeded PRNG) or {@link scriptedFaults} (an explicit list), or write
 * the two functions yourself.
 *
 * @example
 * ```ts
 * import type { FaultSchedule } from 'messenger-webhooks/testing'
 * // Every event fails on its first call, then succeeds.
 * const schedule: FaultSchedule = { handler: ({ call }) => (call === 1 ? 'throw' : 'none') }
 * ```
 * @category testing
 * @since 0.1.0
 */
export interface FaultSchedule {
  /** The fault of one call of an instrumented handler. Default `none`. */
  handler?(call: HandlerCall): HandlerFault
  /** The fault of one delivery attempt. Default `none`. */
  delivery?(attempt: DeliveryAttempt): DeliveryFault
}

/**
 * The probability (0 to 1) of each fault in {@link randomFaults}. Handler faults are drawn per
 * call, delivery faults per attempt; each defaults to 0.
 *
 * @example
 * ```ts
 * import type { FaultRates } from 'messenger-webhooks/testing'
 * const rates: FaultRates = { throw: 0.05, reject: 0.05, hang: 0.01, duplicate: 0.02 }
 * ```
 * @category testing
 * @since 0.1.0
 */
export interface FaultRates {
  readonly throw?: number
  readonly reject?: number
  readonly hang?: number
  readonly hangReject?: number
  readonly duplicate?: number
  readonly lostAnswer?: number
  readonly redeliver?: number
}

/** A 32-bit hash of the seed and the parts (FNV-1a, then a murmur3 finaliser). */
function hash32(seed: number, ...parts: (string | number)[]): number {
  let h = (0x811c9dc5 ^ seed) >>> 0
  for (const part of parts) {
    const s = `${part}\u0000`
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b) >>> 0
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35) >>> 0
  return (h ^ (h >>> 16)) >>> 0
}

/** A number in [0, 1) fixed by the seed and the parts. */
const uniform = (seed: number, ...parts: (string | number)[]) => hash32(seed, ...parts) / 4294967296

/** Picks the fault whose cumulative rate `u` falls under, or `none`. */
function pick<F extends string>(u: number, choices: readonly (readonly [F, number | undefined])[]): F | 'none' {
  let sum = 0
  for (const [fault, rate] of choices) {
    sum += typeof rate === 'number' && Number.isFinite(rate) && rate > 0 ? rate : 0
    if (u < sum) return fault
  }
  return 'none'
}

/**
 * A fault schedule drawn from a seeded PRNG. Each draw depends only on the seed and on what it
 * is for (the event's key and call number, the body's index, copy and attempt), not on timing,
 * so a run is reproducible whatever order the requests race in.
 *
 * @example
 * ```ts
 * import { randomFaults } from 'messenger-webhooks/testing'
 * const faults = randomFaults(42, { throw: 0.05, reject: 0.05, hang: 0.01, duplicate: 0.02, lostAnswer: 0.01 })
 * ```
 * @category testing
 * @since 0.1.0
 */
export function randomFaults(seed: number, rates: FaultRates): FaultSchedule {
  const handlerChoices = [
    ['throw', rates.throw],
    ['reject', rates.reject],
    ['hang', rates.hang],
    ['hang-reject', rates.hangReject],
  ] as const
  const deliveryChoices = [
    ['duplicate', rates.duplicate],
    ['lost-answer', rates.lostAnswer],
    ['redeliver', rates.redeliver],
  ] as const
  return {
    handler: ({ key, call }) => pick(uniform(seed, 'handler', key, call), handlerChoices),
    delivery: ({ body, copy, attempt }) => pick(uniform(seed, 'delivery', body, copy, attempt), deliveryChoices),
  }
}

/**
 * An explicit fault schedule: per event key, the faults of its first calls, in order; per body
 * index, the faults of the first attempts of the body itself (its redelivered copies get none, so
 * that a script always ends). Calls and attempts past a list get `none`.
 *
 * @example
 * ```ts
 * import { scriptedFaults } from 'messenger-webhooks/testing'
 * const faults = scriptedFaults({
 *   handler: { 'messenger:1:messaging:message:m_1': ['throw', 'hang'] },
 *   delivery: [['duplicate'], ['lost-answer', 'redeliver']],
 * })
 * ```
 * @category testing
 * @since 0.1.0
 */
export function scriptedFaults(script: {
  readonly handler?: Readonly<Record<string, readonly HandlerFault[]>>
  readonly delivery?: readonly (readonly DeliveryFault[] | undefined)[]
}): FaultSchedule {
  const handler = new Map(Object.entries(script.handler ?? {}))
  const delivery = script.delivery ?? []
  return {
    handler: ({ key, call }) => handler.get(key)?.[call - 1] ?? 'none',
    delivery: ({ body, copy, attempt }) => (copy === 0 ? (delivery[body]?.[attempt - 1] ?? 'none') : 'none'),
  }
}

/**
 * When Meta retries a notification that was not answered 200 in time.
 *
 * @example
 * ```ts
 * import type { RetryPolicy } from 'messenger-webhooks/testing'
 * // Five retries, a minute apart (Meta time), then give up.
 * const policy: RetryPolicy = { delaysMs: [60_000, 60_000, 60_000, 60_000, 60_000] }
 * ```
 * @category testing
 * @since 0.1.0
 */
export interface RetryPolicy {
  /** Meta ms to wait before each retry, in order. When none is left, Meta gives the notification up. */
  readonly delaysMs: readonly number[]
}

const MINUTE = 60_000

/**
 * Meta's retry policies, as documented (docs/reference.md#responses-retries-and-batching):
 * - `messenger`: a failed notification is retried "immediately, a few times" (here three times),
 *   then, as the simulator's assumption, at doubling intervals from a minute, for an hour in all
 *   (after an hour of failures Meta disables the webhook);
 * - `graph` (other Graph objects, Instagram): one immediate retry, then less and less often
 *   (doubling from a minute) for about 34 of the documented 36 hours.
 *
 * @example
 * ```ts
 * import { META_RETRY } from 'messenger-webhooks/testing'
 * META_RETRY.graph.delaysMs.length // 12 retries
 * ```
 * @category testing
 * @since 0.1.0
 */
export const META_RETRY: { readonly messenger: RetryPolicy; readonly graph: RetryPolicy } = {
  messenger: { delaysMs: [0, 0, 0, MINUTE, 2 * MINUTE, 4 * MINUTE, 8 * MINUTE, 16 * MINUTE, 29 * MINUTE] },
  graph: { delaysMs: [0, ...Array.from({ length: 11 }, (_, i) => 2 ** i * MINUTE)] },
}

/**
 * The clock of Meta's side of a simulation: back-off delays are waited on it, in Meta ms.
 *
 * @example
 * ```ts
 * import type { SimulatorClock } from 'messenger-webhooks/testing'
 * let t = 0
 * const instant: SimulatorClock = { now: () => t, sleep: async (ms) => { t += ms } }
 * ```
 * @category testing
 * @since 0.1.0
 */
export interface SimulatorClock {
  /** Meta time, in ms. */
  now(): number
  /** Resolves after `ms` of Meta time. */
  sleep(ms: number): Promise<void>
}

/**
 * A clock on which Meta's time runs `1 / scale` times faster than real time: with the default
 * `scale` of 0.0001, a minute of back-off takes 6 real ms and Messenger's hour of retries 360 ms.
 * Your app still runs in real time (its timeouts, leases and the hangs the schedule injects).
 *
 * @example
 * ```ts
 * import { compressedClock } from 'messenger-webhooks/testing'
 * const clock = compressedClock(0.001) // an hour of Meta time in 3.6 s
 * ```
 * @category testing
 * @since 0.1.0
 */
export function compressedClock(scale = 0.0001): SimulatorClock {
  const s = typeof scale === 'number' && Number.isFinite(scale) && scale > 0 ? scale : 0.0001
  const start = Date.now()
  return {
    now: () => (Date.now() - start) / s,
    sleep: (ms) => sleepReal(Math.max(0, ms) * s),
  }
}

const sleepReal = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Where the simulator delivers: a `handleWebhook`-like function, or the URL of a running server.
 *
 * @example
 * ```ts
 * import { handleWebhook } from 'messenger-webhooks'
 * import type { SimulatorTarget } from 'messenger-webhooks/testing'
 * const target: SimulatorTarget = (request) => handleWebhook(request, { secret: 's', handlers: {} })
 * ```
 * @category testing
 * @since 0.1.0
 */
export type SimulatorTarget = ((request: Request) => Promise<Response> | Response) | string | URL

/**
 * A body to deliver: an object (sent as its JSON), or the exact text or bytes to sign and send.
 *
 * @example
 * ```ts
 * import type { SimulatorBody } from 'messenger-webhooks/testing'
 * const b: SimulatorBody = { object: 'page', entry: [] }
 * ```
 * @category testing
 * @since 0.1.0
 */
export type SimulatorBody = string | Uint8Array | { readonly object: string; readonly entry: readonly unknown[] }

/**
 * Options of {@link createSimulator}.
 *
 * @example
 * ```ts
 * import { compressedClock, randomFaults, type SimulatorOptions } from 'messenger-webhooks/testing'
 * const options: SimulatorOptions = {
 *   secret: 'test-secret',
 *   target: 'http://127.0.0.1:3000/webhook',
 *   retry: 'messenger',
 *   faults: randomFaults(1, { throw: 0.05, duplicate: 0.02 }),
 *   clock: compressedClock(0.001),
 * }
 * ```
 * @category testing
 * @since 0.1.0
 */
export interface SimulatorOptions {
  /** The app secret the bodies are signed with, as Meta signs them (both signature headers). */
  readonly secret?: string
  /** Signs instead of `secret`: the headers to add for a body (a rotated or a wrong secret, say). */
  readonly sign?: (body: Uint8Array) => Promise<Record<string, string>> | Record<string, string>
  /** Where to deliver. Needed by `deliver` only (a simulator that only instruments needs none). */
  readonly target?: SimulatorTarget
  /** The URL of the requests built for a function target. Default `https://simulator.invalid/webhook`. */
  readonly url?: string
  /** Meta's retry policy: `messenger` (default), `graph` ({@link META_RETRY}), or your own. */
  readonly retry?: 'messenger' | 'graph' | RetryPolicy
  /** The faults. Default none: every call runs your handler, every attempt is sent once. */
  readonly faults?: FaultSchedule
  /** Send the bodies in a shuffled order (Meta does not promise order across requests). Default `true`. */
  readonly reorder?: boolean
  /** Seed of the shuffle and of the delays before redelivered copies. Default 1. */
  readonly seed?: number
  /** Requests in flight at once. Default 8. */
  readonly concurrency?: number
  /**
   * How long Meta waits for an answer, in real ms (your app runs in real time). Default 5,000:
   * Messenger's limit. A later answer counts as a timeout, and the body is retried.
   */
  readonly answerTimeoutMs?: number
  /** Meta's clock. Default `compressedClock(0.0001)`: an hour of back-off in 360 real ms. */
  readonly clock?: SimulatorClock
  /** How long an injected hang lasts, in real ms: longer than your `timeoutMs`. Default 4,500. */
  readonly hangMs?: number
  /**
   * Which events the app is expected to handle (the others are neither lost nor counted). Default:
   * the tags of the instrumented handlers (every tag with `default`), or every event when nothing
   * is instrumented here (an app in another process).
   */
  readonly expect?: readonly EventType[] | ((event: WebhookEvent) => boolean)
  /**
   * Called when an instrumented handler succeeded, and awaited before the wrapper resolves (so
   * before the store commits): in an app in another process, send the key to the simulator there.
   */
  readonly onSuccess?: (key: string, event: WebhookEvent) => unknown
  /** How long `deliver` waits at the end for answers and handlers still running, in real ms. Default 10,000. */
  readonly settleMs?: number
}

/**
 * What the simulator knows of one event.
 *
 * @example
 * ```ts
 * import type { EventTally } from 'messenger-webhooks/testing'
 * const once = (t: EventTally) => t.successes === 1
 * ```
 * @category testing
 * @since 0.1.0
 */
export interface EventTally {
  readonly key: string
  /** Its tag, or `unknown` for a success recorded for a key no delivered body has. */
  readonly type: string
  /** Whether the app is expected to handle it (see {@link SimulatorOptions.expect}). */
  readonly expected: boolean
  /** How many times a handler succeeded for it: 1 is exactly once. */
  readonly successes: number
  /** How many times an instrumented handler was called for it. */
  readonly calls: number
  /** The faults injected into its calls, in order (`none` left out). */
  readonly faults: readonly HandlerFault[]
}

/**
 * The outcome of a simulation, cumulative over every `deliver` of the simulator.
 *
 * @example
 * ```ts
 * import type { SimulationReport } from 'messenger-webhooks/testing'
 * const summary = (r: SimulationReport) => `${r.lost.length} lost, ${r.duplicates.length} handled twice`
 * ```
 * @category testing
 * @since 0.1.0
 */
export interface SimulationReport {
  /** Every event of every delivered body, and every key a success was recorded for, by key. */
  readonly events: ReadonlyMap<string, EventTally>
  /** Bodies given to `deliver`. */
  readonly bodies: number
  /** Notifications: bodies, plus the copies `redeliver` faults sent. */
  readonly notifications: number
  /** Requests sent, duplicates included. */
  readonly deliveries: number
  /** Attempts after a failed one. */
  readonly retries: number
  /** Notifications Meta gave up on (its retry policy ran out): their events may be lost. */
  readonly giveUps: number
  /**
   * Requests by outcome: the status (`200`, `500`…), `timeout` or `error` (no answer at all);
   * and `lost-answer` for the answers a fault threw away (counted under their status too).
   */
  readonly answers: Readonly<Record<string, number>>
  /** Faults injected, by kind. */
  readonly injected: Readonly<Partial<Record<HandlerFault | DeliveryFault, number>>>
  /** Expected events no handler succeeded for. */
  readonly lost: readonly string[]
  /** Events a handler succeeded for more than once. */
  readonly duplicates: readonly string[]
  /** No event lost, none handled twice. */
  readonly exactlyOnce: boolean
  /** Redelivered copies whose events got other keys than the original's (`eventKey` unstable: should be 0). */
  readonly keyMismatches: number
  /** The longest stretch of Meta time with failed answers and no 200 (Messenger disables a webhook after an hour). */
  readonly longestFailingMs: number
  /** Meta time the deliveries took, in ms. */
  readonly elapsedMs: number
}

/**
 * A simulator made by {@link createSimulator}.
 *
 * @example
 * ```ts
 * import { handleWebhook } from 'messenger-webhooks'
 * import { createSimulator, distinctBodies } from 'messenger-webhooks/testing'
 * const sim = createSimulator({ secret: 's', target: (r) => handleWebhook(r, { secret: 's', handlers }) })
 * const handlers = sim.instrument({ message: async () => {} })
 * const report = await sim.deliver(distinctBodies({ bodies: 10 }))
 * ```
 * @category testing
 * @since 0.1.0
 */
export interface Simulator {
  /**
   * Wraps handlers (the `handlers` of `handleWebhook`): each call gets its scheduled fault, and a
   * call whose handler resolves counts one success for the event's key. Instrument before the
   * first delivery; the tags given are the events the app is expected to handle.
   */
  instrument<H extends Handlers>(handlers: H): H
  /** Counts one success for `key`: for handlers that run elsewhere (another process). */
  recordSuccess(key: string): void
  /** Delivers the bodies as Meta would, and resolves, once every notification is settled, to the report. */
  deliver(bodies: readonly SimulatorBody[]): Promise<SimulationReport>
  /** The report so far. */
  report(): SimulationReport
}

/**
 * The error an injected `throw`, `reject` or `hang-reject` fault fails with: tell it from your
 * handlers' own failures in `onError` by its `name`, `fault` and `key`.
 *
 * @example
 * ```ts
 * import { SimulatedFault } from 'messenger-webhooks/testing'
 * const injected = (e: unknown) => e instanceof SimulatedFault
 * ```
 * @category testing
 * @since 0.1.0
 */
export class SimulatedFault extends Error {
  override readonly name = 'SimulatedFault'
  constructor(
    readonly fault: HandlerFault,
    readonly key: string,
  ) {
    super(`simulated ${fault} for ${key}`)
  }
}

interface Tally {
  type: string
  expected: boolean
  successes: number
  calls: number
  faults: HandlerFault[]
}

interface Prepared {
  readonly bytes: Uint8Array
  readonly events: readonly WebhookEvent[]
}

/** At most `n` requests at once; the others wait their turn, first come first served. */
function limiter(n: number) {
  let active = 0
  const waiting: (() => void)[] = []
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((resolve) => waiting.push(resolve))
    else active++
    try {
      return await work()
    } finally {
      const next = waiting.shift()
      if (next !== undefined) next()
      else active--
    }
  }
}

/** The bytes of a body: objects as JSON, text as UTF-8, bytes as they are. */
function toBytes(body: SimulatorBody): Uint8Array {
  if (body instanceof Uint8Array) return body
  return new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body))
}

/** The same events in another batch: entries in reverse order, another `entry.time`. */
function rebatch(bytes: Uint8Array, copy: number): Uint8Array {
  try {
    const value = JSON.parse(new TextDecoder().decode(bytes)) as { entry?: unknown }
    if (!Array.isArray(value.entry)) return bytes
    const entry = value.entry
      .map((e: unknown) =>
        typeof e === 'object' && e !== null && typeof (e as { time?: unknown }).time === 'number'
          ? { ...e, time: (e as { time: number }).time + 1000 * copy }
          : e,
      )
      .reverse()
    return new TextEncoder().encode(JSON.stringify({ ...value, entry }))
  } catch {
    return bytes
  }
}

/** A seeded shuffle (Fisher-Yates over {@link uniform}). */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(uniform(seed, 'shuffle', i) * (i + 1))
    ;[out[i], out[j]] = [out[j] as T, out[i] as T]
  }
  return out
}

const count = <K extends string>(record: Partial<Record<K, number>>, key: K) => {
  record[key] = (record[key] ?? 0) + 1
}

/**
 * Creates a Meta delivery simulator. Instrument your handlers with it, build your app over them,
 * and `deliver` bodies: the report says, per `eventKey`, how many times each event was handled,
 * and lists the lost ones (0) and the duplicates (2 or more), with the deliveries, retries and
 * give-ups it took.
 *
 * What it does as Meta does: signs each body (both signature headers); sends the bodies in a
 * shuffled order, `concurrency` at a time; retries a notification on any answer but 200, on no
 * answer within `answerTimeoutMs` and on a network error, with the back-off of `retry` on the
 * compressed `clock`, and gives it up when the policy runs out. The fault schedule adds handler
 * failures (throw, reject, hang past the timeout), duplicate requests, lost answers and
 * redeliveries of the same events in another batch.
 *
 * @example
 * ```ts
 * import { handleWebhook } from 'messenger-webhooks'
 * import { createSimulator, distinctBodies, randomFaults } from 'messenger-webhooks/testing'
 *
 * const sim = createSimulator({
 *   secret: 'test-secret',
 *   target: (request) => handleWebhook(request, { secret: 'test-secret', handlers, timeoutMs: 100 }),
 *   faults: randomFaults(7, { throw: 0.1, hang: 0.02, duplicate: 0.05 }),
 *   hangMs: 150,
 * })
 * const handlers = sim.instrument({ message: async (event) => console.log(event.message.text), default: () => {} })
 * const report = await sim.deliver(distinctBodies({ bodies: 100, seed: 1 }))
 * if (!report.exactlyOnce) throw new Error(`lost ${report.lost.length}, twice ${report.duplicates.length}`)
 * ```
 * @category testing
 * @since 0.1.0
 */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const positive = (v: unknown, fallback: number) =>
    typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback
  const seed = typeof options.seed === 'number' && Number.isFinite(options.seed) ? options.seed : 1
  const policy =
    typeof options.retry === 'object' && options.retry !== null
      ? options.retry
      : META_RETRY[options.retry === 'graph' ? 'graph' : 'messenger']
  const faults = options.faults ?? {}
  const clock = options.clock ?? compressedClock()
  const answerTimeoutMs = positive(options.answerTimeoutMs, 5000)
  const hangMs = positive(options.hangMs, 4500)
  const settleMs = positive(options.settleMs, 10_000)
  const concurrency = Math.max(1, Math.floor(positive(options.concurrency, 8)))
  const url = options.url ?? 'https://simulator.invalid/webhook'

  const tallies = new Map<string, Tally>()
  const instrumented = new Set<string>()
  /** Work still running after Meta stopped waiting: handlers, late answers. */
  const running = new Set<Promise<unknown>>()
  const answers: Record<string, number> = {}
  const injected: Partial<Record<HandlerFault | DeliveryFault, number>> = {}
  const stats = { bodies: 0, notifications: 0, deliveries: 0, retries: 0, giveUps: 0, keyMismatches: 0 }
  let elapsedMs = 0
  let longestFailingMs = 0

  const tally = (key: string, type = 'unknown'): Tally => {
    let t = tallies.get(key)
    if (t === undefined) {
      t = { type, expected: false, successes: 0, calls: 0, faults: [] }
      tallies.set(key, t)
    } else if (t.type === 'unknown') t.type = type
    return t
  }
  const track = <T>(p: Promise<T>): Promise<T> => {
    const settled = p.then(
      () => undefined,
      () => undefined,
    )
    running.add(settled)
    void settled.then(() => running.delete(settled))
    return p
  }
  const expects = (event: WebhookEvent): boolean => {
    const e = options.expect
    if (typeof e === 'function') return e(event) === true
    if (Array.isArray(e)) return e.includes(event.type)
    if (instrumented.size === 0) return true
    return instrumented.has('default') || instrumented.has(event.type)
  }

  const instrument = <H extends Handlers>(handlers: H): H => {
    const out: Record<string, unknown> = {}
    for (const [tag, handler] of Object.entries(handlers)) {
      if (typeof handler !== 'function') continue
      instrumented.add(tag)
      const run = handler as (event: WebhookEvent, context: unknown) => unknown
      out[tag] = (event: WebhookEvent, context: { key?: unknown } | undefined) => {
        const key = typeof context?.key === 'string' ? context.key : eventKey(event)
        const t = tally(key, event.type)
        t.calls++
        const fault = faults.handler?.({ key, type: event.type, call: t.calls }) ?? 'none'
        if (fault !== 'none') {
          t.faults.push(fault)
          count(injected, fault)
        }
        const succeed = async () => {
          const value = await run(event, context)
          t.successes++
          if (typeof options.onSuccess === 'function') await options.onSuccess(key, event)
          return value
        }
        switch (fault) {
          case 'throw':
            throw new SimulatedFault(fault, key)
          case 'reject':
            return Promise.reject(new SimulatedFault(fault, key))
          case 'hang':
            return track(sleepReal(hangMs).then(succeed))
          case 'hang-reject':
            return track(
              sleepReal(hangMs).then(() => {
                throw new SimulatedFault(fault, key)
              }),
            )
          default:
            return track(succeed())
        }
      }
    }
    return out as H
  }

  const sign = async (bytes: Uint8Array): Promise<Record<string, string>> => {
    if (typeof options.sign === 'function') return options.sign(bytes)
    if (typeof options.secret !== 'string') throw new Error('createSimulator: give a secret or a sign function')
    return { ...(await signPayload(bytes, options.secret)) }
  }

  /** One request: its outcome (`200`, another status, `timeout`, `error`). */
  const send = async (bytes: Uint8Array, headers: Record<string, string>): Promise<string> => {
    const target = options.target
    if (target === undefined) throw new Error('createSimulator: deliver needs a target')
    stats.deliveries++
    const init = { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }
    if (typeof target !== 'function') {
      try {
        const response = await fetch(target, {
          ...init,
          body: bytes as BodyInit,
          signal: AbortSignal.timeout(answerTimeoutMs),
        })
        await response.arrayBuffer().catch(() => undefined)
        return String(response.status)
      } catch (e) {
        return (e as { name?: unknown } | undefined)?.name === 'TimeoutError' ? 'timeout' : 'error'
      }
    }
    const answer = track(
      (async () => {
        const response = await target(new Request(url, { ...init, body: bytes as BodyInit }))
        await response.arrayBuffer().catch(() => undefined)
        return String(response.status)
      })(),
    )
    let timer: ReturnType<typeof setTimeout> | undefined
    const late = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), answerTimeoutMs)
    })
    try {
      return await Promise.race([answer.catch(() => 'error'), late])
    } finally {
      clearTimeout(timer)
    }
  }

  let failingSince: number | undefined
  const observe = (ok: boolean) => {
    const now = clock.now()
    if (ok) failingSince = undefined
    else {
      failingSince ??= now
      longestFailingMs = Math.max(longestFailingMs, now - failingSince)
    }
  }

  const deliver = async (bodies: readonly SimulatorBody[]): Promise<SimulationReport> => {
    const started = clock.now()
    const limit = limiter(concurrency)
    const prepared: Prepared[] = bodies.map((body) => {
      const bytes = toBytes(body)
      const parsed = parseWebhook(bytes)
      const events = parsed.ok ? parsed.value.events : []
      for (const event of events) {
        const t = tally(eventKey(event), event.type)
        if (expects(event)) t.expected = true
      }
      return { bytes, events }
    })
    stats.bodies += bodies.length
    const copies = new Map<number, number>()
    const notifications: Promise<void>[] = []

    const notify = async (index: number, copy: number, bytes: Uint8Array) => {
      stats.notifications++
      let headers: Record<string, string> | undefined
      for (let attempt = 1; ; attempt++) {
        const fault = faults.delivery?.({ body: index, copy, attempt }) ?? 'none'
        if (fault !== 'none') count(injected, fault)
        if (fault === 'redeliver') redeliver(index)
        // Signed in the request's turn, so that the requests leave in the order they queued.
        const outcomes = await limit(async () => {
          headers ??= await sign(bytes)
          const h = headers
          return fault === 'duplicate' ? Promise.all([send(bytes, h), send(bytes, h)]) : [await send(bytes, h)]
        })
        for (const o of outcomes) count(answers, o)
        if (fault === 'lost-answer') {
          count(answers, 'lost-answer')
          outcomes.length = 0
        }
        const ok = outcomes.includes('200')
        observe(ok)
        if (ok) return
        const delay = policy.delaysMs[attempt - 1]
        if (delay === undefined) {
          stats.giveUps++
          return
        }
        stats.retries++
        await clock.sleep(delay)
      }
    }

    /** Sends the body's events again, later, in another batch (at most three copies per body). */
    const redeliver = (index: number) => {
      const copy = (copies.get(index) ?? 0) + 1
      if (copy > 3) return
      copies.set(index, copy)
      const original = prepared[index] as Prepared
      const bytes = rebatch(original.bytes, copy)
      const parsed = parseWebhook(bytes)
      const keys = (parsed.ok ? parsed.value.events : []).map(eventKey).sort().join('\n')
      if (keys !== original.events.map(eventKey).sort().join('\n')) stats.keyMismatches++
      const later = clock.sleep(uniform(seed, 'redeliver', index, copy) * 10 * MINUTE)
      notifications.push(later.then(() => notify(index, copy, bytes)))
    }

    const order =
      options.reorder === false
        ? bodies.map((_, i) => i)
        : shuffle(
            bodies.map((_, i) => i),
            seed,
          )
    for (const index of order) notifications.push(notify(index, 0, (prepared[index] as Prepared).bytes))
    // Redeliveries add notifications while the first ones run: wait until none is left.
    for (let awaited = 0; awaited < notifications.length; ) {
      const end = notifications.length
      await Promise.all(notifications.slice(awaited, end))
      awaited = end
    }
    // Meta is done; let the app finish what it still runs (late answers, hung handlers).
    if (running.size > 0) {
      let timer: ReturnType<typeof setTimeout> | undefined
      await Promise.race([
        (async () => {
          while (running.size > 0) await Promise.all([...running])
        })(),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, settleMs)
        }),
      ])
      clearTimeout(timer)
    }
    elapsedMs += clock.now() - started
    return report()
  }

  const report = (): SimulationReport => {
    const events = new Map<string, EventTally>()
    const lost: string[] = []
    const duplicates: string[] = []
    for (const [key, t] of tallies) {
      events.set(key, {
        key,
        type: t.type,
        expected: t.expected,
        successes: t.successes,
        calls: t.calls,
        faults: [...t.faults],
      })
      if (t.expected && t.successes === 0) lost.push(key)
      if (t.successes > 1) duplicates.push(key)
    }
    return {
      events,
      ...stats,
      answers: { ...answers },
      injected: { ...injected },
      lost,
      duplicates,
      exactlyOnce: lost.length === 0 && duplicates.length === 0,
      longestFailingMs,
      elapsedMs,
    }
  }

  return {
    instrument,
    recordSuccess: (key) => {
      tally(key).successes++
    },
    deliver,
    report,
  }
}

/**
 * Options of {@link distinctBodies}: those of `webhookBody`, and how many bodies.
 *
 * @example
 * ```ts
 * import type { DistinctBodiesOptions } from 'messenger-webhooks/testing'
 * const o: DistinctBodiesOptions = { bodies: 300, seed: 1, maxItemsPerEntry: 6 }
 * ```
 * @category testing
 * @since 0.1.0
 */
export interface DistinctBodiesOptions extends BodyOptions {
  /** How many bodies. */
  readonly bodies: number
  /** The fast-check seed. Default 1. */
  readonly seed?: number
}

const MID_PAYLOADS = ['message', 'message_edit', 'reaction', 'postback', 'response_feedback', 'read'] as const

/**
 * Webhook bodies drawn from `webhookBody` (fixture-derived items, batched), made into distinct
 * events: each item gets its own `mid` and watermark where it has one, and, when its `eventKey`
 * would still meet another item's, an extra `x_sim_event` property. Every event of the result has
 * its own key: what a delivery simulation needs to count each event's handling.
 *
 * @example
 * ```ts
 * import { distinctBodies } from 'messenger-webhooks/testing'
 * const bodies = distinctBodies({ bodies: 300, seed: 42 }) // about 1,000 distinct events
 * ```
 * @category testing
 * @since 0.1.0
 */
export function distinctBodies(
  options: DistinctBodiesOptions,
): { readonly object: string; readonly entry: Record<string, unknown>[] }[] {
  const seed = options.seed ?? 1
  const samples = fc.sample(webhookBody(options), { numRuns: Math.max(0, Math.floor(options.bodies)), seed })
  const bodies = samples.map(
    (s) => JSON.parse(JSON.stringify(s.body)) as { object: string; entry: Record<string, unknown>[] },
  )
  let n = 0
  const prefix = `m_sim${seed}_`
  const items = (b: { entry: Record<string, unknown>[] }) =>
    b.entry.flatMap((e) =>
      ['messaging', 'standby', 'changes'].flatMap((c) =>
        Array.isArray(e[c]) ? (e[c] as Record<string, unknown>[]) : [],
      ),
    )
  for (const b of bodies) {
    for (const item of items(b)) {
      n++
      for (const k of MID_PAYLOADS) {
        const p = item[k] as Record<string, unknown> | undefined
        if (typeof p !== 'object' || p === null) continue
        if (typeof p.mid === 'string') p.mid = `${prefix}${n}`
        if (p.watermark !== undefined) p.watermark = 1_600_000_000_000 + n
      }
      const d = item.delivery as Record<string, unknown> | undefined
      if (typeof d === 'object' && d !== null) {
        if (d.watermark !== undefined) d.watermark = 1_600_000_000_000 + n
        if (Array.isArray(d.mids)) d.mids = [`${prefix}d${n}`]
      }
    }
  }
  // Any key still shared (items keyed by a digest, a read with neither watermark nor mid): mark
  // the later item, and look again.
  for (let pass = 0; pass < 5; pass++) {
    const seen = new Set<string>()
    let marked = 0
    for (const b of bodies) {
      const parsed = parseWebhook(b)
      if (!parsed.ok) continue
      for (const event of parsed.value.events) {
        const key = eventKey(event)
        if (!seen.has(key)) {
          seen.add(key)
          continue
        }
        const entry = b.entry[event.entry.index] as Record<string, unknown>
        const item = (entry[event.channel] as Record<string, unknown>[])[event.index] as Record<string, unknown>
        item.x_sim_event = ++n
        marked++
      }
    }
    if (marked === 0) return bodies
  }
  throw new Error('distinctBodies: some events keep sharing a key')
}
