/** What every decoded event carries besides its wire fields: its tag and its provenance. */

/**
 * The platform an event came from, read from the body's `object`: `"page"` → `messenger`,
 * `"instagram"` → `instagram`, any other object (Graph `user`, WhatsApp, …) → `other`.
 *
 * @example
 * ```ts
 * import type { Platform } from 'messenger-webhooks'
 * const p: Platform = 'instagram'
 * ```
 * @category events
 * @since 0.1.0
 */
export type Platform = 'messenger' | 'instagram' | 'other'

/**
 * The entry array an item came from: `messaging` (your app owns the conversation), `standby`
 * (another app does; Handover Protocol) or `changes` (Graph-style notifications).
 *
 * @example
 * ```ts
 * import type { Channel } from 'messenger-webhooks'
 * const c: Channel = 'standby'
 * ```
 * @category events
 * @since 0.1.0
 */
export type Channel = 'messaging' | 'standby' | 'changes'

/**
 * The entry an event belongs to: its `id` (Page or IG account; `"0"` for dashboard tests) and
 * `time` as sent (epoch ms for messaging entries, seconds for `changes`), and its index.
 *
 * @example
 * ```ts
 * import type { EntryRef } from 'messenger-webhooks'
 * const e: EntryRef = { id: '104857600000001', time: 1718003000123, index: 0 }
 * ```
 * @category events
 * @since 0.1.0
 */
export interface EntryRef {
  readonly id: string
  readonly time: number
  readonly index: number
}

/**
 * Provenance fields shared by every event.
 *
 * @example
 * ```ts
 * import type { EventMeta } from 'messenger-webhooks'
 * declare const meta: EventMeta<'read'>
 * meta.path // 'entry[0].messaging[0]'
 * ```
 * @category events
 * @since 0.1.0
 */
export interface EventMeta<T extends string> {
  /** The event tag, to `switch` on. */
  readonly type: T
  readonly platform: Platform
  readonly channel: Channel
  readonly entry: EntryRef
  /** Position of the item in its channel array. */
  readonly index: number
  /** JSON path of the item in the body, e.g. `entry[0].messaging[1]`. */
  readonly path: string
  /** The item exactly as received (before IDs and numbers were normalised). */
  readonly raw: { readonly [key: string]: unknown }
}

type Flatten<T> = { [K in keyof T]: T[K] } & {}

/**
 * An item's `timestamp` on its event: always a number. Meta documents it on every item, but real
 * traffic sometimes omits it; the event then carries the entry's `time` instead, and
 * `timestampFrom: 'entry.time'` says so (docs/fidelity.md#17-required-fields-what-the-decoder-insists-on).
 */
type Timed<Item> = 'timestamp' extends keyof Item
  ? Omit<Item, 'timestamp'> & {
      readonly timestamp: number
      /** Present only when the item had no `timestamp` and the entry's `time` stands in for it. */
      readonly timestampFrom?: 'entry.time'
    }
  : Item

/**
 * An event: its tag and provenance, then the wire fields of its item under Meta's names; its
 * `timestamp`, when the item kind has one, is always a number (the entry's `time` where the item
 * had none, marked by `timestampFrom`). A union of items gives a union of events (one per
 * member), so a discriminant inside the item (a change's `field`) still narrows.
 *
 * @example
 * ```ts
 * import type { EventOf, ReadItem } from 'messenger-webhooks'
 * type MyRead = EventOf<'read', ReadItem>
 * ```
 * @category events
 * @since 0.1.0
 */
export type EventOf<T extends string, Item> = Item extends unknown
  ? Flatten<EventMeta<T> & Omit<Timed<Item>, keyof EventMeta<T>>>
  : never
