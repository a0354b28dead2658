/**
 * The decoder: raw webhook body → envelope checks → one event per item, in input order.
 * Nothing here throws on bad input; an unusable envelope is a `Left`, a bad item lands in
 * `invalid` with its path, and `events.length + invalid.length` is the number of items.
 */
import type { Either } from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { FAIL, normalize } from './codec/normalize.js'
import { type DecodeIssue, errorsToIssues, formatIssue } from './codec/path.js'
import { toId, toNumber } from './codec/primitives.js'
import { unknownProperties } from './codec/strict.js'
import { describe, errorText, isRecord, safeIs, safeValidate } from './codec/util.js'
import { CHANGE, itemProbe, kindOf } from './dispatch.js'
import type { InvalidItem, WebhookError } from './errors.js'
import type { Channel, EntryRef, Platform, WebhookEvent } from './events/index.js'

/**
 * Options for {@link decodeWebhook}.
 *
 * @example
 * ```ts
 * import { decodeWebhook, type DecodeOptions } from 'messenger-webhooks'
 * const options: DecodeOptions = { strict: true }
 * ```
 * @category decoding
 * @since 0.1.0
 */
export interface DecodeOptions {
  /**
   * Strict mode, for CI: items with an unknown event key and properties the codecs do not know
   * are reported in `invalid` (with paths) instead of being accepted. Default `false`.
   */
  readonly strict?: boolean
}

/**
 * An entry of the body: its reference plus its path and the entry object as received.
 *
 * @example
 * ```ts
 * import type { DecodedEntry } from 'messenger-webhooks'
 * declare const e: DecodedEntry
 * e.path // 'entry[0]'
 * ```
 * @category decoding
 * @since 0.1.0
 */
export interface DecodedEntry extends EntryRef {
  readonly path: string
  readonly raw: { readonly [key: string]: unknown }
}

/**
 * A decoded webhook body.
 *
 * @example
 * ```ts
 * import { decodeWebhook } from 'messenger-webhooks'
 * declare const body: unknown
 * const r = decodeWebhook(body)
 * if (r._tag === 'Right') console.log(r.right.object, r.right.events.length, r.right.invalid.length)
 * ```
 * @category decoding
 * @since 0.1.0
 */
export interface DecodedWebhook {
  /** `object` as sent: `"page"`, `"instagram"`, or another string. */
  readonly object: string
  readonly platform: Platform
  readonly entries: readonly DecodedEntry[]
  /** Every item that decoded, from every entry and channel, in input order. */
  readonly events: readonly WebhookEvent[]
  /** Every item that did not, with paths and messages, in input order. */
  readonly invalid: readonly InvalidItem[]
  /** The body as received. */
  readonly raw: { readonly [key: string]: unknown }
}

const CHANNELS = ['messaging', 'standby', 'changes'] as const

function platformOf(object: string): Platform {
  return object === 'page' ? 'messenger' : object === 'instagram' ? 'instagram' : 'other'
}

function webhookError(issues: DecodeIssue[]): WebhookError {
  return {
    _tag: 'WebhookError',
    reason: 'envelope',
    message: issues.map(formatIssue).join('\n'),
    issues,
  }
}

const left = <E>(e: E): Either<E, never> => ({ _tag: 'Left', left: e })
const right = <A>(a: A): Either<never, A> => ({ _tag: 'Right', right: a })

/** Where an item sits, for provenance on its event or its invalid report. */
interface Place {
  readonly platform: Platform
  readonly channel: Channel
  readonly entry: EntryRef
  readonly index: number
  readonly path: string
}

function invalidItem(place: Place, type: InvalidItem['type'], raw: unknown, issues: DecodeIssue[]): InvalidItem {
  const first = issues[0] as DecodeIssue
  return {
    type,
    path: first.path,
    message: formatIssue(first),
    issues,
    itemPath: place.path,
    channel: place.channel,
    entry: place.entry,
    index: place.index,
    raw,
  }
}

function validateAt(codec: t.Mixed, value: unknown, path: string): t.Validation<unknown> {
  return codec.validate(value, [{ key: path, type: codec, actual: value }])
}

/** Sink for decoded items: every item ends in exactly one of the two arrays. */
interface Sink {
  readonly events: WebhookEvent[]
  readonly invalid: InvalidItem[]
}

function bad(sink: Sink, place: Place, type: InvalidItem['type'], raw: unknown, issues: DecodeIssue[]): void {
  sink.invalid.push(invalidItem(place, type, raw, issues))
}

/**
 * Decodes one item of `messaging[]`, `standby[]` (`kind` found by key) or `changes[]`. Its place
 * comes as arguments: a place object is made only for an invalid item.
 */
function decodeItem(
  raw: unknown,
  platform: Platform,
  channel: Channel,
  entry: EntryRef,
  index: number,
  path: string,
  strict: boolean,
  sink: Sink,
  tried = false,
): void {
  if (!isRecord(raw)) {
    bad(sink, { platform, channel, entry, index, path }, undefined, raw, [
      {
        path,
        message: `expected a ${channel} item (an object), got ${describe(raw)}`,
      },
    ])
    return
  }
  const kind = channel === 'changes' ? CHANGE : kindOf(raw)
  if (kind === undefined) {
    if (strict) {
      const keys = Object.keys(raw).filter((k) => k !== 'sender' && k !== 'recipient' && k !== 'timestamp')
      bad(sink, { platform, channel, entry, index, path }, 'unknown', raw, [
        {
          path,
          message: `unknown event: no known event key (keys: ${keys.join(', ') || 'none'}) (strict mode)`,
        },
      ])
      return
    }
    sink.events.push({
      type: 'unknown',
      platform,
      channel,
      entry,
      index,
      path,
      raw,
    })
    return
  }
  if (!tried) {
    const event = (strict ? kind.fastStrict : kind.fast)(raw, kind.type, platform, channel, entry, index, path, raw)
    if (event !== undefined) {
      sink.events.push(event)
      return
    }
  }
  // The full path: the item itself when it is already of the codec's type, a normalised copy for
  // an ID as a number or a number as a string (normalize.ts), and FAIL otherwise: only then does
  // `validate` run, for its paths and messages.
  let item = normalize(kind.codec, raw) as Record<string, unknown>
  if (item === (FAIL as unknown)) {
    const result = validateAt(kind.codec, raw, path)
    if (result._tag === 'Left') {
      bad(sink, { platform, channel, entry, index, path }, kind.type, raw, errorsToIssues(result.left))
      return
    }
    item = result.right as Record<string, unknown>
  }
  if (strict) {
    const issues: DecodeIssue[] = []
    unknownProperties(kind.codec, raw, path, issues)
    if (issues.length > 0) {
      bad(sink, { platform, channel, entry, index, path }, kind.type, raw, issues)
      return
    }
  }
  sink.events.push(kind.build(item, kind.type, platform, channel, entry, index, path, raw))
}

/** Appends an issue to a list made on the first one. */
function add(issues: DecodeIssue[] | undefined, issue: DecodeIssue): DecodeIssue[] {
  if (issues === undefined) return [issue]
  issues.push(issue)
  return issues
}

function notAnArray(entryPath: string, channel: Channel, items: unknown): DecodeIssue {
  return {
    path: `${entryPath}.${channel}`,
    message: `expected "${channel}" to be an array of items, got ${describe(items)}`,
  }
}

/** Reports an item whose reading threw (only non-JSON values: a getter or proxy that throws). */
function threw(
  sink: Sink,
  raw: unknown,
  platform: Platform,
  channel: Channel,
  entry: EntryRef,
  index: number,
  path: string,
  e: unknown,
): void {
  // Only non-JSON values get here (a getter or proxy that throws).
  bad(sink, { platform, channel, entry, index, path }, undefined, raw, [
    { path, message: `reading the item threw: ${errorText(e)}` },
  ])
}

/**
 * Path strings of the first items of the first entries, made once: a webhook body names the same
 * few places again and again, and building `entry[0].messaging[3]` costs more than finding it.
 */
const CACHED_ENTRIES = 16
const CACHED_ITEMS = 128
const entryPaths: string[] = []
const itemPaths: string[][] = []

function entryPathOf(i: number): string {
  if (i >= CACHED_ENTRIES) return `entry[${i}]`
  let path = entryPaths[i]
  if (path === undefined) {
    path = `entry[${i}]`
    entryPaths[i] = path
  }
  return path
}

function decodeChannel(
  items: readonly unknown[],
  platform: Platform,
  channel: Channel,
  entry: EntryRef,
  entryPath: string,
  strict: boolean,
  sink: Sink,
): void {
  let cache: string[] | undefined
  if (entry.index < CACHED_ENTRIES) {
    const slot = entry.index * 3 + (channel === 'messaging' ? 0 : channel === 'standby' ? 1 : 2)
    cache = itemPaths[slot]
    if (cache === undefined) {
      cache = []
      itemPaths[slot] = cache
    }
  }
  const events = sink.events
  const probe = itemProbe()
  const n = items.length
  let index = 0
  // One try around the loop, not one per item: an item that throws (a getter or proxy, never
  // JSON) is reported by its index and the loop goes on after it.
  while (index < n) {
    let raw: unknown
    let path = ''
    try {
      for (; index < n; index++) {
        raw = items[index]
        if (cache !== undefined && index < CACHED_ITEMS) {
          const cached = cache[index]
          if (cached === undefined) {
            path = `${entryPath}.${channel}[${index}]`
            cache[index] = path
          } else path = cached
        } else path = `${entryPath}.${channel}[${index}]`
        // The common item: a known kind that one compiled function normalises and builds.
        if (isRecord(raw)) {
          const kind = channel === 'changes' ? CHANGE : probe(raw)
          if (kind !== undefined) {
            const event = (strict ? kind.fastStrict : kind.fast)(
              raw,
              kind.type,
              platform,
              channel,
              entry,
              index,
              path,
              raw,
            )
            if (event !== undefined) {
              events.push(event)
              continue
            }
          }
        }
        decodeItem(raw, platform, channel, entry, index, path, strict, sink, true)
      }
    } catch (e) {
      threw(sink, raw, platform, channel, entry, index, path, e)
      index++
    }
  }
}

/**
 * Decodes a parsed webhook body into typed events.
 *
 * `Left` only when the envelope is unusable; otherwise every item of every entry (from
 * `messaging[]`, `standby[]` and `changes[]`) is either in `events` or in `invalid`, in input
 * order. Never throws.
 *
 * @example
 * ```ts
 * import { decodeWebhook } from 'messenger-webhooks'
 * const r = decodeWebhook(JSON.parse(text))
 * if (r._tag === 'Right') {
 *   for (const event of r.right.events) {
 *     if (event.type === 'message') console.log(event.sender.id, event.message.text)
 *   }
 * }
 * ```
 * @category decoding
 * @since 0.1.0
 */
export function decodeWebhook(body: unknown, options?: DecodeOptions): Either<WebhookError, DecodedWebhook> {
  return decodeStrictly(body, options !== undefined && option(options, 'strict') === true)
}

/** {@link decodeWebhook} with its one option read (parse.ts reads it once for both passes). */
export function decodeStrictly(body: unknown, strict: boolean): Either<WebhookError, DecodedWebhook> {
  try {
    return decodeBody(body, strict)
  } catch (e) {
    // Only non-JSON values get here (a getter or proxy that throws): report, never rethrow.
    return left(webhookError([{ path: '', message: `reading the body threw: ${errorText(e)}` }]))
  }
}

/**
 * One field of an options or context object as given: `null`, a non-object, or an object that
 * throws when read counts as one without the field, so a bad options argument never throws and
 * never changes how the body is read.
 */
export function option(options: unknown, key: string): unknown {
  try {
    return typeof options === 'object' && options !== null ? (options as Record<string, unknown>)[key] : undefined
  } catch {
    return undefined
  }
}

function isEntryRef(u: unknown): u is EntryRef {
  try {
    if (typeof u !== 'object' || u === null) return false
    const e = u as Record<string, unknown>
    return typeof e.id === 'string' && typeof e.time === 'number' && typeof e.index === 'number'
  } catch {
    return false
  }
}

function decodeBody(body: unknown, strict: boolean): Either<WebhookError, DecodedWebhook> {
  if (!isRecord(body)) {
    return left(
      webhookError([
        {
          path: '',
          message: `expected the webhook body to be a JSON object, got ${describe(body)}`,
        },
      ]),
    )
  }
  let issues: DecodeIssue[] | undefined
  const object = body.object
  if (typeof object !== 'string') {
    const hint =
      typeof body.field === 'string' && body.value !== undefined
        ? " (this looks like a single `{ field, value }` change from Meta's reference pages, not a webhook body)"
        : ''
    issues = add(issues, {
      path: 'object',
      message: `expected "object" to be a string such as "page" or "instagram", got ${describe(object)}${hint}`,
    })
  }
  const entryList = body.entry
  if (!Array.isArray(entryList)) {
    issues = add(issues, {
      path: 'entry',
      message: `expected "entry" to be an array of entries, got ${describe(entryList)}`,
    })
  }
  if (issues !== undefined) return left(webhookError(issues))
  const platform = platformOf(object as string)
  const entries: DecodedEntry[] = []
  const events: WebhookEvent[] = []
  const invalid: InvalidItem[] = []
  const sink: Sink = { events, invalid }
  const list = entryList as unknown[]
  for (let i = 0; i < list.length; i++) {
    const raw = list[i]
    const entryPath = entryPathOf(i)
    if (!isRecord(raw)) {
      issues = add(issues, {
        path: entryPath,
        message: `expected an entry object, got ${describe(raw)}`,
      })
      continue
    }
    const id = toId(raw.id)
    const time = toNumber(raw.time)
    if (id === undefined)
      issues = add(issues, {
        path: `${entryPath}.id`,
        message: `expected the entry id (Page or IG account ID) as a string or number, got ${describe(raw.id)}`,
      })
    if (time === undefined)
      issues = add(issues, {
        path: `${entryPath}.time`,
        message: `expected the entry time as a number, got ${describe(raw.time)}`,
      })
    const messaging = raw.messaging
    const standby = raw.standby
    const changes = raw.changes
    if (messaging !== undefined && !Array.isArray(messaging))
      issues = add(issues, notAnArray(entryPath, 'messaging', messaging))
    if (standby !== undefined && !Array.isArray(standby))
      issues = add(issues, notAnArray(entryPath, 'standby', standby))
    if (changes !== undefined && !Array.isArray(changes))
      issues = add(issues, notAnArray(entryPath, 'changes', changes))
    if (id === undefined || time === undefined || issues !== undefined) continue
    const entry: DecodedEntry = { id, time, index: i, path: entryPath, raw }
    entries.push(entry)
    const ref: EntryRef = { id, time, index: i }
    if (messaging !== undefined)
      decodeChannel(messaging as unknown[], platform, 'messaging', ref, entryPath, strict, sink)
    if (standby !== undefined) decodeChannel(standby as unknown[], platform, 'standby', ref, entryPath, strict, sink)
    if (changes !== undefined) decodeChannel(changes as unknown[], platform, 'changes', ref, entryPath, strict, sink)
  }
  if (issues !== undefined) return left(webhookError(issues))
  return right({
    object: object as string,
    platform,
    entries,
    events,
    invalid,
    raw: body,
  })
}

/**
 * Context for {@link decodeEvent}: where the item came from. Defaults: Messenger, `messaging`,
 * entry `{ id: '', time: 0, index: 0 }`, index 0, path `''`.
 *
 * @example
 * ```ts
 * import type { EventContext } from 'messenger-webhooks'
 * const c: EventContext = { platform: 'instagram', channel: 'standby' }
 * ```
 * @category decoding
 * @since 0.1.0
 */
export interface EventContext extends DecodeOptions {
  readonly platform?: Platform
  readonly channel?: Channel
  readonly entry?: EntryRef
  readonly index?: number
  readonly path?: string
}

/**
 * Decodes a single messaging item (or, with `channel: 'changes'`, a change) on its own.
 *
 * @example
 * ```ts
 * import { decodeEvent } from 'messenger-webhooks'
 * const r = decodeEvent({ sender: { id: '1' }, recipient: { id: '2' }, timestamp: 1, read: { watermark: 1 } })
 * if (r._tag === 'Right' && r.right.type === 'read') r.right.read.watermark // 1
 * ```
 * @category decoding
 * @since 0.1.0
 */
export function decodeEvent(item: unknown, context: EventContext = {}): Either<InvalidItem, WebhookEvent> {
  const platform = option(context, 'platform')
  const channel = option(context, 'channel')
  const entry = option(context, 'entry')
  const index = option(context, 'index')
  const path = option(context, 'path')
  const place: Place = {
    platform: platform === 'instagram' || platform === 'other' ? platform : 'messenger',
    channel: channel === 'standby' || channel === 'changes' ? channel : 'messaging',
    entry: isEntryRef(entry) ? entry : { id: '', time: 0, index: 0 },
    index: typeof index === 'number' && Number.isSafeInteger(index) && index >= 0 ? index : 0,
    path: typeof path === 'string' ? path : '',
  }
  const sink: Sink = { events: [], invalid: [] }
  const { platform: p, channel: c, entry: e, index: i, path: at } = place
  try {
    decodeItem(item, p, c, e, i, at, option(context, 'strict') === true, sink)
  } catch (x) {
    threw(sink, item, p, c, e, i, at, x)
  }
  const event = sink.events[0]
  return event !== undefined ? right(event) : left(sink.invalid[0] as InvalidItem)
}

/**
 * Rebuilds the body from a decoded webhook: the envelope and entries as received, with every
 * item put back at its place from `events` and `invalid` (each as received). For a decoded body
 * the result deep-equals the input, which also proves no item was lost or moved.
 *
 * @example
 * ```ts
 * import { decodeWebhook, encodeWebhook } from 'messenger-webhooks'
 * declare const body: unknown
 * const r = decodeWebhook(body)
 * if (r._tag === 'Right') encodeWebhook(r.right) // deep-equals body
 * ```
 * @category decoding
 * @since 0.1.0
 */
export function encodeWebhook(decoded: DecodedWebhook): {
  readonly [key: string]: unknown
} {
  try {
    return encode(decoded)
  } catch {
    // Only a value that is no DecodedWebhook gets here (one that throws when read).
    return { entry: [] }
  }
}

function encode(decoded: DecodedWebhook): { readonly [key: string]: unknown } {
  const list = <T>(u: readonly T[] | undefined): readonly T[] => (Array.isArray(u) ? u : [])
  const entryOut: Record<string, unknown>[] = []
  const byIndex = new Map<number, Record<string, unknown>>()
  for (const e of list(decoded.entries)) {
    const copy: Record<string, unknown> = { ...e.raw }
    for (const channel of CHANNELS) {
      const items = e.raw?.[channel]
      if (Array.isArray(items)) copy[channel] = new Array(items.length)
    }
    entryOut.push(copy)
    byIndex.set(e.index, copy)
  }
  const place = (x: { entry: EntryRef; channel: Channel; index: number }, raw: unknown) => {
    const target = byIndex.get(x.entry?.index)?.[x.channel]
    if (Array.isArray(target)) target[x.index] = raw
  }
  for (const e of list(decoded.events)) place(e, e.raw)
  for (const e of list(decoded.invalid)) place(e, e.raw)
  return { ...decoded.raw, object: decoded.object, entry: entryOut }
}

/**
 * The whole body as an io-ts codec: `decode` is {@link decodeWebhook} (a `Left` lists the
 * envelope issues as io-ts errors), `encode` is {@link encodeWebhook}.
 *
 * @example
 * ```ts
 * import { WebhookBody } from 'messenger-webhooks'
 * declare const body: unknown
 * const r = WebhookBody.decode(body)
 * if (r._tag === 'Right') WebhookBody.encode(r.right) // deep-equals body
 * ```
 * @category decoding
 * @since 0.1.0
 */
export const WebhookBody: t.Type<DecodedWebhook, { readonly [key: string]: unknown }, unknown> = new t.Type<
  DecodedWebhook,
  { readonly [key: string]: unknown },
  unknown
>(
  'WebhookBody',
  safeIs(isDecodedWebhook),
  safeValidate((u, c) => {
    // An already decoded webhook is one: `is` implies `decode` succeeds, as for every codec.
    if (isDecodedWebhook(u)) return t.success(u)
    const r = decodeWebhook(u)
    if (r._tag === 'Right') return t.success(r.right)
    return t.failures(
      r.left.issues.map((issue) => ({
        value: u,
        context: [
          ...c,
          {
            key: issue.path,
            type: WebhookBody as t.Decoder<unknown, unknown>,
            actual: u,
          },
        ],
        message: formatIssue(issue),
      })),
    )
  }),
  encodeWebhook,
)

/** The guard of `WebhookBody`'s output: the shape of a `DecodedWebhook`. */
function isDecodedWebhook(u: unknown): u is DecodedWebhook {
  if (!isRecord(u) || typeof u.object !== 'string' || !isRecord(u.raw)) return false
  if (u.platform !== 'messenger' && u.platform !== 'instagram' && u.platform !== 'other') return false
  if (!Array.isArray(u.entries) || !Array.isArray(u.events) || !Array.isArray(u.invalid)) return false
  for (const e of u.events) if (!isRecord(e) || typeof e.type !== 'string') return false
  for (const i of u.invalid) if (!isRecord(i) || typeof i.path !== 'string') return false
  return true
}
