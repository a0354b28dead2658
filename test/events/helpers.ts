/**
 * Helpers for the event specifications in this folder: build a one-entry body around literal
 * items, decode it through the public API, and narrow the result to one event tag.
 * Everything goes through `decodeWebhook` / `decodeEvent`; nothing here reaches into src/ internals.
 */
import { expect } from 'vitest'
import {
  type Channel,
  type DecodedWebhook,
  type DecodeOptions,
  decodeEvent,
  decodeWebhook,
  type EventByType,
  type EventContext,
  type EventType,
  type InvalidItem,
  isEventType,
  type WebhookEvent,
} from '../../src/index.js'
import { readFixture } from '../fixtures.js'

/** Placeholder IDs, in the style of Meta's examples. */
export const PAGE_ID = '104857600000001'
export const PSID = '2400000000000001'
export const IG_ACCOUNT_ID = '17841400000000001'
export const IGSID = '1200000000000001'
export const APP_ID = '1517776481860111'
export const PAGE_INBOX_APP_ID = '263902037430900'

/** `entry.time` of the bodies built by {@link body}. */
export const ENTRY_TIME = 1718003000123

/** Path of the first messaging item of a one-entry body. */
export const AT = 'entry[0].messaging[0]'

/** A parsed webhook body, loose enough to reach into. */
export interface Body {
  readonly object: string
  readonly entry: ReadonlyArray<{ readonly [key: string]: unknown }>
}

/** A messaging item as written in a test. */
export type Item = { readonly [key: string]: unknown }

/** Common fields of a Messenger item sent by a person to the Page. */
export const person = { sender: { id: PSID }, recipient: { id: PAGE_ID }, timestamp: 1718002999876 } as const

/** Common fields of an Instagram item sent by a customer to the IG account. */
export const igUser = { sender: { id: IGSID }, recipient: { id: IG_ACCOUNT_ID }, timestamp: 1569262485349 } as const

/** A body with one entry carrying `items` in `channel` (default: a Messenger `messaging` array). */
export function body(
  items: readonly unknown[],
  options: { readonly object?: string; readonly channel?: Channel } = {},
): Body {
  const object = options.object ?? 'page'
  const id = object === 'instagram' ? IG_ACCOUNT_ID : PAGE_ID
  return { object, entry: [{ id, time: ENTRY_TIME, [options.channel ?? 'messaging']: items }] }
}

/** A shipped fixture body. */
export function fixture(file: string): Body {
  return readFixture(file) as Body
}

/** The item at `entry[entry].<channel>[index]` of a body. */
export function itemOf(b: Body, channel: Channel = 'messaging', entry = 0, index = 0): Item {
  const items = b.entry[entry]?.[channel]
  if (!Array.isArray(items)) throw new Error(`entry[${entry}] has no ${channel} array`)
  return items[index] as Item
}

/** Decodes a body; an envelope error fails the test. */
export function decode(input: unknown, options?: DecodeOptions): DecodedWebhook {
  const r = decodeWebhook(input, options)
  if (r._tag === 'Left') throw new Error(`expected the envelope to decode, got:\n${r.left.message}`)
  return r.right
}

/** Narrows an event to `type` with the public guard; any other tag fails the test. */
export function narrow<T extends EventType>(event: WebhookEvent | undefined, type: T): EventByType<T> {
  if (event === undefined) throw new Error(`expected a ${type} event, got none`)
  if (!isEventType(type)(event)) throw new Error(`expected a ${type} event, got ${event.type}`)
  return event
}

/** Decodes a body holding exactly one item, which must decode to a `type` event. */
export function soleEvent<T extends EventType>(input: unknown, type: T): EventByType<T> {
  const d = decode(input)
  if (d.invalid.length > 0)
    throw new Error(`expected no invalid item, got:\n${d.invalid.map((i) => i.message).join('\n')}`)
  if (d.events.length !== 1) throw new Error(`expected one event, got ${d.events.length}`)
  return narrow(d.events[0], type)
}

/** Decodes a body holding exactly one item, which must fail: its report. */
export function soleInvalid(input: unknown): InvalidItem {
  const d = decode(input)
  if (d.events.length > 0) throw new Error(`expected no event, got ${d.events.map((e) => e.type).join(', ')}`)
  const [bad, ...more] = d.invalid
  if (bad === undefined || more.length > 0) throw new Error(`expected one invalid item, got ${d.invalid.length}`)
  return bad
}

/** Decodes one item with `decodeEvent`, which must give a `type` event. */
export function eventFrom<T extends EventType>(item: unknown, type: T, context?: EventContext): EventByType<T> {
  const r = decodeEvent(item, context)
  if (r._tag === 'Left') throw new Error(`expected the item to decode, got: ${r.left.message}`)
  return narrow(r.right, type)
}

/** Decodes one item with `decodeEvent`, which must fail: its report. */
export function invalidFrom(item: unknown, context?: EventContext): InvalidItem {
  const r = decodeEvent(item, context)
  if (r._tag === 'Right') throw new Error(`expected the item to fail, got a ${r.right.type} event`)
  return r.left
}

/**
 * A field Meta documents as always present, absent (docs/fidelity.md §17): the item decodes to a
 * `type` event in lenient mode, and strict mode reports it at `path` as documented as required.
 */
export function expectDocumentedMissing<T extends EventType>(input: unknown, type: T, path: string): EventByType<T> {
  const event = soleEvent(input, type)
  const strict = decode(input, { strict: true })
  expect(strict.events).toEqual([])
  const key = path.slice(path.lastIndexOf('.') + 1)
  expect(strict.invalid[0]?.path).toBe(path)
  expect(strict.invalid[0]?.message).toMatch(
    new RegExp(`^${escapeRegExp(path)}: missing property "${key}", documented as required in \\w+ \\(strict mode\\)$`),
  )
  return event
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
