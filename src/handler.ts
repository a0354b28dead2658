/**
 * `handleWebhook` for Fetch-standard servers (Next.js route handlers, Hono, Workers, Deno, Bun):
 * GET answers the handshake; POST reads the raw body once, verifies it, decodes it and hands the
 * events to your callback. Built over a verifier so the `node` build can use node:crypto.
 */

import type { Either } from 'fp-ts/lib/Either.js'
import { concatBytes } from './bytes.js'
import type { DecodedWebhook } from './decode.js'
import type { WebhookError } from './errors.js'
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
  /** The verify token set in the App Dashboard, for the GET handshake. Without it GET is refused. */
  readonly verifyToken?: string
  /**
   * Called with every authentic, decoded body (its `events` and its `invalid` items) and the
   * signature match (which secret and body form verified: watch `secretIndex` while rotating).
   * If it throws or rejects, the answer is 500, so Meta retries.
   */
  readonly onEvents: (webhook: DecodedWebhook, request: Request, signature: SignatureMatch) => void | Promise<void>
  /**
   * Called when a request is refused by the signature check, with the typed error (its `hint` is
   * meant for your logs: the response body carries only the `reason`).
   */
  readonly onRejected?: (error: SignatureError, request: Request) => void
  /** Called when an authentic body cannot be decoded at all (bad JSON, no `entry`); the answer is still 200. */
  readonly onUnusable?: (error: WebhookError, request: Request) => void | Promise<void>
  /** Largest body accepted, in bytes; larger ones get 413 before any work. Default 5 MiB. */
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

const TEXT = { 'content-type': 'text/plain; charset=utf-8' }
const DEFAULT_MAX = 5 * 1024 * 1024

function text(status: number, body: string, extra: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { ...TEXT, ...extra } })
}

/** Reads the body once, stopping as soon as it passes `max` bytes. */
async function readBody(request: Request, max: number): Promise<Uint8Array | 'too_large'> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN)
  if (Number.isFinite(declared) && declared > max) return 'too_large'
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
  return async (request, options) => {
    if (request.method === 'GET' || request.method === 'HEAD') {
      const r = verifySubscription(new URL(request.url), options.verifyToken ?? '')
      return text(r.status, r.body)
    }
    if (request.method !== 'POST') return text(405, 'use GET (handshake) or POST (events)', { allow: 'GET, POST' })
    if (request.bodyUsed || request.body?.locked === true) {
      return text(500, 'the request body was already read before handleWebhook: pass the untouched request')
    }
    let body: Uint8Array | 'too_large'
    try {
      body = await readBody(request, options.maxBodyBytes ?? DEFAULT_MAX)
    } catch {
      // The stream failed part-way (the client went away): nothing to verify.
      return text(400, 'the request body could not be read')
    }
    if (body === 'too_large') return text(413, 'the body is larger than maxBodyBytes')
    const verified = await verify({
      body,
      headers: request.headers,
      secret: options.secret,
      allowSha1: options.allowSha1 === true,
    })
    if (verified._tag === 'Left') {
      // The hint can describe the server's own configuration: log it, do not send it.
      try {
        options.onRejected?.(verified.left, request)
      } catch {
        // A failing logger must not turn a refusal into something else.
      }
      return text(verified.left.status, verified.left.reason)
    }
    // Authentic from here on: answer 200 whatever the content, so Meta does not retry and, after
    // an hour of failures, disable the webhook (messenger-events.md §4.3).
    const parsed = parseWebhook(body, { strict: options.strict === true })
    try {
      if (parsed.ok) await options.onEvents(parsed.value, request, verified.right)
      else await options.onUnusable?.(parsed.error, request)
    } catch {
      return text(500, 'the event handler failed')
    }
    return text(200, 'EVENT_RECEIVED')
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
