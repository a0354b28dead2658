/**
 * Compiled code for the codecs. The generic `is` of a struct runs one closure for every struct, so
 * V8 sees every object shape at the same property loads and goes megamorphic: 168 ns for a message
 * item against 12 ns for a hand-written guard (measured on Node). Where the runtime allows
 * `new Function` (Node, Bun, Deno, browsers without a strict CSP), code is generated from a codec
 * with constant property names and compiled on first use: one flat function per event kind that
 * checks, normalises and builds an item (flatNormalizerSource, build.ts), and each struct's and
 * list's guard from the same generator. Where it does not (Cloudflare Workers, CSP pages), the
 * generic code runs: same answers, slower. zod 4 does the same (`allowsEval`). Tests check that
 * compiled and generic code agree (test/laws/compiled.laws.test.ts, test/jitless.test.ts).
 */
import type * as t from 'io-ts'

/** A codec that can describe its guard as a JavaScript expression over a variable. */
export interface InlineGuard {
  /** An expression that is true when `v` passes the guard; `ref(x)` registers a captured value. */
  readonly guardSource: (v: string, ref: (value: unknown) => string) => string
}

function hasInline(codec: t.Mixed): codec is t.Mixed & InlineGuard {
  return typeof (codec as Partial<InlineGuard>).guardSource === 'function'
}

let compileAllowed: boolean | undefined

/** Whether guards may be compiled here; `setJitless(true)` turns compilation off. */
export function canCompile(): boolean {
  if (compileAllowed !== undefined) return compileAllowed
  const ua = (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent
  if (typeof ua === 'string' && ua.includes('Cloudflare-Workers')) {
    compileAllowed = false
    return false
  }
  try {
    new Function('')
    compileAllowed = true
  } catch {
    compileAllowed = false
  }
  return compileAllowed
}

/**
 * Turns guard compilation off (`true`) or back to automatic detection (`false`), e.g. for a page
 * whose Content-Security-Policy forbids `unsafe-eval`. Results never differ, only speed.
 *
 * @example
 * ```ts
 * import { setJitless } from 'messenger-webhooks'
 * setJitless(true)
 * ```
 * @category configuration
 * @since 0.1.0
 */
export function setJitless(jitless: boolean): void {
  compileAllowed = jitless ? false : undefined
}

/** Builds the source of a check on `v` for one codec, inlining leaves and calling others. */
export function inlineCheck(codec: t.Mixed, v: string, ref: (value: unknown) => string): string {
  return hasInline(codec) ? `(${codec.guardSource(v, ref)})` : `${ref(codec)}.is(${v})`
}

function compile(body: string, refs: unknown[]): ((u: unknown) => boolean) | undefined {
  try {
    const names = refs.map((_, i) => `r${i}`)
    // A value that throws when read (a getter or Proxy trap) is not of the type: `is` never throws.
    return new Function(...names, `"use strict";return function is(u){try{${body}}catch(e){return false}}`)(
      ...refs,
    ) as (u: unknown) => boolean
  } catch {
    return undefined
  }
}

function refs_(): { list: unknown[]; ref: (value: unknown) => string } {
  const list: unknown[] = []
  return {
    list,
    ref: (value) => {
      let i = list.indexOf(value)
      if (i < 0) i = list.push(value) - 1
      return `r${i}`
    },
  }
}

/**
 * Compiles the guard of a struct or list: the flat code of {@link flatNormalizerSource} in guard
 * mode, so that `is` and the decoder's fast path are one piece of code. `other` handles codecs it
 * does not inline (their own `is` is called in guard mode).
 */
export function compileGuard(codec: t.Mixed): ((u: unknown) => boolean) | undefined {
  if (!canCompile()) return undefined
  const { list, ref } = refs_()
  const options: FlatOptions = { strict: false, guard: true, other: () => undefined, failed: null, clean: () => true }
  const body = flatNormalizerSource(codec, 'u', 'o', 'false', options, ref)
  return body === undefined ? undefined : compile(`var o;${body}return true;`, list)
}

/**
 * Compiles a shallow copy of an object's own enumerable properties. Object spread is the fastest
 * copy while its call site sees few shapes (~10 ns, measured) and the slowest once it sees many
 * (~800 ns, megamorphic): one compiled copy per struct keeps each site to its struct's shapes.
 * Spread defines properties, so an own "__proto__" key stays an own key.
 */
export function compileCopy(): ((u: Record<string, unknown>) => Record<string, unknown>) | undefined {
  if (!canCompile()) return undefined
  try {
    return new Function('"use strict";return function copy(u){return {...u}}')() as (
      u: Record<string, unknown>,
    ) => Record<string, unknown>
  } catch {
    return undefined
  }
}

/** What the flat code of {@link flatNormalizerSource} checks, and how it reaches other codecs. */
export interface FlatOptions {
  /**
   * Adds strict mode's checks (strict.ts): an own property no codec describes, a `null` where
   * Meta documents a value, or a documented property that is absent also gives up, so that what
   * passes has nothing to report.
   */
  readonly strict: boolean
  /** A guard: nothing is normalised, a value that would change gives up (`out` stays unset). */
  readonly guard: boolean
  /** Normalises what is not inlined: the value, a normalised value, or `failed`. */
  readonly other: (codec: t.Mixed, u: unknown) => unknown
  readonly failed: unknown
  /** Strict mode's question for what is not inlined: nothing to report? */
  readonly clean: (codec: t.Mixed, u: unknown) => boolean
}

/** Structs with at most this many optional keys read each by name in the flat normaliser. */
const FLAT_NAMED_MAX = 8

/** A list or dispatch whose inlined code is longer than this (characters) gets a function of its own. */
const SHARED_MIN = 8000

/** The largest generated deep check (characters); a bigger one keeps the calls between guards. */
const DEEP_MAX_SOURCE = 256 * 1024

/**
 * One flat normaliser for a whole item codec, as statements: nested structs, lists, dispatches
 * and alternatives are inlined as code (each level with its own variables), so that an item is
 * checked and normalised by a single function. After the statements, `out` holds the normalised
 * value when something changed (an ID given as a number, a number given as a string, a `null`
 * optional dropped), copying only the objects on the way to the change, and stays `undefined`
 * when `v` is already in its decoded form. They `return ${fail}` for anything else: the caller
 * then takes the full path (normalize.ts, then `validate` for paths and messages), so a case
 * this code does not handle costs time, never a different result. Optional properties are read
 * by name, which also sees non-enumerable and inherited ones that `validate`'s walk skips: a
 * change to one is left to the full path.
 *
 * `undefined` when the code would be too large.
 */
export function flatNormalizerSource(
  codec: t.Mixed,
  v: string,
  out: string,
  fail: string,
  options: FlatOptions,
  ref: (value: unknown) => string,
): string | undefined {
  const { guard, other, failed, clean } = options
  // How generated code gives up: `stop` always leaves the function; `no` (a type mismatch) is a
  // `break` out of an alternative's trial while one is tried.
  const stop = `return ${fail};`
  let no = stop
  const hasOwn = ref(Object.prototype.hasOwnProperty)
  let n = 0
  const fresh = () => `x${n++}`
  const objectTest = (v: string) => `typeof ${v}==="object"&&${v}!==null&&!Array.isArray(${v})`
  const called = (c: t.Mixed, v: string, out: string, strict: boolean) => {
    if (guard) return `if(!${ref(c)}.is(${v}))${no}`
    const r = fresh()
    return `var ${r}=${ref(other)}(${ref(c)},${v});if(${r}===${ref(failed)})${no}${strict ? `if(!${ref(clean)}(${ref(c)},${v}))${stop}` : ''}if(${r}!==${v})${out}=${r};`
  }
  // A large list or dispatch (a message's attachments: every attachment and template shape) is
  // compiled once as a function of its own and called: one item function with every shape inlined
  // is slow to compile, and the list is shared by messages, echoes and edits.
  const shared = (c: t.Mixed, v: string, out: string, strict: boolean) => {
    const r = fresh()
    return `var ${r}=${ref(flatFunction(c, strict, options))}(${v});if(${r}===${ref(failed)})${strict ? stop : no}if(${r}!==${v})${out}=${r};`
  }
  // Sets `out` (declared by the caller, `undefined` on entry) when `v` changes.
  const emit = (c: t.Mixed, v: string, out: string, depth: number, strict: boolean): string => {
    if (depth > 12) return called(c, v, out, strict)
    const tag = (c as { readonly _tag?: string })._tag
    if (!guard && depth > 0 && (tag === 'ListType' || tag === 'DispatchType')) {
      const code = inline(c, v, out, depth, strict, tag)
      return code.length > SHARED_MIN ? shared(c, v, out, strict) : code
    }
    return inline(c, v, out, depth, strict, tag)
  }
  const inline = (
    c: t.Mixed,
    v: string,
    out: string,
    depth: number,
    strict: boolean,
    tag: string | undefined,
  ): string => {
    if (tag === 'StructType') {
      const s = c as unknown as {
        required: Record<string, t.Mixed>
        optional: Record<string, t.Mixed>
        open: boolean
        documented: readonly string[]
      }
      let code = `if(!(${objectTest(v)}))${no}`
      // A changed optional property must be one the copy has (own and enumerable, as `validate`'s
      // walk sees it); any other is left to the full path.
      const set = (key: string, y: string, check: boolean) =>
        `if(${y}!==undefined){if(${out}===undefined)${out}={...${v}};${check ? `if(!${hasOwn}.call(${out},${key}))${stop}` : ''}${out}[${key}]=${y};}`
      for (const [k, child] of Object.entries(s.required)) {
        const x = fresh()
        const y = fresh()
        const key = JSON.stringify(k)
        code += `var ${x}=${v}[${key}];if(${x}===undefined)${no}var ${y}=void 0;${emit(child, x, y, depth + 1, strict)}${set(key, y, false)}`
      }
      const optional = Object.entries(s.optional)
      // Few optional keys: one named load each. Many (a message has seventeen, of which an item
      // carries two or three), or strict mode (which must see every key): walk the object's keys.
      const walk = strict || optional.length > FLAT_NAMED_MAX
      const k = walk ? fresh() : ''
      if (walk) code += `for(var ${k} in ${v}){switch(${k}){`
      for (const [name, child] of optional) {
        const x = fresh()
        const y = fresh()
        const key = walk ? k : JSON.stringify(name)
        // `null` in an optional property reads as its absence, unless the codec takes null
        // (strict mode reports it).
        const drop = child.is(null)
          ? ''
          : strict || guard
            ? `if(${x}===null)${guard ? no : stop}`
            : `if(${x}===null){if(${out}===undefined)${out}={...${v}};if(!${hasOwn}.call(${out},${key}))${stop}delete ${out}[${key}];}else `
        const step = `var ${x}=${v}[${key}];if(${x}!==undefined){${drop}{var ${y}=void 0;${emit(child, x, y, depth + 1, strict)}${set(key, y, true)}}}`
        code += walk ? `case ${JSON.stringify(name)}:{${step}}break;` : step
      }
      if (walk && strict) {
        code += Object.keys(s.required)
          .filter((key) => !Object.hasOwn(s.optional, key))
          .map((key) => `case ${JSON.stringify(key)}:`)
          .join('')
        code += `break;default:${s.open ? '' : `if(${hasOwn}.call(${v},${k}))${stop}`}`
      }
      if (walk) code += '}}'
      if (strict) for (const key of s.documented) code += `if(${v}[${JSON.stringify(key)}]===undefined)${stop}`
      return code
    }
    if (tag === 'ListType') {
      const i = fresh()
      const x = fresh()
      const y = fresh()
      const element = (c as unknown as { type: t.Mixed }).type
      return `if(!Array.isArray(${v}))${no}for(var ${i}=0;${i}<${v}.length;${i}++){var ${x}=${v}[${i}];var ${y}=void 0;${emit(element, x, y, depth + 1, strict)}if(${y}!==undefined){if(${out}===undefined)${out}=${v}.slice();${out}[${i}]=${y};}}`
    }
    if (tag === 'DispatchType') {
      const d = c as unknown as {
        field: string
        members: Record<string, t.Mixed>
        fallback: t.Mixed
        strictFallback: boolean
      }
      // The same choice as `lookup`: a member for a string tag in the table, else the fallback,
      // which strict mode checks only where the dispatch says so.
      const byCodec = new Map<t.Mixed, string[]>()
      for (const [tagValue, member] of Object.entries(d.members)) {
        const tags = byCodec.get(member) ?? []
        tags.push(tagValue)
        byCodec.set(member, tags)
      }
      const x = fresh()
      const member = (m: t.Mixed) => emit(m, v, out, depth + 1, strict && (m !== d.fallback || d.strictFallback))
      let code = `var ${x}=(${objectTest(v)})?${v}[${JSON.stringify(d.field)}]:undefined;switch(${x}){`
      for (const [m, tags] of byCodec)
        code += `${tags.map((tg) => `case ${JSON.stringify(tg)}:`).join('')}{${member(m)}}break;`
      return `${code}default:{${member(d.fallback)}}}`
    }
    if (tag === 'NullableType')
      return `if(${v}!==null){${emit((c as unknown as { type: t.Mixed }).type, v, out, depth + 1, strict)}}`
    if (tag === 'RefinedType') {
      const r = c as unknown as { type: t.Mixed; predicate: (a: unknown) => boolean }
      return `${emit(r.type, v, out, depth + 1, strict)}if(!${ref(r.predicate)}(${out}===undefined?${v}:${out}))${no}`
    }
    if (tag === 'AltType') {
      // The choice `pick` makes: `first` when `v` already is one (its trial passes unchanged),
      // else `second` where `useSecond` says so, else `first` normalised. The trial gives up
      // with a `break`; if `first.is` holds where the trial gave up, the full path decides.
      const a = c as unknown as { first: t.Mixed; second: t.Mixed; useSecond: (u: unknown) => boolean }
      const ok = fresh()
      const y1 = fresh()
      const y2 = fresh()
      const label = `L${fresh()}`
      const outer = no
      no = `break ${label};`
      const first = emit(a.first, v, y1, depth + 1, strict)
      no = outer
      const second = emit(a.second, v, y2, depth + 1, strict)
      return `var ${ok}=false,${y1}=void 0;${label}:{${first}${ok}=true;}if(!${ok}||${y1}!==undefined){if(!${ok}&&${ref(a.first)}.is(${v}))${stop}if(${ref(a.useSecond)}(${v})){var ${y2}=void 0;${second}${out}=${y2};}else if(${ok})${out}=${y1};else ${no}}`
    }
    if (hasInline(c)) {
      const coerce = (c as { coerce?: unknown }).coerce
      if (typeof coerce !== 'function' || guard) return `if(!(${c.guardSource(v, ref)}))${no}`
      const y = fresh()
      return `if(!(${c.guardSource(v, ref)})){var ${y}=${ref(coerce)}(${v});if(${y}===undefined)${no}if(${y}!==${v})${out}=${y};}`
    }
    return called(c, v, out, strict)
  }
  const body = emit(codec, v, out, 0, options.strict)
  return body.length > DEEP_MAX_SOURCE ? undefined : body
}

const flatFunctions = [new WeakMap<t.Mixed, (u: unknown) => unknown>(), new WeakMap<t.Mixed, (u: unknown) => unknown>()]

/**
 * The flat code of one codec as a function of its own, compiled once per codec and mode: the
 * value itself when already in decoded form, a normalised copy, or `failed`.
 */
function flatFunction(codec: t.Mixed, strict: boolean, options: FlatOptions): (u: unknown) => unknown {
  const cache = flatFunctions[strict ? 1 : 0] as WeakMap<t.Mixed, (u: unknown) => unknown>
  let fn = cache.get(codec)
  if (fn === undefined) {
    const { list, ref } = refs_()
    const failed = ref(options.failed)
    const body = flatNormalizerSource(codec, 'u', 'o', failed, { ...options, strict }, ref)
    try {
      if (body === undefined) throw new Error('too large')
      fn = new Function(
        ...list.map((_, i) => `r${i}`),
        `"use strict";return function flat(u){var o;try{${body}}catch(e){return ${failed}}return o===undefined?u:o}`,
      )(...list) as (u: unknown) => unknown
    } catch {
      fn = (u: unknown) => {
        const n = options.other(codec, u)
        return n === options.failed || !strict || options.clean(codec, u) ? n : options.failed
      }
    }
    cache.set(codec, fn)
  }
  return fn
}

/** A list of values captured by generated code, and the name of each (`r0`, `r1`, …). */
export function captures(): { list: unknown[]; ref: (value: unknown) => string } {
  return refs_()
}
