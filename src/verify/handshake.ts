/**
 * The GET verification handshake (docs/reference.md#get-verification-handshake): Meta sends
 * `hub.mode=subscribe`, `hub.verify_token` and `hub.challenge`; answer 200 with the challenge,
 * verbatim, as plain text.
 */
import { timingSafeEqualStrings } from './signature.js'

/**
 * Why a handshake was refused.
 *
 * @example
 * ```ts
 * import type { SubscriptionFailure } from 'messenger-webhooks'
 * const r: SubscriptionFailure = 'token_mismatch'
 * ```
 * @category handshake
 * @since 0.1.0
 */
export type SubscriptionFailure =
  | 'not_subscribe'
  | 'missing_token'
  | 'token_mismatch'
  | 'missing_challenge'
  | 'empty_verify_token'

/**
 * A framework-free HTTP answer: write `status`, `headers` and `body` with whatever server you use.
 * `ok` says whether the handshake succeeded; `reason` says why not.
 *
 * @example
 * ```ts
 * import { verifySubscription } from 'messenger-webhooks'
 * const r = verifySubscription(new URL(req.url ?? '/', 'http://x').searchParams, 'my-token')
 * res.writeHead(r.status, r.headers).end(r.body)
 * ```
 * @category handshake
 * @since 0.1.0
 */
export type SubscriptionResponse =
  | {
      readonly ok: true
      readonly status: 200
      readonly headers: { readonly 'content-type': string }
      readonly body: string
    }
  | {
      readonly ok: false
      readonly reason: SubscriptionFailure
      readonly status: 400 | 403 | 500
      readonly headers: { readonly 'content-type': string }
      readonly body: string
    }

/**
 * A query as `URLSearchParams`, a `URL`, or a plain object (Express `req.query`, PHP-style `hub_mode`).
 *
 * @category handshake
 * @since 0.1.0
 */
export type SubscriptionQuery =
  | URLSearchParams
  | URL
  | { readonly [key: string]: string | readonly string[] | undefined | unknown }

/** Each answer gets its own headers object: a caller that changes one changes no other. */
function textHeaders(): { 'content-type': string } {
  return { 'content-type': 'text/plain; charset=utf-8' }
}

/**
 * A parameter of the query, or `undefined` when absent. A query that throws when read (a getter,
 * a Proxy trap, a `URLSearchParams` look-alike) counts as one without the parameter.
 */
function param(query: SubscriptionQuery, name: 'mode' | 'verify_token' | 'challenge'): string | undefined {
  try {
    return readParam(query, name)
  } catch {
    return undefined
  }
}

function readParam(query: SubscriptionQuery, name: 'mode' | 'verify_token' | 'challenge'): string | undefined {
  const params = query instanceof URL ? query.searchParams : query
  const keys = [`hub.${name}`, `hub_${name}`]
  if (params instanceof URLSearchParams) {
    for (const k of keys) {
      const v = params.get(k)
      if (v !== null) return v
    }
    return undefined
  }
  if (typeof params !== 'object' || params === null) return undefined
  for (const k of keys) {
    const v = (params as Record<string, unknown>)[k]
    if (typeof v === 'string') return v
    if (Array.isArray(v) && typeof v[0] === 'string') return v[0]
  }
  // `qs` with `allowDots: true` turns `hub.mode=subscribe` into `{ hub: { mode: 'subscribe' } }`.
  const hub = (params as Record<string, unknown>).hub
  if (typeof hub === 'object' && hub !== null) {
    const v = (hub as Record<string, unknown>)[name]
    if (typeof v === 'string') return v
  }
  return undefined
}

function refuse(reason: SubscriptionFailure): SubscriptionResponse {
  const [status, body] = (
    {
      not_subscribe: [400, 'hub.mode must be "subscribe"'],
      missing_token: [403, 'hub.verify_token is missing'],
      token_mismatch: [403, 'hub.verify_token does not match'],
      missing_challenge: [400, 'hub.challenge is missing'],
      empty_verify_token: [500, 'the server has no verify token configured'],
    } as const
  )[reason]
  return { ok: false, reason, status, headers: textHeaders(), body }
}

/**
 * Constant-time string equality over UTF-16 code units, so two different lone surrogates never
 * compare equal (UTF-8 encoding would turn both into U+FFFD). The lengths may leak, the content
 * does not: equal-length strings are compared either way.
 */
function tokensEqual(a: string, b: string): boolean {
  return timingSafeEqualStrings(a, a.length === b.length ? b : a) && a.length === b.length
}

/**
 * Answers Meta's GET verification request: 200 with `hub.challenge` echoed verbatim as
 * `text/plain` when `hub.mode` is `subscribe` and `hub.verify_token` matches (compared in
 * constant time); otherwise 400/403 with the reason. An empty configured token always refuses.
 *
 * @example
 * ```ts
 * import { verifySubscription } from 'messenger-webhooks'
 * export function GET(request: Request): Response {
 *   const r = verifySubscription(new URL(request.url), process.env.VERIFY_TOKEN ?? '')
 *   return new Response(r.body, { status: r.status, headers: r.headers })
 * }
 * ```
 * @category handshake
 * @since 0.1.0
 */
export function verifySubscription(query: SubscriptionQuery, verifyToken: string): SubscriptionResponse {
  if (typeof verifyToken !== 'string' || verifyToken.length === 0) return refuse('empty_verify_token')
  if (param(query, 'mode') !== 'subscribe') return refuse('not_subscribe')
  const token = param(query, 'verify_token')
  if (token === undefined) return refuse('missing_token')
  if (!tokensEqual(token, verifyToken)) return refuse('token_mismatch')
  const challenge = param(query, 'challenge')
  if (challenge === undefined || challenge === '') return refuse('missing_challenge')
  return { ok: true, status: 200, headers: textHeaders(), body: challenge }
}
