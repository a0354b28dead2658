/**
 * Event objects: tag and provenance first, then every property of the decoded item (unknown
 * ones included; a property named like a provenance field stays reachable through `raw`).
 *
 * Where the runtime allows it (jit.ts), each event kind gets one compiled function that
 * normalises an item and builds its event, copying the known properties by constant name and only
 * the unknown ones by key: one generic copy loop over items of many shapes makes V8's keyed stores
 * megamorphic (bench/decode.bench.mjs). Elsewhere, and for what that function declines, the
 * generic builder.
 */
import type * as t from 'io-ts'
import { canCompile, captures, flatNormalizerSource } from './codec/jit.js'
import { FAIL, normalize } from './codec/normalize.js'
import { strictClean } from './codec/strict.js'
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

/** Renames a wire key on the event (`policy-enforcement` → `policy_enforcement`). */
export interface Rename {
  readonly from: string
  readonly to: string
}

/**
 * The generic builder: a copy loop over the item's keys, with one optional rename. `timed`: an
 * item without its `timestamp` gets the entry's `time`, marked on the event
 * (docs/fidelity.md#17-required-fields-what-the-decoder-insists-on).
 */
function genericBuilder(rename: Rename | undefined, timed: boolean): Builder {
  return (item, type, platform, channel, entry, index, path, raw) => {
    const event: Record<string, unknown> = { type, platform, channel, entry, index, path, raw }
    for (const k in item) if (reserved[k] !== true) setOwn(event, k, item[k])
    if (rename !== undefined && rename.from in event) {
      event[rename.to] = event[rename.from]
      delete event[rename.from]
    }
    if (timed && event.timestamp === undefined) {
      event.timestamp = entry.time
      event.timestampFrom = 'entry.time'
    }
    return event as unknown as WebhookEvent
  }
}

/** The statements of a compiled builder over `item` and the builder's parameters. */
function builderSource(
  codec: StructType<t.Props, t.Props>,
  rename: Rename | undefined,
  timed: boolean,
  setOwnName: string,
): string {
  const out = (k: string) => JSON.stringify(rename !== undefined && k === rename.from ? rename.to : k)
  const required = Object.keys(codec.required).filter((k) => reserved[k] !== true)
  const optional = Object.keys(codec.optional).filter((k) => reserved[k] !== true)
  const known = [...required, ...optional, ...RESERVED]
  let src = 'var e={type:type,platform:platform,channel:channel,entry:entry,index:index,path:path,raw:raw'
  for (const k of required) src += `,${out(k)}:item[${JSON.stringify(k)}]`
  src += '};var v;'
  for (const k of optional) src += `v=item[${JSON.stringify(k)}];if(v!==undefined)e[${out(k)}]=v;`
  src += `for(var k in item){switch(k){${known.map((k) => `case ${JSON.stringify(k)}:`).join('')}break;default:${setOwnName}(e,k,item[k]);}}`
  if (timed) src += 'if(e.timestamp===undefined){e.timestamp=entry.time;e.timestampFrom="entry.time";}'
  return `${src}return e;`
}

const PARAMS = 'item,type,platform,channel,entry,index,path,raw'

/** A builder that may decline: `undefined` sends the item to the full path. */
export type FastBuilder = (...args: Parameters<Builder>) => WebhookEvent | undefined

/**
 * The fast path for items of one codec: the flat normaliser of jit.ts#flatNormalizerSource and
 * the builder in one compiled function (for a dispatching codec, its builder is called). It
 * returns the event of an item it can normalise (the common case), and `undefined` for any other,
 * which then takes the full path (normalize.ts, then `validate` for paths and messages). `strict`:
 * only for an item that strict mode has nothing to report on. `undefined` where code cannot be
 * compiled.
 */
export function compileFastBuilder(
  codec: t.Mixed,
  rename: Rename | undefined,
  timed: boolean,
  strict: boolean,
): FastBuilder | undefined {
  if (!canCompile()) return undefined
  const struct = structOf(codec)
  const { list, ref } = captures()
  const options = { strict, guard: false, other: normalize, failed: FAIL, clean: strictClean }
  const check = flatNormalizerSource(codec, 'item', 'o', 'undefined', options, ref)
  if (check === undefined) return undefined
  const build =
    struct === undefined
      ? `return ${ref(builderFor(codec, rename, timed))}(${PARAMS});`
      : builderSource(struct, rename, timed, ref(setOwn))
  try {
    // A value that throws when read is left to the full path, which reports it.
    return new Function(
      ...list.map((_, i) => `r${i}`),
      `"use strict";return function fast(${PARAMS}){var o=void 0;try{${check}}catch(x){return undefined}if(o!==undefined)item=o;${build}}`,
    )(...list) as FastBuilder
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
export function builderFor(codec: t.Mixed, rename: Rename | undefined, timed: boolean): Builder {
  if (codec instanceof DispatchType) return dispatchBuilder(codec as DispatchType<t.Mixed, t.Mixed>, rename, timed)
  return genericBuilder(rename, timed)
}

/**
 * The builder for items of a dispatching codec (`changes[]` elements, by `field`): the item's
 * member is found by the same table lookup as in decoding, and each member gets its own builder.
 */
function dispatchBuilder(codec: DispatchType<t.Mixed, t.Mixed>, rename: Rename | undefined, timed: boolean): Builder {
  const builders = new Map<t.Mixed, Builder>()
  return (item, ...rest) => {
    const member = codec.lookup(item)
    let build = builders.get(member)
    if (build === undefined) {
      build = builderFor(member, rename, timed)
      builders.set(member, build)
    }
    return build(item, ...rest)
  }
}
