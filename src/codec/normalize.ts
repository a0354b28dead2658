/**
 * The middle path between `is` and `validate`: a value that fails `is` only because an ID came
 * as a number or a number as a string (echo `app_id`, `sticker_id`, …) is normalised here
 * without io-ts contexts or error objects; only a real failure pays for `validate` and its
 * paths. Measured on a sticker message: ~1.4 µs through `validate`, a fraction here.
 */
import type * as t from 'io-ts'
import { compileListNormalizer, compileStructNormalizer, type NormalizerRefs } from './jit.js'
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
      return normalizerFor(codec)(u)
    case 'ListType':
      return normalizerFor(codec)(u)
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

/** Combinators whose normaliser a compiled parent calls directly, with no guard before it. */
const DIRECT = new Set(['StructType', 'ListType', 'DispatchType', 'AltType'])

const normalizers = new WeakMap<t.Mixed, (u: unknown) => unknown>()
const compiling = new Set<t.Mixed>()

/** Compiled normalisers reach nested structs and lists directly, in the same walk. */
const refs: NormalizerRefs = {
  child: normalize,
  direct: (codec) => {
    const tag = (codec as { readonly _tag?: string })._tag
    return DIRECT.has(tag as string) && !compiling.has(codec) ? normalizerFor(codec) : undefined
  },
  fail: FAIL,
}

/**
 * The one-walk normaliser of a codec: `u` itself when `u` already has the codec's type, a
 * normalised copy (IDs as strings, numbers from strings, `null` optionals dropped), or `FAIL` when
 * only `validate` can tell (it is then the judge, with paths and messages). Structs and lists get a
 * compiled function (jit.ts) that calls its children's own, so that an item with a numeric ID is
 * walked once, not guarded, failed and walked again; elsewhere the generic {@link normalize}.
 */
export function normalizerFor(codec: t.Mixed): (u: unknown) => unknown {
  let found = normalizers.get(codec)
  if (found !== undefined) return found
  const tag = (codec as { readonly _tag?: string })._tag
  compiling.add(codec)
  try {
    if (tag === 'StructType') {
      const struct = codec as StructType<t.Props, t.Props>
      found =
        compileStructNormalizer(
          Object.keys(struct.required),
          Object.values(struct.required),
          Object.keys(struct.optional),
          Object.values(struct.optional),
          refs,
        ) ?? ((v: unknown) => normalizeStruct(struct, v))
    } else if (tag === 'ListType') {
      const element = (codec as ListType<t.Mixed>).type
      found = compileListNormalizer(element, refs) ?? ((v: unknown) => normalizeList(element, v))
    } else if (tag === 'DispatchType') {
      // The member `lookup` picks, normalised by its own normaliser.
      const d = codec as DispatchType<t.Mixed, t.Mixed>
      const byMember = new Map<t.Mixed, (v: unknown) => unknown>()
      found = (v: unknown) => {
        const member = d.lookup(v)
        let f = byMember.get(member)
        if (f === undefined) {
          f = normalizerFor(member)
          byMember.set(member, f)
        }
        return f(v)
      }
    } else if (tag === 'AltType') {
      // The alternative `pick` chooses (as `validate` does), normalised by its own normaliser.
      const a = codec as AltType<t.Mixed, t.Mixed>
      const first = normalizerFor(a.first)
      const second = normalizerFor(a.second)
      found = (v: unknown) => (a.pick(v) === a.first ? first(v) : second(v))
    } else if (tag === 'RefinedType') {
      const refined = codec as RefinedType<t.Mixed>
      const inner = normalizerFor(refined.type)
      found = (v: unknown) => {
        const n = inner(v)
        return n !== FAIL && refined.predicate(n) ? n : FAIL
      }
    } else {
      found = (v: unknown) => normalize(codec, v)
    }
  } finally {
    compiling.delete(codec)
  }
  normalizers.set(codec, found)
  return found
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
