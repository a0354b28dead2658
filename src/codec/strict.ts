/**
 * Strict mode's extra checks: every deviation from Meta's documentation in a value that has
 * already decoded leniently. Walks the value alongside its codec and reports, with its path,
 * every property the codecs do not know and every property Meta documents as always present that
 * is absent (docs/fidelity.md#17-required-fields-what-the-decoder-insists-on). Opaque parts
 * (`nlp`, the `value` of a change without a value codec, legacy payloads, unknown attachments)
 * are not walked.
 */
import * as t from 'io-ts'
import type { DecodeIssue } from './path.js'
import { joinPath } from './path.js'
import { AltType, DispatchType, ListType, NullableType, RecordOfType, RefinedType, StructType } from './struct.js'
import { isRecord } from './util.js'

/** Appends an issue for every property of `value` that `codec` does not describe. */
export function unknownProperties(codec: t.Mixed, value: unknown, path: string, out: DecodeIssue[]): void {
  if (codec instanceof StructType) {
    if (!isRecord(value)) return
    const { required, optional } = codec as StructType<t.Props, t.Props>
    for (const key of Object.keys(value)) {
      const child = Object.hasOwn(required, key)
        ? (required as Record<string, t.Mixed>)[key]
        : Object.hasOwn(optional, key)
          ? (optional as Record<string, t.Mixed>)[key]
          : undefined
      const childPath = joinPath(path, key, false)
      if (child === undefined) {
        if (codec.open) continue
        out.push({
          path: childPath,
          message: `unknown property "${key}" in ${codec.name} (strict mode)`,
        })
      } else if (value[key] === null && !child.is(null)) {
        out.push({
          path: childPath,
          message: `property "${key}" is null in ${codec.name}, where Meta documents a value (strict mode)`,
        })
      } else {
        unknownProperties(child, value[key], childPath, out)
      }
    }
    for (const key of codec.documented) {
      if (value[key] !== undefined) continue
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
    for (let i = 0; i < value.length; i++) unknownProperties(element, value[i], joinPath(path, i, true), out)
  } else if (codec instanceof RecordOfType) {
    if (!isRecord(value)) return
    for (const key of Object.keys(value)) {
      unknownProperties((codec as RecordOfType<t.Mixed>).codomain, value[key], joinPath(path, key, false), out)
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

/**
 * Whether {@link unknownProperties} reports nothing for `value`: strict mode's question for the
 * parts of an item that compiled code does not inline (build.ts).
 */
export function strictClean(codec: t.Mixed, value: unknown): boolean {
  const out: DecodeIssue[] = []
  unknownProperties(codec, value, '', out)
  return out.length === 0
}
