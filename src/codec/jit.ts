/**
 * Compiled guards. The generic `is` of a struct runs one closure for every struct, so V8 sees
 * every object shape at the same property loads and goes megamorphic: 168 ns for a message item
 * against 12 ns for a hand-written guard (measured on Node). Where the runtime
 * allows `new Function` (Node, Bun, Deno, browsers without a strict CSP), each struct and list
 * gets its own guard with constant property names, compiled on first use. Where it does not
 * (Cloudflare Workers, CSP pages), the generic guards run: same answers, slower. zod 4 does the
 * same (`allowsEval`). Tests check that compiled and generic guards agree.
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

function refs(): { list: unknown[]; ref: (value: unknown) => string } {
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

/** Compiles the guard of a struct: required keys by name, then the object's own keys by switch. */
export function compileStruct(
  reqKeys: readonly string[],
  reqCodecs: readonly t.Mixed[],
  optKeys: readonly string[],
  optCodecs: readonly t.Mixed[],
): ((u: unknown) => boolean) | undefined {
  if (!canCompile()) return undefined
  const { list, ref } = refs()
  const hasOwn = ref(Object.prototype.hasOwnProperty)
  let body = 'if(typeof u!=="object"||u===null||Array.isArray(u))return false;var v;'
  reqKeys.forEach((k, i) => {
    const key = JSON.stringify(k)
    body += `v=u[${key}];if(v===undefined&&!${hasOwn}.call(u,${key}))return false;if(!${inlineCheck(reqCodecs[i] as t.Mixed, 'v', ref)})return false;`
  })
  if (optKeys.length > 0) {
    body += 'for(var k in u){switch(k){'
    optKeys.forEach((k, i) => {
      body += `case ${JSON.stringify(k)}:v=u[k];if(v!==undefined&&!${inlineCheck(optCodecs[i] as t.Mixed, 'v', ref)})return false;break;`
    })
    body += '}}'
  }
  body += 'return true;'
  return compile(body, list)
}

/** Compiles the guard of a list. */
export function compileList(element: t.Mixed): ((u: unknown) => boolean) | undefined {
  if (!canCompile()) return undefined
  const { list, ref } = refs()
  const body = `if(!Array.isArray(u))return false;for(var i=0;i<u.length;i++){var v=u[i];if(!${inlineCheck(element, 'v', ref)})return false;}return true;`
  return compile(body, list)
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

/**
 * Compiles the normaliser of a struct (normalize.ts): each property is checked with its inline
 * guard; one that fails is normalised through `child(codec, value)` (or a leaf's `coerce`), and
 * the object is copied (spread, monomorphic per struct) only when a value changed.
 */
export function compileStructNormalizer(
  reqKeys: readonly string[],
  reqCodecs: readonly t.Mixed[],
  optKeys: readonly string[],
  optCodecs: readonly t.Mixed[],
  child: (codec: t.Mixed, u: unknown) => unknown,
  fail: unknown,
): ((u: unknown) => unknown) | undefined {
  if (!canCompile()) return undefined
  const { list, ref } = refs()
  const FAILED = ref(fail)
  const step = (codec: t.Mixed, key: string) => {
    const coerce = (codec as { coerce?: unknown }).coerce
    const call = typeof coerce === 'function' ? `${ref(coerce)}(v)` : `${ref(child)}(${ref(codec)},v)`
    const fallback = typeof coerce === 'function' ? `if(n===undefined)return ${FAILED};` : `if(n===${FAILED})return n;`
    return `if(!(${inlineCheck(codec, 'v', ref)})){n=${call};${fallback}if(n!==v){if(o===undefined)o={...u};o[${key}]=n;}}`
  }
  let body = `if(typeof u!=="object"||u===null||Array.isArray(u))return ${FAILED};var o,v,n;`
  reqKeys.forEach((k, i) => {
    const key = JSON.stringify(k)
    body += `v=u[${key}];if(v===undefined)return ${FAILED};${step(reqCodecs[i] as t.Mixed, key)}`
  })
  if (optKeys.length > 0) {
    body += 'for(var k in u){switch(k){'
    optKeys.forEach((k, i) => {
      const codec = optCodecs[i] as t.Mixed
      // `null` in an optional property reads as its absence, unless the codec takes null.
      const drop = codec.is(null) ? '' : 'if(v===null){if(o===undefined)o={...u};delete o[k];}else '
      body += `case ${JSON.stringify(k)}:v=u[k];if(v!==undefined){${drop}{${step(codec, 'k')}}}break;`
    })
    body += '}}'
  }
  body += 'return o===undefined?u:o;'
  try {
    const names = list.map((_, i) => `r${i}`)
    return new Function(...names, `"use strict";return function normalize(u){${body}}`)(...list) as (
      u: unknown,
    ) => unknown
  } catch {
    return undefined
  }
}
