/**
 * `handleWebhook` for Fetch-standard servers (Next.js route handlers, Hono, Workers, Deno, Bun):
 * GET answers the handshake; POST reads the raw body once, verifies it, decodes it and hands the
 * events to your callback. Built over a verifier so the `node` build can use node:crypto.
 */

import type { Either } from 'fp-ts/lib/Either.js'
import { concatBytes } from './bytes.js'
import type { DecodedWebhook } from './decode.js'
import type { WebhookError } from './errors.js'
import { type DedupeStore, memoryDedupe, positive } from './http/dedupe.js'
import {
  claimBody,
  text as errorLine,
  type Handlers,
  type Report,
  reporter,
  type WebhookFailure,
} from './http/route.js'
import { parseWebhook } from './parse.js'
import { verifySubscription } from './verify/handshake.js'
import type { SignatureError, SignatureMatch, VerifyOptions } from './verify/signature.js'
import { signPayload } from './verify/web.js'

/**
 * Options of {@link handleWebhook}.
 *
 * @example
 * ```ts
 * import { handleWebhook, type HandleWebhookOptions } from 'messenger-webhooks'
 * const options: HandleWebhookOptions = {
 *   secret: process.env.APP_SECRET ?? '',
 *   verifyToken: process.env.VERIFY_TOKEN ?? '',
 *   onEvents: async (webhook) => { for (const e of webhook.events) console.log(e.type) },
 * }
 * ```
 * @category handler
 * @since 0.1.0
 */
export interface HandleWebhookOptions {
  /** The app secret, or several (newest first) while rotating. */
  readonly secret: string | readonly string[]
  /** The verify token set in the App Dashboard, for the GET handshake. Without it GET is refused (and `onError` told). */
  readonly verifyToken?: string
  /**
   * Handlers by event tag (`message`, `postback`, `reaction`, …) plus `default`; each gets the
   * event narrowed to its tag and a context (request, signature match, entry, key, abort signal).
   * Every event is claimed in `dedupe` before its handler runs, so a redelivered event runs once
   * (docs/delivery.md). Give `handlers`, `onEvents`, or both.
   */
  readonly handlers?: Handlers
  /**
   * Called with every authentic, decoded body (its `events` and its `invalid` items) and the
   * signature match (which secret and body form verified: watch `secretIndex` while rotating),
   * before the handlers. No deduplication: it sees every delivery. If it throws, rejects or
   * outlasts `timeoutMs`, the answer is 500, so Meta retries.
   */
  readonly onEvents?: (webhook: DecodedWebhook, request: Request, signature: SignatureMatch) => void | Promise<void>
  /**
   * Where handled events are remembered: default a {@link memoryDedupe} shared by every call of
   * this `handleWebhook` in the process (50,000 keys, 36 hours); {@link redisDedupe} to share it
   * across instances; `false` to run every delivery of every event.
   */
  readonly dedupe?: DedupeStore | false
  /**
   * Called for every failure: a handler that throws, rejects or times out, a failing `onEvents`,
   * `onUnusable` or `onRejected`, the store failing, an authentic item that did not decode, and a
   * configuration error. Without it, each failure is logged with `console.error` (one line and
   * the stack). Nothing fails silently.
   */
  readonly onError?: (failure: WebhookFailure) => unknown
  /**
   * The time `onEvents` and the handlers of one body have, in ms. Default 4,000: Meta expects an
   * answer within 5 seconds (Messenger webhook setup). A body is answered 200 only when every one
   * of its events is handled (now or before); otherwise 500, and Meta delivers it again.
   */
  readonly timeoutMs?: number
  /**
   * How long a claim holds while its handler runs, in ms; a claim whose process died frees up
   * after it. Default 30,000 (at least `timeoutMs`).
   */
  readonly leaseMs?: number
  /**
   * Run the handlers in the background: the `ctx.waitUntil` of Workers, `after` of Next.js,
   * Vercel's `waitUntil`. The answer is then 200 as soon as the body is verified, decoded and its
   * events claimed. Trade-off: if the process dies before a handler finishes, that event is lost
   * unless the store is durable and something re-drives its claim (docs/delivery.md).
   */
  readonly waitUntil?: (promise: Promise<unknown>) => void
  /**
   * Called when a request is refused by the signature check, with the typed error (its `hint` is
   * meant for your logs: the response body carries only the `reason`). The refusal is answered
   * without waiting for it; if it throws or rejects, the failure is logged with `console.error`
   * and the answer stays the same.
   */
  readonly onRejected?: (error: SignatureError, request: Request) => void | Promise<void>
  /**
   * Called when an authentic body cannot be decoded at all (bad JSON, no `entry`); the answer is
   * still 200, after it settles. If it throws or rejects, the failure is logged with
   * `console.error` and the answer stays 200 (a retry would bring the same unusable body).
   */
  readonly onUnusable?: (error: WebhookError, request: Request) => void | Promise<void>
  /**
   * Largest body accepted, in bytes; larger ones get 413 before any work (by `Content-Length`, or
   * while reading). Default 5 MiB. A value that is not a finite number of zero or more (`NaN` from
   * `Number(process.env.UNSET)`, a string, a negative number) falls back to the default, so a
   * missing setting never means "no limit".
   */
  readonly maxBodyBytes?: number
  /** Accept the legacy sha1 header when the sha256 one is absent. Default `false`. */
  readonly allowSha1?: boolean
  /** Decode in strict mode. Default `false`. */
  readonly strict?: boolean
}

/**
 * The function type of `handleWebhook`: a Fetch `Request` and the options in, the `Response` to
 * send out.
 *
 * @category handler
 * @since 0.1.0
 */
export type HandleWebhook = (request: Request, options: HandleWebhookOptions) => Promise<Response>

type Verify = (options: VerifyOptions) => Promise<Either<SignatureError, SignatureMatch>>

const DEFAULT_MAX = 5 * 1024 * 1024

/**
 * The answers that do not depend on the request's content, shared with the Node adapter so that
 * both answer the same request the same way.
 */
export const FIXED_ANSWERS = {
  methodNotAllowed: { status: 405, body: 'use GET (handshake) or POST (events)', allow: 'GET, POST' },
  tooLarge: { status: 413, body: 'the body is larger than maxBodyBytes' },
  failed: { status: 500, body: 'the webhook handler failed' },
} as const

/** The methods the handler serves; every other one is answered 405 with `Allow: GET, POST`. */
export function isServedMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'POST'
}

/** `maxBodyBytes`, or the default when it is missing or not a finite number of zero or more. */
export function bodyLimit(options: { readonly maxBodyBytes?: unknown } | null | undefined): number {
  const max = options?.maxBodyBytes
  return typeof max === 'number' && Number.isFinite(max) && max >= 0 ? max : DEFAULT_MAX
}

/** Whether a `Content-Length` value declares more than `max` bytes. */
export function declaresMoreThan(contentLength: string | null | undefined, max: number): boolean {
  if (contentLength === null || contentLength === undefined) return false
  const declared = Number(contentLength)
  return Number.isFinite(declared) && declared > max
}

/**
 * Runs a notification callback (a logger) so that nothing it does reaches the caller: a throw or
 * a rejection is reported once (to `onError`, or the console) and swallowed. Resolves when it
 * settles.
 */
function notify<A extends unknown[]>(
  report: Report,
  phase: 'on_rejected' | 'on_unusable',
  request: Request,
  callback: ((...args: A) => unknown) | undefined,
  ...args: A
): Promise<void> {
  const failed = (e: unknown) =>
    report({
      phase,
      message: `${phase === 'on_rejected' ? 'onRejected' : 'onUnusable'} failed: ${errorLine(e)}`,
      error: e,
      request,
    })
  try {
    const out = typeof callback === 'function' ? callback(...args) : undefined
    if (typeof (out as PromiseLike<unknown> | undefined)?.then === 'function') {
      return Promise.resolve(out).then(() => undefined, failed)
    }
  } catch (e) {
    failed(e)
  }
  return Promise.resolve()
}

/** The default `timeoutMs`: below the 5 seconds Meta gives a webhook to answer. */
export const DEFAULT_TIMEOUT_MS = 4000
/** The default `leaseMs`. */
export const DEFAULT_LEASE_MS = 30_000

function text(status: number, body: string, extra: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...extra } })
}

/** Reads the body once, stopping as soon as it passes `max` bytes. */
async function readBody(request: Request, max: number): Promise<Uint8Array | 'too_large'> {
  if (declaresMoreThan(request.headers.get('content-length'), max)) return 'too_large'
  if (request.body === null) return new Uint8Array(0)
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > max) {
      await reader.cancel().catch(() => undefined)
      return 'too_large'
    }
    chunks.push(value)
  }
  return concatBytes(chunks, size)
}

/**
 * Builds `handleWebhook` over a verifier: the package builds its own on Web Crypto (the main entry)
 * and on node:crypto (the `node` condition). Use it to wrap `verifySignature`, to count or log
 * every check, say.
 *
 * @param verify - Checks a request's signature, with the contract of `verifySignature`:
 *   `(options: VerifyOptions) => Promise<Either<SignatureError, SignatureMatch>>`.
 * @example
 * ```ts
 * import { createHandleWebhook, verifySignature } from 'messenger-webhooks'
 * let checks = 0
 * const handleWebhook = createHandleWebhook((options) => {
 *   checks++
 *   return verifySignature(options)
 * })
 * ```
 * @category handler
 * @since 0.1.0
 */
export function createHandleWebhook(verify: Verify): HandleWebhook {
  // The default store: one per handleWebhook, so that it outlives the options object a
  // Workers-style `fetch` builds on every request.
  const defaultStore = memoryDedupe()
  const handle = async (request: Request, options: HandleWebhookOptions, report: Report): Promise<Response> => {
    if (request.method === 'GET' || request.method === 'HEAD') {
      const r = verifySubscription(new URL(request.url), options.verifyToken ?? '')
      if (!r.ok && r.reason === 'empty_verify_token') {
        report({
          phase: 'config',
          message: 'a GET handshake came, and no verifyToken is configured',
          error: undefined,
          request,
        })
      }
      return text(r.status, r.body)
    }
    if (request.method !== 'POST') {
      const { status, body, allow } = FIXED_ANSWERS.methodNotAllowed
      return text(status, body, { allow })
    }
    if (request.bodyUsed || request.body?.locked === true) {
      report({
        phase: 'config',
        message: 'the request body was already read before handleWebhook: pass the untouched request',
        error: undefined,
        request,
      })
      return text(500, 'the request body was already read before handleWebhook: pass the untouched request')
    }
    let body: Uint8Array | 'too_large'
    try {
      body = await readBody(request, bodyLimit(options))
    } catch {
      // The stream failed part-way (the client went away): nothing to verify.
      return text(400, 'the request body could not be read')
    }
    if (body === 'too_large') return text(FIXED_ANSWERS.tooLarge.status, FIXED_ANSWERS.tooLarge.body)
    const verified = await verify({
      body,
      headers: request.headers,
      secret: options.secret,
      allowSha1: options.allowSha1 === true,
    })
    if (verified._tag === 'Left') {
      // The hint can describe the server's own configuration: log it, do not send it. The
      // refusal does not wait for the logger, and nothing the logger does changes it.
      void notify(report, 'on_rejected', request, options.onRejected, verified.left, request)
      return text(verified.left.status, verified.left.reason)
    }
    const handlers = options.handlers
    if (typeof options.onEvents !== 'function' && (typeof handlers !== 'object' || handlers === null)) {
      report({ phase: 'config', message: 'neither handlers nor onEvents is configured', error: undefined, request })
      return text(500, 'the webhook handler has nothing to hand the events to')
    }
    // Authentic from here on: answer 200 whatever the content, so Meta does not retry and, after
    // an hour of failures, disable the webhook (docs/reference.md#responses-retries-and-batching).
    const parsed = parseWebhook(body, { strict: options.strict === true })
    if (!parsed.ok) {
      await notify(report, 'on_unusable', request, options.onUnusable, parsed.error, request)
      return text(200, 'EVENT_RECEIVED')
    }
    const webhook = parsed.value
    for (const invalid of webhook.invalid) {
      report({ phase: 'invalid_item', message: invalid.message, error: undefined, request, invalid })
    }
    const timeoutMs = positive(options.timeoutMs, DEFAULT_TIMEOUT_MS)
    const deadline = Date.now() + timeoutMs
    let complete = true
    if (typeof options.onEvents === 'function') {
      const onEvents = options.onEvents
      const failure = await settleWithin((async () => onEvents(webhook, request, verified.right))(), deadline)
      if (failure !== undefined) {
        complete = false
        report({
          phase: 'on_events',
          message: failure.timedOut
            ? 'onEvents had not settled by timeoutMs'
            : `onEvents failed: ${errorLine(failure.error)}`,
          error: failure.error,
          request,
        })
      }
    }
    if (typeof handlers === 'object' && handlers !== null) {
      const claimed = await claimBody(
        { webhook, request, signature: verified.right },
        {
          handlers,
          dedupe: options.dedupe === false ? false : (options.dedupe ?? defaultStore),
          leaseMs: Math.max(positive(options.leaseMs, DEFAULT_LEASE_MS), timeoutMs),
          claimBy: deadline,
          report,
        },
      )
      if (!claimed.claimsComplete) complete = false
      if (typeof options.waitUntil === 'function') {
        // Background: the events are claimed; their handlers run after the answer.
        const background = new Promise<boolean>((resolve) => {
          // The handlers start when the answer has gone, with timeoutMs from then.
          setTimeout(() => resolve(claimed.run(timeoutMs)), 0)
        })
        try {
          options.waitUntil(background)
        } catch (e) {
          report({ phase: 'config', message: `waitUntil threw: ${errorLine(e)}`, error: e, request })
        }
      } else if (!(await claimed.run(deadline - Date.now()))) complete = false
    }
    return complete ? text(200, 'EVENT_RECEIVED') : text(500, 'the event handler failed')
  }
  return async (request, options) => {
    let report: Report = reporter(undefined)
    try {
      report = reporter(options?.onError)
      return await handle(request, options, report)
    } catch (e) {
      // A request or options object that throws when read, or no options at all: refuse, never
      // reject (the caller's server would otherwise answer nothing).
      report({ phase: 'config', message: `the webhook handler failed: ${errorLine(e)}`, error: e })
      return text(FIXED_ANSWERS.failed.status, FIXED_ANSWERS.failed.body)
    }
  }
}

/** Waits for `work` until `deadline`: `undefined` if it resolved in time, else why not. */
async function settleWithin(
  work: unknown,
  deadline: number,
): Promise<{ readonly timedOut: boolean; readonly error: unknown } | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), Math.max(0, deadline - Date.now()))
  })
  try {
    const outcome = await Promise.race([
      Promise.resolve(work).then(
        () => 'ok' as const,
        (e: unknown) => ({ error: e }),
      ),
      late,
    ])
    if (outcome === 'ok') return undefined
    if (outcome === 'late') return { timedOut: true, error: undefined }
    return { timedOut: false, error: outcome.error }
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Builds a signed Fetch `Request` as Meta would send it, for route tests: `POST`, JSON content
 * type, and both signature headers computed with `secret`.
 *
 * @example
 * ```ts
 * import { handleWebhook, signedRequest } from 'messenger-webhooks'
 * const request = await signedRequest('http://localhost/webhook', JSON.stringify({ object: 'page', entry: [] }), 'test-secret')
 * const response = await handleWebhook(request, { secret: 'test-secret', onEvents: () => {} })
 * ```
 * @category handler
 * @since 0.1.0
 */
export async function signedRequest(
  url: string | URL,
  body: string | Uint8Array,
  secret: string,
  init: RequestInit = {},
): Promise<Request> {
  const signature = await signPayload(body, secret)
  const headers = new Headers(init.headers)
  if (!headers.has('content-type')) headers.set('content-type', 'application/json')
  headers.set('x-hub-signature-256', signature['X-Hub-Signature-256'])
  headers.set('x-hub-signature', signature['X-Hub-Signature'])
  return new Request(url, { ...init, method: 'POST', headers, body: body as BodyInit })
}
