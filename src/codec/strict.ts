/**
 * Strict mode's extra checks: every deviation from Meta's documentation in a value that has
 * already decoded leniently. Walks the value alongside its codec and reports, with its path,
 * every property the codecs do not know and every property Meta documents as always present that
 * is absent (docs/fidelity.md#17-required-fields-what-the-decoder-insists-on). Opaque parts
 * (`nlp`, the `value` of a change without a value codec, legacy payloads, unknown attachments)
 * are not walked.
 */
import * as t from 'io-ts'
import { captures, compileCheck } from './jit.js'
import type { DecodeIssue } from './path.js'
import { joinPath } from './path.js'
import { AltType, DispatchType, ListType, NullableType, RecordOfType, RefinedType, StructType } from './struct.js'
import { isRecord } from './util.js'

const hasOwn = Object.prototype.hasOwnProperty

/**
 * Appends an issue for every property of `value` that `codec` does not describe. Only objects
 * and arrays hold properties, so a leaf returns at once, and a path is built only for an issue or
 * for a child that is itself an object: a clean item costs a walk, not a string per property.
 */
export function unknownProperties(codec: t.Mixed, value: unknown, path: string, out: DecodeIssue[]): void {
  if (typeof value !== 'object' || value === null) return
  if (codec instanceof StructType) {
    if (Array.isArray(value)) return
    const v = value as Record<string, unknown>
    const { required, optional } = codec as StructType<t.Props, t.Props>
    for (const key in v) {
      if (!hasOwn.call(v, key)) continue
      const child = hasOwn.call(required, key)
        ? (required as Record<string, t.Mixed>)[key]
        : hasOwn.call(optional, key)
          ? (optional as Record<string, t.Mixed>)[key]
          : undefined
      if (child === undefined) {
        if (codec.open) continue
        out.push({
          path: joinPath(path, key, false),
          message: `unknown property "${key}" in ${codec.name} (strict mode)`,
        })
        continue
      }
      const x = v[key]
      if (x === null) {
        if (!child.is(null))
          out.push({
            path: joinPath(path, key, false),
            message: `property "${key}" is null in ${codec.name}, where Meta documents a value (strict mode)`,
          })
      } else if (typeof x === 'object') {
        unknownProperties(child, x, joinPath(path, key, false), out)
      }
    }
    for (const key of codec.documented) {
      if (v[key] !== undefined) continue
      out.push({
        path: joinPath(path, key, false),
        message: `missing property "${key}", documented as required in ${codec.name} (strict mode)`,
      })
    }
  } else if (codec instanceof RefinedType || codec instanceof NullableType) {
    if (value !== null) unknownProperties((codec as RefinedType<t.Mixed>).type, value, path, out)
  } else if (codec instanceof ListType || codec instanceof t.ArrayType || codec instanceof t.ReadonlyArrayType) {
    if (!Array.isArray(value)) return
    const element = (codec as ListType<t.Mixed>).type
    for (let i = 0; i < value.length; i++) {
      const x = value[i]
      if (typeof x === 'object' && x !== null) unknownProperties(element, x, joinPath(path, i, true), out)
    }
  } else if (codec instanceof RecordOfType) {
    if (!isRecord(value)) return
    for (const key of Object.keys(value)) {
      const x = value[key]
      if (typeof x === 'object' && x !== null)
        unknownProperties((codec as RecordOfType<t.Mixed>).codomain, x, joinPath(path, key, false), out)
    }
  } else if (codec instanceof DispatchType) {
    const dispatcher = codec as DispatchType<t.Mixed, t.Mixed>
    const member = dispatcher.lookup(value)
    // An attachment type this version does not know is an open-set value, not an unknown
    // property; a change with any other field is still a `{ field, value }` (strictFallback).
    if (member !== dispatcher.fallback || dispatcher.strictFallback) unknownProperties(member, value, path, out)
  } else if (codec instanceof AltType) {
    unknownProperties((codec as AltType<t.Mixed, t.Mixed>).pick(value), value, path, out)
  } else if (codec instanceof t.UnionType) {
    const member = (codec as t.UnionType<t.Mixed[]>).types.find((m) => m.is(value))
    if (member !== undefined) unknownProperties(member, value, path, out)
  }
}

/** The largest generated strict check (characters); a larger one keeps the generic walk. */
const STRICT_MAX_SOURCE = 256 * 1024

/**
 * A compiled yes/no answer to "would {@link unknownProperties} report nothing for this value?",
 * for one item codec: the same walk as code (a `switch` over each object's keys, nested codecs
 * inlined), with no paths and no allocation. Strict mode asks it first and runs the walk that
 * builds issues and paths only when it says no (or where code cannot be compiled).
 */
export function compileStrictCheck(codec: t.Mixed): ((u: unknown) => boolean) | undefined {
  const { list, ref } = captures()
  const hasOwnName = ref(hasOwn)
  let n = 0
  const fresh = () => `s${n++}`
  // The generic walk, asked directly: for codecs this code does not inline.
  const generic = (c: t.Mixed, v: string) => `if(!${ref(isStrictClean)}(${ref(c)},${v}))return false;`
  // Statements for an object-typed `v` (non-objects hold no properties and never reach here).
  const emit = (c: t.Mixed, v: string, depth: number): string => {
    if (depth > 12) return generic(c, v)
    if (c instanceof StructType) {
      const s = c as StructType<t.Props, t.Props>
      const k = fresh()
      let code = `if(!Array.isArray(${v})){for(var ${k} in ${v}){if(!${hasOwnName}.call(${v},${k}))continue;switch(${k}){`
      const children = [...Object.entries(s.required), ...Object.entries(s.optional)]
      const seen = new Set<string>()
      for (const [key, child] of children) {
        if (seen.has(key)) continue
        seen.add(key)
        const x = fresh()
        const inner = emit(child, x, depth + 1)
        const nullable = child.is(null)
        code += `case ${JSON.stringify(key)}:{var ${x}=${v}[${k}];${nullable ? '' : `if(${x}===null)return false;`}${inner === '' ? '' : `if(typeof ${x}==="object"&&${x}!==null){${inner}}`}}break;`
      }
      code += `default:${s.open ? 'break;' : 'return false;'}}}`
      for (const key of s.documented) code += `if(${v}[${JSON.stringify(key)}]===undefined)return false;`
      return `${code}}`
    }
    if (c instanceof RefinedType || c instanceof NullableType)
      return emit((c as RefinedType<t.Mixed>).type, v, depth + 1)
    if (c instanceof ListType || c instanceof t.ArrayType || c instanceof t.ReadonlyArrayType) {
      const i = fresh()
      const x = fresh()
      const inner = emit((c as ListType<t.Mixed>).type, x, depth + 1)
      if (inner === '') return ''
      return `if(Array.isArray(${v})){for(var ${i}=0;${i}<${v}.length;${i}++){var ${x}=${v}[${i}];if(typeof ${x}==="object"&&${x}!==null){${inner}}}}`
    }
    if (c instanceof DispatchType) {
      const d = c as DispatchType<t.Mixed, t.Mixed>
      // The member `lookup` picks: by a string tag in the table, else the fallback, which is
      // walked only where the dispatch says so (strictFallback).
      const byCodec = new Map<t.Mixed, string[]>()
      for (const [tag, member] of Object.entries(d.members)) {
        const tags = byCodec.get(member) ?? []
        tags.push(tag)
        byCodec.set(member, tags)
      }
      const tag = fresh()
      let code = `var ${tag}=Array.isArray(${v})?undefined:${v}[${JSON.stringify(d.field)}];switch(${tag}){`
      for (const [member, tags] of byCodec) {
        if (member === d.fallback && !d.strictFallback) continue
        code += `${tags.map((tg) => `case ${JSON.stringify(tg)}:`).join('')}{${emit(member, v, depth + 1)}}break;`
      }
      return `${code}default:{${d.strictFallback ? emit(d.fallback, v, depth + 1) : ''}}}`
    }
    if (c instanceof AltType) {
      const a = c as AltType<t.Mixed, t.Mixed>
      return `if(!${ref(a.first)}.is(${v})&&${ref(a.useSecond)}(${v})){${emit(a.second, v, depth + 1)}}else{${emit(a.first, v, depth + 1)}}`
    }
    if (c instanceof RecordOfType || c instanceof t.UnionType) return generic(c, v)
    return ''
  }
  const x = fresh()
  const body = `var ${x}=u;if(typeof ${x}!=="object"||${x}===null)return true;${emit(codec, x, 0)}return true;`
  if (body.length > STRICT_MAX_SOURCE) return undefined
  return compileCheck(body, list)
}

/** Whether {@link unknownProperties} reports nothing for `value` (the generic walk). */
function isStrictClean(codec: t.Mixed, value: unknown): boolean {
  const out: DecodeIssue[] = []
  unknownProperties(codec, value, '', out)
  return out.length === 0
}
