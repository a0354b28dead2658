/**
 * Leaf codecs for Meta's loosely typed fields (docs/reference.md#ids-and-numbers-in-either-form):
 * IDs that arrive as numbers or strings, numbers that arrive as numeric strings, closed and open
 * string sets.
 */
import * as t from 'io-ts'
import type { InlineGuard } from './jit.js'
import type { Coercing } from './normalize.js'
import { describe, isRecord, safeIs } from './util.js'

/** Gives a leaf codec an inline guard expression for compiled guards (jit.ts). */
function inline<C extends t.Mixed>(codec: C, guardSource: InlineGuard['guardSource']): C & InlineGuard {
  return Object.assign(codec, { guardSource })
}

/**
 * A leaf codec that only checks (no transformation): its guard, a readable failure message,
 * and the same guard as an expression for compiled guards.
 */
function guard<A>(
  name: string,
  is: (u: unknown) => u is A,
  expected: string,
  guardSource: InlineGuard['guardSource'],
): t.Type<A, A, unknown> & InlineGuard {
  return inline(
    new t.Type<A, A, unknown>(
      name,
      is,
      (u, c) => (is(u) ? t.success(u) : t.failure(u, c, `expected ${expected}, got ${describe(u)}`)),
      t.identity,
    ),
    guardSource,
  )
}

/** Gives a leaf codec a context-free coercion for normalize.ts. */
function coercing<C extends t.Mixed>(codec: C, coerce: Coercing['coerce']): C & Coercing {
  return Object.assign(codec, { coerce })
}

const isString: InlineGuard['guardSource'] = (v) => `typeof ${v}==="string"`
const isFiniteNumber: InlineGuard['guardSource'] = (v) => `typeof ${v}==="number"&&${v}-${v}===0`

/**
 * Counts ID fields that arrived as integers beyond 2^53, whose digits `JSON.parse` already
 * rounded; `parseWebhook` reads it to decide whether to parse the text again with those
 * integers kept as strings (docs/reference.md#integer-precision).
 */
export const precision = { lostIds: 0 }

const NUMERIC = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/

/** An ID as a string: strings as they are, whole numbers in decimal; otherwise `undefined`. */
export function toId(u: unknown): string | undefined {
  if (typeof u === 'string') return u
  if (typeof u !== 'number' || !Number.isInteger(u) || u < 0) return undefined
  if (Number.isSafeInteger(u)) return String(u)
  precision.lostIds++
  return BigInt(u).toString()
}

/** A finite number from a number or a numeric string; otherwise `undefined`. */
export function toNumber(u: unknown): number | undefined {
  if (typeof u === 'number') return Number.isFinite(u) ? u : undefined
  if (typeof u === 'string' && NUMERIC.test(u.trim())) {
    // "1e999" is numeric text but no finite number.
    const n = Number(u)
    return Number.isFinite(n) ? n : undefined
  }
  return undefined
}

/**
 * An ID: a string, or (as in 2016-era payloads) a non-negative integer, always decoded to a
 * string. Integers beyond 2^53 have already lost digits in `JSON.parse`; `parseWebhook` on
 * the raw text keeps them exact (docs/reference.md#integer-precision).
 *
 * @example
 * ```ts
 * import { Id } from 'messenger-webhooks'
 * Id.decode(830113327037526) // right('830113327037526')
 * ```
 * @category codecs
 * @since 0.1.0
 */
export const Id = coercing(
  inline(
    new t.Type<string, string, unknown>(
      'Id',
      (u): u is string => typeof u === 'string',
      (u, c) => {
        const id = toId(u)
        return id !== undefined
          ? t.success(id)
          : t.failure(u, c, `expected an ID (a string or a whole number), got ${describe(u)}`)
      },
      t.identity,
    ),
    isString,
  ),
  toId,
)
/** The type the `Id` codec decodes to. @category codecs @since 0.1.0 */
export type Id = t.TypeOf<typeof Id>

/**
 * A finite number, also accepted as a numeric string (`"1527459824"`), decoded to a number.
 *
 * @example
 * ```ts
 * import { NumberLike } from 'messenger-webhooks'
 * NumberLike.decode('1527459824') // right(1527459824)
 * ```
 * @category codecs
 * @since 0.1.0
 */
export const NumberLike = coercing(
  inline(
    new t.Type<number, number, unknown>(
      'number',
      (u): u is number => typeof u === 'number' && Number.isFinite(u),
      (u, c) => {
        const n = toNumber(u)
        return n !== undefined
          ? t.success(n)
          : t.failure(u, c, `expected a number (or a numeric string), got ${describe(u)}`)
      },
      t.identity,
    ),
    isFiniteNumber,
  ),
  toNumber,
)
/** The type the `NumberLike` codec decodes to. @category codecs @since 0.1.0 */
export type NumberLike = t.TypeOf<typeof NumberLike>

/**
 * Epoch milliseconds (`timestamp`, `watermark`, messaging `entry.time`); a number or a numeric
 * string on the wire, a number after decoding.
 *
 * @example
 * ```ts
 * import { Timestamp } from 'messenger-webhooks'
 * Timestamp.decode(1718002999876) // right(1718002999876)
 * ```
 * @category codecs
 * @since 0.1.0
 */
export const Timestamp = coercing(
  inline(
    new t.Type<number, number, unknown>('Timestamp', NumberLike.is, NumberLike.validate, t.identity),
    isFiniteNumber,
  ),
  toNumber,
)
/** The type the `Timestamp` codec decodes to. @category codecs @since 0.1.0 */
export type Timestamp = t.TypeOf<typeof Timestamp>

/** A closed set of strings, checked with a `Set` (one error, listing the allowed values). */
export class OneOfType<V extends string> extends t.Type<V, V, unknown> implements InlineGuard {
  readonly _tag = 'OneOfType' as const
  readonly guardSource: InlineGuard['guardSource'] = (v) =>
    this.values.map((x) => `${v}===${JSON.stringify(x)}`).join('||')
  constructor(
    name: string,
    readonly values: readonly V[],
  ) {
    const set = new Set<unknown>(values)
    const is = (u: unknown): u is V => set.has(u)
    super(
      name,
      is,
      (u, c) =>
        is(u)
          ? t.success(u)
          : t.failure(u, c, `expected one of ${values.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(u)}`),
      t.identity,
    )
  }
}

/**
 * A closed string set, for values Meta has kept stable (`reaction.action`, `account_linking.status`).
 *
 * @example
 * ```ts
 * import { oneOf } from 'messenger-webhooks'
 * const Action = oneOf('Action', ['react', 'unreact'])
 * Action.is('react') // true
 * ```
 * @category combinators
 * @since 0.1.0
 */
export function oneOf<const V extends string>(name: string, values: readonly V[]): OneOfType<V> {
  return new OneOfType(name, values)
}

/**
 * A string whose known values are listed for autocompletion but which accepts any string
 * (an open set: referral `source`, attachment `type`, reaction names).
 *
 * @category combinators
 * @since 0.1.0
 */
export type OpenString<K extends string> = K | (string & {})

/**
 * An open string set: any string decodes; the known values only shape the static type.
 *
 * @example
 * ```ts
 * import { openString } from 'messenger-webhooks'
 * const Source = openString<'ADS' | 'SHORTLINK'>('ReferralSource')
 * Source.is('SOMETHING_NEW') // true
 * ```
 * @category combinators
 * @since 0.1.0
 */
export function openString<K extends string>(name: string): t.Type<OpenString<K>, string, unknown> {
  return inline(
    new t.Type<OpenString<K>, string, unknown>(
      name,
      (u): u is OpenString<K> => typeof u === 'string',
      (u, c) =>
        typeof u === 'string' ? t.success(u) : t.failure(u, c, `expected a string (${name}), got ${describe(u)}`),
      t.identity,
    ),
    isString,
  )
}

/**
 * An object whose content the SDK does not model (NLP output, legacy payment payloads, change
 * values): any JSON object, kept as is.
 *
 * @example
 * ```ts
 * import { Opaque } from 'messenger-webhooks'
 * Opaque.is({ anything: [1, 2] }) // true
 * ```
 * @category codecs
 * @since 0.1.0
 */
export const Opaque = guard<{ readonly [key: string]: unknown }>(
  'object',
  // Array.isArray throws on a revoked Proxy.
  safeIs(isRecord),
  'an object',
  (v) => `typeof ${v}==="object"&&${v}!==null&&!Array.isArray(${v})`,
)
/** The type the `Opaque` codec decodes to. @category codecs @since 0.1.0 */
export type Opaque = t.TypeOf<typeof Opaque>

/** A plain string (io-ts `t.string` with a readable error message). */
export const Str = guard<string>('string', (u): u is string => typeof u === 'string', 'a string', isString)

/** A boolean (io-ts `t.boolean` with a readable error message). */
export const Bool = guard<boolean>(
  'boolean',
  (u): u is boolean => typeof u === 'boolean',
  'a boolean',
  (v) => `typeof ${v}==="boolean"`,
)

/**
 * A boolean, also accepted as the string `"true"` (Chat Plugin `is_guest_user`,
 * docs/reference.md#referral), decoded to a boolean.
 *
 * @example
 * ```ts
 * import { BooleanLike } from 'messenger-webhooks'
 * BooleanLike.decode('true') // right(true)
 * ```
 * @category codecs
 * @since 0.1.0
 */
export const BooleanLike = coercing(
  inline(
    new t.Type<boolean, boolean, unknown>(
      'boolean',
      (u): u is boolean => typeof u === 'boolean',
      (u, c) =>
        typeof u === 'boolean'
          ? t.success(u)
          : u === 'true'
            ? t.success(true)
            : t.failure(u, c, `expected a boolean (or "true"), got ${describe(u)}`),
      t.identity,
    ),
    (v) => `typeof ${v}==="boolean"`,
  ),
  (u) => (typeof u === 'boolean' ? u : u === 'true' ? true : undefined),
)

/** The literal `true` (flags such as `is_echo`, `is_deleted`). */
export const True = guard<true>(
  'true',
  (u): u is true => u === true,
  'true',
  (v) => `${v}===true`,
)
