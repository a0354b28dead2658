/** Postbacks (tag `postback`, field `messaging_postbacks`; docs/reference.md#postback). */
import type * as t from 'io-ts'
import { Str, Timestamp } from '../codec/primitives.js'
import { struct } from '../codec/struct.js'
import { PriorMessage, Recipient, Sender } from './common.js'
import { MessageReferral } from './referral.js'

/**
 * `postback`: the button's `title`; `payload` only for the app that sent the button (standby
 * copies lack it); `referral` on the first postback after an entry point.
 *
 * @example
 * ```ts
 * import { Postback } from 'messenger-webhooks'
 * Postback.is({ title: 'Get Started', payload: 'GET_STARTED' }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const Postback = struct(
  'Postback',
  {},
  { title: Str, payload: Str, mid: Str, referral: MessageReferral },
  // Meta's earlier documentation sent `{ payload }` only, and replayed captures still do.
  { documented: ['title'] },
)
/** The type the `Postback` codec decodes to. @category events @since 0.1.0 */
export type Postback = t.TypeOf<typeof Postback>

/**
 * A messaging item carrying `postback` (tag `postback`); `sender` may be `{ user_ref }`.
 *
 * @example
 * ```ts
 * import { PostbackItem } from 'messenger-webhooks'
 * PostbackItem.is({ sender: { id: '1' }, recipient: { id: '2' }, timestamp: 1, postback: { title: 'Go' } }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const PostbackItem = struct(
  'PostbackItem',
  {
    sender: Sender,
    recipient: Recipient,
    postback: Postback,
  },
  // A top-level `referral` next to `postback` is a modifier, not an event
  // (docs/reference.md#how-an-item-is-classified).
  { timestamp: Timestamp, prior_message: PriorMessage, referral: MessageReferral },
  { documented: ['timestamp'] },
)
/** The type the `PostbackItem` codec decodes to. @category events @since 0.1.0 */
export type PostbackItem = t.TypeOf<typeof PostbackItem>
