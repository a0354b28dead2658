/** The two ways a decode reports trouble: an unusable envelope, and an item that failed. */
import type { DecodeIssue } from './codec/path.js'
import type { Channel, EntryRef, EventType } from './events/index.js'

export type { DecodeIssue } from './codec/path.js'

/**
 * The body cannot be read as a webhook at all (not an object, no `object` string, `entry` not an
 * array, an entry that is not an object, ...). `issues` lists every such problem with its path.
 *
 * @example
 * ```ts
 * import { decodeWebhook } from 'messenger-webhooks'
 * const r = decodeWebhook([])
 * if (r._tag === 'Left') console.error(r.left.message) // (body): expected the webhook body to be a JSON object, ...
 * ```
 * @category errors
 * @since 0.1.0
 */
export interface WebhookError {
  readonly _tag: 'WebhookError'
  /**
   * What kind of problem: `envelope` (the parsed body is not a webhook), or, from
   * {@link parseWebhook} only, `json` (the text is not JSON) or `encoding` (the bytes are not UTF-8).
   */
  readonly reason: 'envelope' | 'json' | 'encoding'
  /** All issues as one readable text, one per line. */
  readonly message: string
  readonly issues: readonly DecodeIssue[]
}

/**
 * An item with a known event key (or any item, in strict mode) that failed its codec. It is
 * reported here instead of being dropped; the rest of the batch still decodes.
 *
 * @example
 * ```ts
 * import { decodeWebhook } from 'messenger-webhooks'
 * declare const body: unknown
 * const r = decodeWebhook(body)
 * if (r._tag === 'Right') for (const bad of r.right.invalid) console.warn(bad.path, bad.message)
 * ```
 * @category errors
 * @since 0.1.0
 */
export interface InvalidItem {
  /** The tag the item's event key points to (`unknown` when it has none, in strict mode). */
  readonly type: EventType | undefined
  /** JSON path of the first problem, e.g. `entry[0].messaging[1].message.attachments[0].payload.url`. */
  readonly path: string
  /** The first problem, as `path: message`. */
  readonly message: string
  /** Every problem found in the item. */
  readonly issues: readonly DecodeIssue[]
  /** JSON path of the item itself, e.g. `entry[0].messaging[1]`. */
  readonly itemPath: string
  readonly channel: Channel
  readonly entry: EntryRef
  readonly index: number
  /** The item exactly as received. */
  readonly raw: unknown
}

/**
 * The result shape of {@link parseWebhook} and other functions for users who do not use fp-ts.
 *
 * @example
 * ```ts
 * import type { Result } from 'messenger-webhooks'
 * const r: Result<number, string> = { ok: true, value: 1 }
 * ```
 * @category errors
 * @since 0.1.0
 */
export type Result<A, E> = { readonly ok: true; readonly value: A } | { readonly ok: false; readonly error: E }
