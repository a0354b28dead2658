/**
 * The codec combinators the event codecs are built from. They exist for speed and for
 * readable errors: a single-pass struct that checks each property
 * with the allocation-free `is` before falling back to `validate`, a dispatch on a string
 * field instead of a member-by-member `t.union`, and named closed/open string sets.
 * Every combinator keeps what the strict-mode walker (`strict.ts`) needs to look inside.
 */
import * as t from 'io-ts'
import { compileCopy, compileGuard, type InlineGuard, inlineCheck } from './jit.js'
import { copyRecord, describe, isRecord, safeIs, safeValidate, setOwn } from './util.js'

/** Property codecs of a struct. */
export type Props = { readonly [key: string]: t.Mixed }

type Flatten<T> = { [K in keyof T]: T[K] } & {}

/**
 * Static type of a struct: required keys, then optional keys (absent, never `undefined`).
 *
 * @category combinators
 * @since 0.1.0
 */
export type StructOf<R extends Props, O extends Props> = Flatten<
  { readonly [K in keyof R]: t.TypeOf<R[K]> } & {
    readonly [K in keyof O]?: t.TypeOf<O[K]>
  }
>
/**
 * Wire (output) type of a struct: what `encode` gives back.
 *
 * @category combinators
 * @since 0.1.0
 */
export type StructOutputOf<R extends Props, O extends Props> = Flatten<
  { readonly [K in keyof R]: t.OutputOf<R[K]> } & {
    readonly [K in keyof O]?: t.OutputOf<O[K]>
  }
>

const hasOwn = Object.prototype.hasOwnProperty

/**
 * An object codec with required and optional properties that keeps unknown properties.
 * On success it returns the input object itself unless a property codec changed a value
 * (a numeric ID turned into a string, say); then a shallow copy with the new values.
 */
export class StructType<R extends Props, O extends Props> extends t.Type<
  StructOf<R, O>,
  StructOutputOf<R, O>,
  unknown
> {
  readonly _tag = 'StructType' as const
  /** A shallow copy of an object of this struct's shapes (compiled per struct where allowed). */
  readonly copy: (u: Record<string, unknown>) => Record<string, unknown>
  constructor(
    name: string,
    readonly required: R,
    readonly optional: O,
    /** An open object (e.g. a Send-API template echoed back): strict mode does not flag its extra keys. */
    readonly open = false,
    /**
     * Optional keys that Meta documents as always present but real traffic omits
     * (docs/fidelity.md#17-required-fields-what-the-decoder-insists-on): accepted when absent,
     * reported by strict mode as "documented as required".
     */
    readonly documented: readonly (keyof O & string)[] = [],
  ) {
    const reqKeys = Object.keys(required)
    const reqCodecs = reqKeys.map((k) => required[k] as t.Mixed)
    const optKeys = Object.keys(optional)
    const optCodecs = optKeys.map((k) => optional[k] as t.Mixed)
    const allKeys = [...reqKeys, ...optKeys]
    const allCodecs = [...reqCodecs, ...optCodecs]
    const identityEncode = allCodecs.every((c) => c.encode === t.identity)
    // Optional codecs by key, in a null-prototype table so that keys such as "__proto__" or
    // "constructor" in the input never find anything.
    const optTable: Record<string, t.Mixed | undefined> = Object.create(null)
    for (let i = 0; i < optKeys.length; i++) optTable[optKeys[i] as string] = optCodecs[i]
    const hasOptional = optKeys.length > 0

    const genericIs = (u: unknown): u is StructOf<R, O> => {
      if (typeof u !== 'object' || u === null || Array.isArray(u)) return false
      const o = u as Record<string, unknown>
      for (let i = 0; i < reqKeys.length; i++) {
        const k = reqKeys[i] as string
        const v = o[k]
        if (v === undefined && !hasOwn.call(o, k)) return false
        if (!(reqCodecs[i] as t.Mixed).is(v)) return false
      }
      if (hasOptional) {
        // Walk the keys the object has, not the (often many more) optional keys it might have:
        // a miss on an absent property costs more than a table lookup (4-5x, measured).
        for (const k in o) {
          const codec = optTable[k]
          if (codec === undefined) continue
          const v = o[k]
          if (v !== undefined && !codec.is(v)) return false
        }
      }
      return true
    }
    // Compiled on first use where allowed (jit.ts); until then, and elsewhere, the generic guard.
    let fast = genericIs
    let pending = true
    const is = (u: unknown): u is StructOf<R, O> => {
      if (pending) {
        pending = false
        const compiled = compileGuard(this)
        if (compiled !== undefined) {
          fast = compiled as typeof genericIs
          ;(this as { is: typeof genericIs }).is = fast
        }
      }
      return fast(u)
    }

    super(
      name,
      safeIs((u): u is StructOf<R, O> => is(u)),
      safeValidate((u, c) => {
        // Fast path: every codec here is identity-shaped when `is` holds.
        if (is(u)) return t.success(u)
        if (!isRecord(u)) return t.failure(u, c, `expected an object (${name}), got ${describe(u)}`)
        const errors: t.ValidationError[] = []
        let out: Record<string, unknown> | undefined
        const visit = (k: string, codec: t.Mixed, v: unknown) => {
          if (codec.is(v)) return
          const result = codec.validate(v, t.appendContext(c, k, codec, v))
          if (result._tag === 'Left') {
            for (const e of result.left) errors.push(e)
          } else if (result.right !== v) {
            if (out === undefined) out = copyRecord(u)
            out[k] = result.right
          }
        }
        for (let i = 0; i < reqKeys.length; i++) {
          const k = reqKeys[i] as string
          const codec = reqCodecs[i] as t.Mixed
          const v = u[k]
          // JSON has no `undefined`: an own property holding it counts as missing.
          if (v === undefined && !codec.is(v)) {
            errors.push({
              value: undefined,
              context: t.appendContext(c, k, codec, undefined),
              message: `missing required property "${k}" (${codec.name})`,
            })
          } else {
            visit(k, codec, v)
          }
        }
        for (const k in u) {
          const codec = optTable[k]
          const v = u[k]
          if (codec === undefined || v === undefined) continue
          if (v === null && !codec.is(null)) {
            // `null` in an optional property reads as its absence (docs/fidelity.md#17-required-fields-what-the-decoder-insists-on).
            if (out === undefined) out = copyRecord(u)
            delete out[k]
          } else visit(k, codec, v)
        }
        if (errors.length > 0) return t.failures(errors)
        return t.success((out ?? u) as StructOf<R, O>)
      }),
      identityEncode
        ? t.identity
        : (a) => {
            const o = copyRecord(a as Record<string, unknown>)
            for (let i = 0; i < allKeys.length; i++) {
              const k = allKeys[i] as string
              const v = o[k]
              if (v !== undefined) o[k] = (allCodecs[i] as t.Mixed).encode(v)
            }
            return o as StructOutputOf<R, O>
          },
    )
    let copy: ((u: Record<string, unknown>) => Record<string, unknown>) | undefined
    this.copy = (u) => {
      if (copy === undefined) copy = compileCopy() ?? copyRecord
      return copy(u)
    }
  }
}

/**
 * Builds a named struct codec from required and optional property codecs. Unknown properties
 * are accepted and kept; an optional property may be absent but not `undefined`. `options.open`
 * keeps strict mode from flagging unknown keys; `options.documented` names optional keys that
 * Meta documents as always present, which strict mode reports when absent.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { struct } from 'messenger-webhooks'
 * const Reaction = struct('Reaction', { mid: t.string, action: t.string }, { emoji: t.string })
 * type Reaction = t.TypeOf<typeof Reaction> // { readonly mid: string; readonly action: string; readonly emoji?: string }
 * Reaction.is({ mid: 'm_1', action: 'react', extra: 1 }) // true
 * ```
 * @category combinators
 * @since 0.1.0
 */
export function struct<R extends Props, O extends Props = {}>(
  name: string,
  required: R,
  optional?: O,
  options?: { readonly open?: boolean; readonly documented?: readonly (keyof O & string)[] },
): StructType<R, O> {
  return new StructType(name, required, (optional ?? {}) as O, options?.open === true, options?.documented ?? [])
}

/** A codec narrowed by a predicate, with the message to report when it does not hold. */
export class RefinedType<C extends t.Mixed> extends t.Type<t.TypeOf<C>, t.OutputOf<C>, unknown> {
  readonly _tag = 'RefinedType' as const
  constructor(
    name: string,
    readonly type: C,
    readonly predicate: (a: t.TypeOf<C>) => boolean,
    message: string,
  ) {
    super(
      name,
      safeIs((u): u is t.TypeOf<C> => type.is(u) && predicate(u)),
      safeValidate((u, c) => {
        const r = type.validate(u, c)
        if (r._tag === 'Left') return r
        return predicate(r.right) ? r : t.failure(u, c, message)
      }),
      type.encode,
    )
  }
}

/**
 * Narrows a codec by a predicate; `message` explains a failure.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { refine } from 'messenger-webhooks'
 * const Watermark = refine(t.number, (n) => n > 0, 'Watermark', 'expected a positive watermark')
 * Watermark.is(1718002990000) // true
 * Watermark.decode(0)._tag // 'Left'
 * ```
 * @category combinators
 * @since 0.1.0
 */
export function refine<C extends t.Mixed>(
  type: C,
  predicate: (a: t.TypeOf<C>) => boolean,
  name: string,
  message: string,
): RefinedType<C> {
  return new RefinedType(name, type, predicate, message)
}

/**
 * An object codec that picks its member by a string field (`type` of an attachment), through a
 * null-prototype table, falling back to `fallback` for values it does not know (an open set).
 */
export class DispatchType<M extends t.Mixed, F extends t.Mixed> extends t.Type<
  t.TypeOf<M> | t.TypeOf<F>,
  t.OutputOf<M> | t.OutputOf<F>,
  unknown
> {
  readonly _tag = 'DispatchType' as const
  readonly lookup: (u: unknown) => t.Mixed
  constructor(
    name: string,
    readonly field: string,
    readonly members: { readonly [tag: string]: M },
    readonly fallback: F,
    /**
     * Whether strict mode looks inside a value that went to the fallback. `false` for an open
     * set of shapes (an attachment of a new type is not an unknown property); `true` when the
     * fallback is itself a known shape (a change with any other field is still `{ field, value }`).
     */
    readonly strictFallback = false,
  ) {
    const table = new Map<string, t.Mixed>(Object.entries(members))
    const lookup = (u: unknown): t.Mixed => {
      const tag = isRecord(u) ? u[field] : undefined
      return (typeof tag === 'string' ? table.get(tag) : undefined) ?? fallback
    }
    super(
      name,
      safeIs((u): u is t.TypeOf<M> | t.TypeOf<F> => lookup(u).is(u)),
      safeValidate((u, c) =>
        isRecord(u) ? lookup(u).validate(u, c) : t.failure(u, c, `expected an object (${name}), got ${describe(u)}`),
      ),
      (a) => lookup(a).encode(a),
    )
    this.lookup = lookup
  }
}

/**
 * An object codec that picks its member by the string in `field` (through a table, not a
 * member-by-member `t.union`), falling back to `fallback` for tags it does not know (an open set).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { dispatch, struct } from 'messenger-webhooks'
 * const Image = struct('Image', { type: t.literal('image'), payload: struct('Media', { url: t.string }) })
 * const Other = struct('Other', { type: t.string })
 * const Attachment = dispatch('Attachment', 'type', { image: Image }, Other)
 * Attachment.is({ type: 'image', payload: { url: 'https://example.com/a.jpg' } }) // true
 * Attachment.is({ type: 'image' }) // false: an image needs a payload
 * Attachment.is({ type: 'hologram' }) // true, through the fallback
 * ```
 * @category combinators
 * @since 0.1.0
 */
export function dispatch<M extends t.Mixed, F extends t.Mixed>(
  name: string,
  field: string,
  members: { readonly [tag: string]: M },
  fallback: F,
  options?: { readonly strictFallback?: boolean },
): DispatchType<M, F> {
  return new DispatchType(name, field, members, fallback, options?.strictFallback === true)
}

/** A readonly array codec that validates elements with `is` first. */
export class ListType<C extends t.Mixed> extends t.Type<
  ReadonlyArray<t.TypeOf<C>>,
  ReadonlyArray<t.OutputOf<C>>,
  unknown
> {
  readonly _tag = 'ListType' as const
  constructor(
    name: string,
    readonly type: C,
  ) {
    const genericIs = (u: unknown): u is ReadonlyArray<t.TypeOf<C>> => {
      if (!Array.isArray(u)) return false
      for (let i = 0; i < u.length; i++) if (!type.is(u[i])) return false
      return true
    }
    let fast = genericIs
    let pending = true
    const is = (u: unknown): u is ReadonlyArray<t.TypeOf<C>> => {
      if (pending) {
        pending = false
        const compiled = compileGuard(this)
        if (compiled !== undefined) {
          fast = compiled as typeof genericIs
          ;(this as { is: typeof genericIs }).is = fast
        }
      }
      return fast(u)
    }
    super(
      name,
      safeIs((u): u is ReadonlyArray<t.TypeOf<C>> => is(u)),
      safeValidate((u, c) => {
        if (is(u)) return t.success(u)
        if (!Array.isArray(u)) return t.failure(u, c, `expected an array (${name}), got ${describe(u)}`)
        const errors: t.ValidationError[] = []
        let out: unknown[] | undefined
        for (let i = 0; i < u.length; i++) {
          const v = u[i]
          if (type.is(v)) continue
          const r = type.validate(v, t.appendContext(c, String(i), type, v))
          if (r._tag === 'Left') for (const e of r.left) errors.push(e)
          else if (r.right !== v) {
            if (out === undefined) out = u.slice()
            out[i] = r.right
          }
        }
        return errors.length > 0 ? t.failures(errors) : t.success((out ?? u) as ReadonlyArray<t.TypeOf<C>>)
      }),
      type.encode === t.identity ? t.identity : (a) => a.map((v) => type.encode(v)),
    )
  }
}

/**
 * A readonly array codec that checks its elements with `is` first; named `<element>[]` unless
 * `name` is given.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { list } from 'messenger-webhooks'
 * const Mids = list(t.string)
 * Mids.is(['m_1', 'm_2']) // true
 * Mids.name // 'string[]'
 * ```
 * @category combinators
 * @since 0.1.0
 */
export function list<C extends t.Mixed>(type: C, name = `${type.name}[]`): ListType<C> {
  return new ListType(name, type)
}

/** A record (string keys to one codec), e.g. `app_roles`: app ID → roles. */
export class RecordOfType<C extends t.Mixed> extends t.Type<
  { readonly [key: string]: t.TypeOf<C> },
  { readonly [key: string]: t.OutputOf<C> },
  unknown
> {
  readonly _tag = 'RecordOfType' as const
  constructor(
    name: string,
    readonly codomain: C,
  ) {
    const is = (u: unknown): u is { readonly [key: string]: t.TypeOf<C> } => {
      if (!isRecord(u)) return false
      for (const k in u) if (hasOwn.call(u, k) && !codomain.is(u[k])) return false
      return true
    }
    super(
      name,
      safeIs(is),
      safeValidate((u, c) => {
        if (is(u)) return t.success(u)
        if (!isRecord(u)) return t.failure(u, c, `expected an object (${name}), got ${describe(u)}`)
        const errors: t.ValidationError[] = []
        let out: Record<string, unknown> | undefined
        for (const k of Object.keys(u)) {
          const v = u[k]
          if (codomain.is(v)) continue
          const r = codomain.validate(v, t.appendContext(c, k, codomain, v))
          if (r._tag === 'Left') for (const e of r.left) errors.push(e)
          else if (r.right !== v) {
            if (out === undefined) out = copyRecord(u)
            setOwn(out, k, r.right)
          }
        }
        return errors.length > 0 ? t.failures(errors) : t.success((out ?? u) as { readonly [key: string]: t.TypeOf<C> })
      }),
      t.identity as never,
    )
  }
}

/**
 * A record codec: any string keys, every value of one codec (e.g. `app_roles`: app ID → roles).
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { list, recordOf } from 'messenger-webhooks'
 * const AppRoles = recordOf(list(t.string), 'AppRoles')
 * AppRoles.is({ '123456789': ['primary_receiver'] }) // true
 * ```
 * @category combinators
 * @since 0.1.0
 */
export function recordOf<C extends t.Mixed>(codomain: C, name: string): RecordOfType<C> {
  return new RecordOfType(name, codomain)
}

/** `null` or a value of the codec. */
export class NullableType<C extends t.Mixed> extends t.Type<t.TypeOf<C> | null, t.OutputOf<C> | null, unknown> {
  readonly _tag = 'NullableType' as const
  readonly guardSource: InlineGuard['guardSource'] = (v, ref) => `${v}===null||${inlineCheck(this.type, v, ref)}`
  constructor(
    name: string,
    readonly type: C,
  ) {
    super(
      name,
      safeIs((u): u is t.TypeOf<C> | null => u === null || type.is(u)),
      safeValidate((u, c) => (u === null ? t.success(null) : type.validate(u, c))),
      (a) => (a === null ? null : type.encode(a)),
    )
  }
}

/**
 * `null` or a value of the codec, named `<codec> | null`.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { nullable } from 'messenger-webhooks'
 * const Url = nullable(t.string)
 * Url.is(null) // true
 * Url.name // 'string | null'
 * ```
 * @category combinators
 * @since 0.1.0
 */
export function nullable<C extends t.Mixed>(type: C): NullableType<C> {
  return new NullableType(`${type.name} | null`, type)
}

/**
 * One of two object codecs, picked by a predicate on the input (for example `sender`, which is
 * `{ id }` or, for Chat Plugin users, `{ user_ref }`). One member is validated, so a failure
 * reports one set of errors.
 */
export class AltType<A extends t.Mixed, B extends t.Mixed> extends t.Type<
  t.TypeOf<A> | t.TypeOf<B>,
  t.OutputOf<A> | t.OutputOf<B>,
  unknown
> {
  readonly _tag = 'AltType' as const
  readonly pick: (u: unknown) => t.Mixed
  constructor(
    name: string,
    readonly first: A,
    readonly second: B,
    readonly useSecond: (u: unknown) => boolean,
  ) {
    const pick = (u: unknown): t.Mixed => (first.is(u) ? first : useSecond(u) ? second : first)
    super(
      name,
      // The guard makes the same choice as `validate`: `second` counts only where `useSecond`
      // would pick it. `first.is(u) || second.is(u)` accepted `{ id: 5, user_ref: 'x' }` (a
      // valid `second` with a stray key) that `validate`, judging it as a `first`, rejects; the
      // decoder's `is` fast path then let a numeric `sender.id` through.
      safeIs((u): u is t.TypeOf<A> | t.TypeOf<B> => first.is(u) || (useSecond(u) && second.is(u))),
      safeValidate((u, c) => pick(u).validate(u, c)),
      (a) => pick(a).encode(a),
    )
    this.pick = pick
  }
}

/**
 * One of two codecs, picked by a predicate on the input: `second` when `useSecond(input)` holds
 * and the input is not already a `first`, else `first`. Only the picked member is validated, so
 * a failure reports one set of errors.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import { alt, struct } from 'messenger-webhooks'
 * const ById = struct('SenderId', { id: t.string })
 * const ByRef = struct('SenderUserRef', { user_ref: t.string })
 * const Sender = alt('Sender', ById, ByRef, (u) => typeof u === 'object' && u !== null && 'user_ref' in u)
 * Sender.is({ user_ref: 'ref_1' }) // true
 * ```
 * @category combinators
 * @since 0.1.0
 */
export function alt<A extends t.Mixed, B extends t.Mixed>(
  name: string,
  first: A,
  second: B,
  useSecond: (u: unknown) => boolean,
): AltType<A, B> {
  return new AltType(name, first, second, useSecond)
}
