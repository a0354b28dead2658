/**
 * Event objects: tag and provenance first, then every property of the decoded item (unknown
 * ones included; a property named like a provenance field stays reachable through `raw`).
 *
 * Where the runtime allows it (jit.ts), each event kind gets a compiled builder that copies its
 * known properties by constant name and only the unknown ones by key: one generic copy loop
 * over items of many shapes makes V8's keyed stores megamorphic (bench/decode.bench.mjs).
 */
import type * as t from 'io-ts'
import { canCompile } from './codec/jit.js'
import { DispatchType, RefinedType, StructType } from './codec/struct.js'
import { setOwn } from './codec/util.js'
import type { Channel, EntryRef, Platform, WebhookEvent } from './events/index.js'

/** Builds the event for a decoded item. */
export type Builder = (
  item: Record<string, unknown>,
  type: string,
  platform: Platform,
  channel: Channel,
  entry: EntryRef,
  index: number,
  path: string,
  raw: Record<string, unknown>,
) => WebhookEvent

/** Provenance keys, set by the decoder and never copied from the item. */
export const RESERVED = ['type', 'platform', 'channel', 'entry', 'index', 'path', 'raw'] as const
const reserved: Record<string, true | undefined> = Object.create(null)
for (const k of RESERVED) reserved[k] = true

/** The generic builder: a copy loop over the item's keys, with one optional rename. */
function genericBuilder(rename?: { readonly from: string; readonly to: string }): Builder {
  return (item, type, platform, channel, entry, index, path, raw) => {
    const event: Record<string, unknown> = { type, platform, channel, entry, index, path, raw }
    for (const k in item) if (reserved[k] !== true) setOwn(event, k, item[k])
    if (rename !== undefined && rename.from in event) {
      event[rename.to] = event[rename.from]
      delete event[rename.from]
    }
    return event as unknown as WebhookEvent
  }
}

function compiledBuilder(
  codec: StructType<t.Props, t.Props>,
  rename?: { readonly from: string; readonly to: string },
): Builder | undefined {
  const out = (k: string) => JSON.stringify(rename !== undefined && k === rename.from ? rename.to : k)
  const required = Object.keys(codec.required).filter((k) => reserved[k] !== true)
  const optional = Object.keys(codec.optional).filter((k) => reserved[k] !== true)
  const known = [...required, ...optional, ...RESERVED]
  let src = 'var e={type:type,platform:platform,channel:channel,entry:entry,index:index,path:path,raw:raw'
  for (const k of required) src += `,${out(k)}:item[${JSON.stringify(k)}]`
  src += '};var v;'
  for (const k of optional) src += `v=item[${JSON.stringify(k)}];if(v!==undefined)e[${out(k)}]=v;`
  src += `for(var k in item){switch(k){${known.map((k) => `case ${JSON.stringify(k)}:`).join('')}break;default:setOwn(e,k,item[k]);}}return e;`
  try {
    return new Function(
      'setOwn',
      `"use strict";return function build(item,type,platform,channel,entry,index,path,raw){${src}}`,
    )(setOwn) as Builder
  } catch {
    return undefined
  }
}

/** The struct behind an item codec: the codec itself, or the struct a refinement narrows. */
function structOf(codec: t.Mixed): StructType<t.Props, t.Props> | undefined {
  if (codec instanceof StructType) return codec as StructType<t.Props, t.Props>
  if (codec instanceof RefinedType && codec.type instanceof StructType)
    return codec.type as StructType<t.Props, t.Props>
  return undefined
}

/**
 * The builder for events of one item codec; compiled where allowed, generic otherwise.
 * `rename` exposes a wire key under another name (`policy-enforcement` → `policy_enforcement`).
 */
export function builderFor(codec: t.Mixed, rename?: { readonly from: string; readonly to: string }): Builder {
  if (codec instanceof DispatchType) return dispatchBuilder(codec as DispatchType<t.Mixed, t.Mixed>, rename)
  let built: Builder | undefined
  return (...args) => {
    if (built === undefined) {
      built =
        (canCompile() && structOf(codec) !== undefined
          ? compiledBuilder(structOf(codec) as StructType<t.Props, t.Props>, rename)
          : undefined) ?? genericBuilder(rename)
    }
    return built(...args)
  }
}

/**
 * The builder for items of a dispatching codec (`changes[]` elements, by `field`): the item's
 * member is found by the same table lookup as in decoding, and each member gets its own builder.
 */
function dispatchBuilder(
  codec: DispatchType<t.Mixed, t.Mixed>,
  rename?: { readonly from: string; readonly to: string },
): Builder {
  const builders = new Map<t.Mixed, Builder>()
  return (item, ...rest) => {
    const member = codec.lookup(item)
    let build = builders.get(member)
    if (build === undefined) {
      build = builderFor(member, rename)
      builders.set(member, build)
    }
    return build(item, ...rest)
  }
}
