/**
 * Handling the events of one authentic body: per-tag handlers, each event claimed in the
 * deduplication store before its handler runs, committed after success and released after a
 * failure, under one deadline for the body, with every failure reported (docs/delivery.md).
 */
import type { DecodedEntry, DecodedWebhook } from '../decode.js'
import type { InvalidItem } from '../errors.js'
import { eventKey } from '../event-key.js'
import type { EventByType, EventType, WebhookEvent } from '../events/index.js'
import type { SignatureMatch } from '../verify/signature.js'
import type { Claim, DedupeStore } from './dedupe.js'

/**
 * What a handler gets beside its event.
 *
 * @example
 * ```ts
 * import type { HandlerContext } from 'messenger-webhooks'
 * const log = (ctx: HandlerContext) => console.log(ctx.key, ctx.entry.id, ctx.signature.secretIndex)
 * ```
 * @category delivery
 * @since 0.1.0
 */
export interface HandlerContext {
  /** The request the event came in. */
  readonly request: Request
  /** Which secret and body form verified the request. */
  readonly signature: SignatureMatch
  /** The entry the event belongs to (Page or Instagram account ID, time, raw entry). */
  readonly entry: DecodedEntry
  /** The whole decoded body. */
  readonly webhook: DecodedWebhook
  /** The event's {@link eventKey}. */
  readonly key: string
  /** Aborted when the body's `timeoutMs` has passed: stop work you can stop. */
  readonly signal: AbortSignal
}

/** A handler of events of tag `T`. @category delivery @since 0.1.0 */
export type EventHandler<T extends EventType> = (event: EventByType<T>, context: HandlerContext) => unknown

/**
 * Handlers keyed by event tag, plus `default` for the tags without one. Each receives the event
 * narrowed to its tag. An event whose tag has no handler and no `default` is not claimed and
 * counts as handled.
 *
 * @example
 * ```ts
 * import type { Handlers } from 'messenger-webhooks'
 * const handlers: Handlers = {
 *   message: async (event) => console.log(event.message.text),
 *   postback: async (event) => console.log(event.postback.payload),
 *   default: (event) => console.log('unhandled', event.type),
 * }
 * ```
 * @category delivery
 * @since 0.1.0
 */
export type Handlers = { readonly [T in EventType]?: EventHandler<T> } & {
  /** The handler of every event whose tag has none of its own. */
  readonly default?: (event: WebhookEvent, context: HandlerContext) => unknown
}

/**
 * Where a failure happened:
 * - `handler`: a handler threw or rejected; `timeout`: it had not settled by `timeoutMs`;
 * - `on_events`, `on_unusable`, `on_rejected`: that callback threw or rejected;
 * - `dedupe`: the deduplication store failed (the event is not run, and the answer is 500);
 * - `invalid_item`: an authentic item did not decode (it reaches no handler);
 * - `config`: the handler cannot do its job as configured (no verify token, no handlers and no
 *   `onEvents`, a body already read).
 *
 * @example
 * ```ts
 * import type { FailurePhase } from 'messenger-webhooks'
 * const p: FailurePhase = 'timeout'
 * ```
 * @category delivery
 * @since 0.1.0
 */
export type FailurePhase =
  | 'handler'
  | 'timeout'
  | 'on_events'
  | 'on_unusable'
  | 'on_rejected'
  | 'dedupe'
  | 'invalid_item'
  | 'config'

/**
 * One failure, as `onError` receives it.
 *
 * @example
 * ```ts
 * import type { WebhookFailure } from 'messenger-webhooks'
 * const onError = (f: WebhookFailure) => console.error(f.phase, f.key ?? '-', f.message)
 * ```
 * @category delivery
 * @since 0.1.0
 */
export interface WebhookFailure {
  readonly phase: FailurePhase
  /** One line: what failed and why. */
  readonly message: string
  /** What was thrown (an `Error`, usually), or `undefined` for a failure without a throw. */
  readonly error: unknown
  readonly request?: Request
  /** The event, for `handler`, `timeout` and `dedupe`. */
  readonly event?: WebhookEvent
  /** The event's key, when there is an event. */
  readonly key?: string
  /** The item, for `invalid_item`. */
  readonly invalid?: InvalidItem
}

/** Reports a failure to `onError`, or to `console.error` without one; never throws. */
export type Report = (failure: WebhookFailure) => void

/** Builds the reporter for `onError` (a failing `onError` falls back to the console). */
export function reporter(onError: ((failure: WebhookFailure) => unknown) | undefined): Report {
  const log = (f: WebhookFailure) => {
    try {
      const where = f.key !== undefined ? ` (${f.key})` : ''
      const stack = f.error instanceof Error && typeof f.error.stack === 'string' ? `\n${f.error.stack}` : ''
      console.error(`messenger-webhooks: ${f.phase}${where}: ${f.message}${stack}`)
    } catch {
      // Not even the console works: nothing more to do.
    }
  }
  if (typeof onError !== 'function') return log
  return (f) => {
    try {
      const out = onError(f)
      if (typeof (out as PromiseLike<unknown> | undefined)?.then === 'function') {
        Promise.resolve(out).then(undefined, (e) =>
          log({ phase: f.phase, message: `onError failed (${text(e)}) while reporting: ${f.message}`, error: e }),
        )
      }
    } catch (e) {
      log({ ...f, message: `onError failed (${text(e)}) while reporting: ${f.message}` })
    }
  }
}

/** The message of a thrown value, on one line. */
export function text(e: unknown): string {
  try {
    const m = e instanceof Error ? e.message : String(e)
    return m.split('\n')[0] ?? m
  } catch {
    return 'an unprintable error'
  }
}

/** How the events of one body are run. */
export interface RouteOptions {
  readonly handlers: Handlers
  readonly dedupe: DedupeStore | false
  /**
   * When the store must have answered every claim, in ms since the epoch: a store that hangs
   * (Redis down, commands queued) fails the claim instead of holding the answer past Meta's limit.
   */
  readonly claimBy: number
  /** How long a claim holds while its handler runs, in ms. */
  readonly leaseMs: number
  readonly report: Report
}

/** The request-level facts every handler context shares. */
export interface RouteInput {
  readonly webhook: DecodedWebhook
  readonly request: Request
  readonly signature: SignatureMatch
}

/** The events of one body, claimed: `run` runs their handlers; `complete` says whether the claims alone settle the body. */
export interface ClaimedBody {
  /** False when an event could not be claimed (busy elsewhere, or the store failed). */
  readonly claimsComplete: boolean
  /**
   * Runs the claimed events' handlers in order, within `timeoutMs` in all; resolves to whether
   * every one succeeded. Never rejects.
   */
  run(timeoutMs: number): Promise<boolean>
}

interface Job {
  readonly event: WebhookEvent
  readonly key: string
  readonly token: string | undefined
  readonly handler: (event: WebhookEvent, context: HandlerContext) => unknown
}

/**
 * Claims every event of the body that has a handler (in order, once per key), and returns the
 * runner. Events already done are skipped; a busy or failed claim leaves the body incomplete
 * (500: Meta delivers it again, and only the unfinished events run then).
 */
export async function claimBody(input: RouteInput, options: RouteOptions): Promise<ClaimedBody> {
  const { handlers, dedupe, report } = options
  const jobs: Job[] = []
  // Keys met earlier in this body: the same event twice in one body is one event, claimed once
  // (claiming it again would find our own claim busy and answer 500 for nothing).
  const seen = new Set<string>()
  const pending: { readonly event: WebhookEvent; readonly key: string; readonly handler: Job['handler'] }[] = []
  for (const event of input.webhook.events) {
    const handler = (handlers[event.type] ?? handlers.default) as Job['handler'] | undefined
    if (typeof handler !== 'function') continue
    const key = eventKey(event)
    if (dedupe === false) {
      jobs.push({ event, key, token: undefined, handler })
      continue
    }
    if (seen.has(key)) continue
    seen.add(key)
    pending.push({ event, key, handler })
  }
  if (dedupe === false)
    return {
      claimsComplete: true,
      run: (timeoutMs) => runJobs(input, options, jobs, Date.now() + Math.max(0, timeoutMs)),
    }
  // All claims at once: a shared store (Redis) answers them in one round trip's time, not one
  // per event; the jobs keep the order of the body.
  const claims: ({ readonly claim: Claim | undefined; readonly error: unknown } | undefined)[] = pending.map(
    () => undefined,
  )
  const answered = Promise.all(
    pending.map(({ key }, i) =>
      dedupe.claim(key, options.leaseMs).then(
        (claim) => {
          claims[i] = { claim, error: undefined }
        },
        (error: unknown) => {
          claims[i] = { claim: undefined, error }
        },
      ),
    ),
  )
  // One timer for the whole body: a store that has not answered a claim by then failed it.
  await within(answered, options.claimBy).catch(() => undefined)
  let claimsComplete = true
  for (let i = 0; i < pending.length; i++) {
    const { event, key, handler } = pending[i] as (typeof pending)[number]
    const { claim, error } = claims[i] ?? {
      claim: undefined,
      error: new Error('the store did not answer within timeoutMs'),
    }
    if (claim === undefined) {
      claimsComplete = false
      report({
        phase: 'dedupe',
        message: `claiming the event failed: ${text(error)}; not run, the answer is 500 so Meta delivers it again`,
        error,
        request: input.request,
        event,
        key,
      })
    } else if (claim.status === 'claimed') jobs.push({ event, key, token: claim.token, handler })
    else if (claim.status === 'busy') claimsComplete = false
  }
  return { claimsComplete, run: (timeoutMs) => runJobs(input, options, jobs, Date.now() + Math.max(0, timeoutMs)) }
}

const TIMED_OUT = Symbol('timed out')

/** `work`, or a rejection once `deadlineAt` has passed without it settling. */
async function within<T>(work: Promise<T>, deadlineAt: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error('the store did not answer within timeoutMs')),
      Math.max(0, deadlineAt - Date.now()),
    )
  })
  try {
    return await Promise.race([work, late])
  } finally {
    clearTimeout(timer)
  }
}

async function runJobs(
  input: RouteInput,
  options: RouteOptions,
  jobs: readonly Job[],
  deadlineAt: number,
): Promise<boolean> {
  const { dedupe, report } = options
  const controller = new AbortController()
  const remaining = () => deadlineAt - Date.now()
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(
      () => {
        controller.abort(new Error('timeoutMs passed'))
        resolve(TIMED_OUT)
      },
      Math.max(0, remaining()),
    )
  })
  const entries = new Map(input.webhook.entries.map((e) => [e.index, e]))
  const settle = async (job: Job, ok: boolean) => {
    if (dedupe === false || job.token === undefined) return
    try {
      if (ok) await dedupe.commit(job.key, job.token)
      else await dedupe.release(job.key, job.token)
    } catch (e) {
      report({
        phase: 'dedupe',
        message: `${ok ? 'committing' : 'releasing'} the event failed: ${text(e)}`,
        error: e,
        request: input.request,
        event: job.event,
        key: job.key,
      })
    }
  }
  let allOk = true
  // Commits and releases go to the store while the next handlers run; all are awaited at the end.
  const settling: Promise<void>[] = []
  try {
    for (const job of jobs) {
      if (controller.signal.aborted) {
        // Not started before the deadline: give the claim back, so the redelivery runs it.
        allOk = false
        settling.push(settle(job, false))
        continue
      }
      const context: HandlerContext = {
        request: input.request,
        signature: input.signature,
        entry: entries.get(job.event.entry.index) as DecodedEntry,
        webhook: input.webhook,
        key: job.key,
        signal: controller.signal,
      }
      // A handler that returns without a promise is done: no race, no microtask.
      let result: unknown
      try {
        result = job.handler(job.event, context)
      } catch (e) {
        result = Promise.reject(e)
      }
      if (typeof (result as PromiseLike<unknown> | undefined)?.then !== 'function') {
        settling.push(settle(job, true))
        continue
      }
      const running = Promise.resolve(result)
      const outcome = await Promise.race([
        running.then(
          () => true as const,
          (e: unknown) => ({ error: e }),
        ),
        deadline,
      ])
      if (outcome === true) {
        settling.push(settle(job, true))
      } else if (outcome === TIMED_OUT) {
        allOk = false
        report({
          phase: 'timeout',
          message: 'the handler had not settled by timeoutMs; its claim stays until it does (or its lease ends)',
          error: undefined,
          request: input.request,
          event: job.event,
          key: job.key,
        })
        // It may still succeed: then it is done, and a redelivery meanwhile finds it busy, never
        // runs it twice. If it fails, the claim is released for the next redelivery.
        running.then(
          () => settle(job, true),
          (e: unknown) => {
            report({
              phase: 'handler',
              message: `the handler failed after timing out: ${text(e)}`,
              error: e,
              request: input.request,
              event: job.event,
              key: job.key,
            })
            return settle(job, false)
          },
        )
      } else {
        allOk = false
        report({
          phase: 'handler',
          message: `the handler failed: ${text(outcome.error)}`,
          error: outcome.error,
          request: input.request,
          event: job.event,
          key: job.key,
        })
        settling.push(settle(job, false))
      }
    }
    await Promise.all(settling)
  } finally {
    clearTimeout(timer)
  }
  return allOk
}
