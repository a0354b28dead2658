/**
 * The middle path between `is` and `validate`: a value that fails `is` only because an ID came
 * as a number or a number as a string (echo `app_id`, `sticker_id`, …) is normalised here
 * without io-ts contexts or error objects; only a real failure pays for `validate` and its
 * paths. Measured on a sticker message: ~1.4 µs through `validate`, a fraction here.
 */
import type * as t from 'io-ts'
import type { AltType, DispatchType, ListType, NullableType, RecordOfType, RefinedType, StructType } from './struct.js'
import { copyRecord, isRecord, setOwn } from './util.js'

/** Returned by {@link normalize} when the value does not decode. */
export const FAIL: unique symbol = Symbol('normalize.fail')

/** A leaf codec that can coerce its wire form without io-ts (IDs, numbers). */
export interface Coercing {
  readonly coerce: (u: unknown) => unknown
}

function passes(codec: t.Mixed, u: unknown): boolean {
  return codec.is(u)
}

function hasCoerce(codec: t.Mixed): codec is t.Mixed & Coercing {
  return typeof (codec as Partial<Coercing>).coerce === 'function'
}

/** The decoded value of `u`, or {@link FAIL}; equal to `codec.decode(u)` on success. */
export function normalize(codec: t.Mixed, u: unknown): unknown {
  if (passes(codec, u)) return u
  if (hasCoerce(codec)) {
    const n = codec.coerce(u)
    return n === undefined ? FAIL : n
  }
  // A switch on the combinators' `_tag`: cheaper than a chain of `instanceof` on this path.
  switch ((codec as { readonly _tag?: string })._tag) {
    case 'StructType':
      return normalizeStruct(codec as StructType<t.Props, t.Props>, u)
    case 'ListType':
      return normalizeList((codec as ListType<t.Mixed>).type, u)
    case 'DispatchType':
      return normalize((codec as DispatchType<t.Mixed, t.Mixed>).lookup(u), u)
    case 'AltType':
      return normalize((codec as AltType<t.Mixed, t.Mixed>).pick(u), u)
    case 'NullableType':
      return u === null ? null : normalize((codec as NullableType<t.Mixed>).type, u)
    case 'RefinedType': {
      const refined = codec as RefinedType<t.Mixed>
      const n = normalize(refined.type, u)
      return n !== FAIL && refined.predicate(n) ? n : FAIL
    }
    case 'RecordOfType': {
      if (!isRecord(u)) return FAIL
      const codomain = (codec as RecordOfType<t.Mixed>).codomain
      let out: Record<string, unknown> | undefined
      for (const k of Object.keys(u)) {
        const v = u[k]
        const n = normalize(codomain, v)
        if (n === FAIL) return FAIL
        if (n === v) continue
        if (out === undefined) out = copyRecord(u)
        setOwn(out, k, n)
      }
      return out ?? u
    }
    default: {
      const r = codec.validate(u, [])
      return r._tag === 'Right' ? r.right : FAIL
    }
  }
}

function normalizeList(element: t.Mixed, u: unknown): unknown {
  if (!Array.isArray(u)) return FAIL
  let out: unknown[] | undefined
  for (let i = 0; i < u.length; i++) {
    const v = u[i]
    const n = normalize(element, v)
    if (n === FAIL) return FAIL
    if (n === v) continue
    if (out === undefined) out = u.slice()
    out[i] = n
  }
  return out ?? u
}

function normalizeStruct(codec: StructType<t.Props, t.Props>, u: unknown): unknown {
  if (!isRecord(u)) return FAIL
  let out: Record<string, unknown> | undefined
  const { required, optional } = codec
  for (const k in required) {
    const v = u[k]
    if (v === undefined) return FAIL
    const n = normalize(required[k] as t.Mixed, v)
    if (n === FAIL) return FAIL
    if (n === v) continue
    if (out === undefined) out = codec.copy(u)
    out[k] = n
  }
  for (const k in u) {
    if (!Object.hasOwn(optional, k)) continue
    const v = u[k]
    if (v === undefined) continue
    if (v === null && !(optional[k] as t.Mixed).is(null)) {
      // `null` in an optional property reads as its absence (docs/fidelity.md#17-required-fields-what-the-decoder-insists-on).
      if (out === undefined) out = codec.copy(u)
      delete out[k]
      continue
    }
    const n = normalize(optional[k] as t.Mixed, v)
    if (n === FAIL) return FAIL
    if (n === v) continue
    if (out === undefined) out = codec.copy(u)
    out[k] = n
  }
  return out ?? u
}
