/**
 * Decoding straight from the request body, for users who do not use fp-ts: text or bytes in,
 * `{ ok, value }` / `{ ok, error }` out, never a throw.
 */

import { precision } from './codec/primitives.js'
import { type DecodedWebhook, type DecodeOptions, decodeStrictly, option } from './decode.js'
import type { Result, WebhookError } from './errors.js'

/**
 * Options for {@link parseWebhook}.
 *
 * @example
 * ```ts
 * import type { ParseOptions } from 'messenger-webhooks'
 * const o: ParseOptions = { strict: true, exactIntegers: false }
 * ```
 * @category decoding
 * @since 0.1.0
 */
export interface ParseOptions extends DecodeOptions {
  /**
   * Keep IDs beyond 2^53 exact (docs/reference.md#integer-precision): when an ID field of the
   * body holds an integer that `JSON.parse` rounded, the text is read again with such integers as
   * numeric strings, and each decoded ID takes its exact digits from there. Only those digits change:
   * which items are valid, every other value and `raw` are those of `JSON.parse`. Default
   * `true`; costs nothing on bodies without such IDs.
   */
  readonly exactIntegers?: boolean
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

function isBytes(u: unknown): u is Uint8Array | ArrayBuffer {
  try {
    return u instanceof Uint8Array || u instanceof ArrayBuffer
  } catch {
    // A revoked Proxy throws on `instanceof`: it is no bytes, and decodeWebhook reports it.
    return false
  }
}

/**
 * Rewrites non-negative integer literals beyond `Number.MAX_SAFE_INTEGER` (outside strings) as
 * JSON strings. A single linear scan; only run when an ID lost digits in a first parse.
 */
export function quoteUnsafeIntegers(text: string): string {
  const parts: string[] = []
  let last = 0
  let i = 0
  const n = text.length
  while (i < n) {
    const ch = text.charCodeAt(i)
    if (ch === 34 /* " */) {
      i++
      while (i < n) {
        const c = text.charCodeAt(i)
        if (c === 92 /* \ */) i += 2
        else if (c === 34) break
        else i++
      }
      i++
      continue
    }
    if (ch === 45 /* - */ || (ch >= 48 && ch <= 57)) {
      const start = i
      i++
      while (i < n) {
        const c = text.charCodeAt(i)
        if ((c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45) i++
        else break
      }
      const literal = text.slice(start, i)
      if (/^\d{16,}$/.test(literal) && !Number.isSafeInteger(Number(literal))) {
        parts.push(text.slice(last, start), `"${literal}"`)
        last = i
      }
      continue
    }
    i++
  }
  if (last === 0) return text
  parts.push(text.slice(last))
  return parts.join('')
}

function failure(reason: WebhookError['reason'], message: string): { ok: false; error: WebhookError } {
  return {
    ok: false,
    error: {
      _tag: 'WebhookError',
      reason,
      message,
      issues: [{ path: '', message }],
    },
  }
}

/**
 * Decodes a webhook from the raw request body (a string, `Uint8Array`, Node `Buffer` or
 * `ArrayBuffer`) or from an already parsed value. Bad UTF-8, bad JSON and an unusable envelope
 * are `{ ok: false, error }`; it never throws.
 *
 * @example
 * ```ts
 * import { parseWebhook } from 'messenger-webhooks'
 * const r = parseWebhook('{"object":"page","entry":[]}')
 * if (r.ok) console.log(r.value.events.length) // 0
 * else console.error(r.error.message)
 * ```
 * @category decoding
 * @since 0.1.0
 */
export function parseWebhook(body: unknown, options?: ParseOptions): Result<DecodedWebhook, WebhookError> {
  let value: unknown = body
  let text: string | undefined
  if (typeof body === 'string' || isBytes(body)) {
    if (typeof body === 'string') {
      text = body
    } else {
      try {
        text = utf8.decode(body)
      } catch {
        return failure('encoding', 'the body is not valid UTF-8')
      }
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
    try {
      value = JSON.parse(text)
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e)
      return failure('json', `the body is not valid JSON: ${detail}`)
    }
  }
  const strict = options !== undefined && option(options, 'strict') === true
  precision.lostIds = 0
  const r = decodeStrictly(value, strict)
  if (r._tag === 'Left') return { ok: false, error: r.left }
  if (precision.lostIds > 0 && text !== undefined && option(options, 'exactIntegers') !== false) {
    // The verdict is the first decode's. The quoted text would also turn a big integer in a
    // string field (or a negative ID) into an acceptable string, so it is read for digits only.
    const exact = decodeStrictly(JSON.parse(quoteUnsafeIntegers(text)), strict)
    if (exact._tag === 'Right') return { ok: true, value: withExactIds(r.right, exact.right, new Map()) }
  }
  return { ok: true, value: r.right }
}

const DIGITS = /^\d+$/

/**
 * `rounded` with every string that an ID codec made from a rounded integer replaced by its exact
 * digits from `exact` (the same decode of the quoted text): a string whose counterpart is a
 * different digit string denoting the same double. Everything else is kept, and an object is
 * copied only when something inside it changed, so shared objects stay shared.
 */
function withExactIds<T>(rounded: T, exact: unknown, seen: Map<object, unknown>): T {
  if (typeof rounded === 'string') {
    return (
      typeof exact === 'string' && exact !== rounded && DIGITS.test(exact) && Number(exact) === Number(rounded)
        ? exact
        : rounded
    ) as T
  }
  if (typeof rounded !== 'object' || rounded === null || typeof exact !== 'object' || exact === null) return rounded
  if (Array.isArray(rounded) !== Array.isArray(exact)) return rounded
  const known = seen.get(rounded)
  if (known !== undefined) return known as T
  seen.set(rounded, rounded)
  const from = rounded as Record<string, unknown>
  const to = exact as Record<string, unknown>
  let copy: Record<string, unknown> | undefined
  for (const key of Object.keys(from)) {
    if (!Object.hasOwn(to, key)) continue
    const v = withExactIds(from[key], to[key], seen)
    if (v !== from[key]) {
      copy ??= (Array.isArray(rounded) ? [...rounded] : { ...from }) as Record<string, unknown>
      copy[key] = v
    }
  }
  const out = (copy ?? rounded) as T
  seen.set(rounded, out)
  return out
}
