/** Edited messages (tag `message_edit`, field `message_edits`; docs/reference.md#message_edit). */
import type * as t from 'io-ts'
import { NumberLike, Str, Timestamp } from '../codec/primitives.js'
import { struct } from '../codec/struct.js'
import { Recipient, SenderId } from './common.js'

/**
 * `message_edit`: the edited message's `mid`, its new `text`, and `num_edit` (a number, also
 * accepted as a numeric string as in Meta's examples).
 *
 * @example
 * ```ts
 * import { MessageEdit } from 'messenger-webhooks'
 * MessageEdit.is({ mid: 'm_1', text: 'see you at 6pm', num_edit: 1 }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const MessageEdit = struct(
  'MessageEdit',
  { mid: Str },
  { text: Str, num_edit: NumberLike },
  // Real Instagram edits arrive as `{ mid, num_edit }` without `text` (docs/fidelity.md#17-required-fields-what-the-decoder-insists-on).
  { documented: ['text', 'num_edit'] },
)
/** The type the `MessageEdit` codec decodes to. @category events @since 0.1.0 */
export type MessageEdit = t.TypeOf<typeof MessageEdit>

/**
 * A messaging item carrying `message_edit` (tag `message_edit`).
 *
 * @example
 * ```ts
 * import { MessageEditItem } from 'messenger-webhooks'
 * MessageEditItem.is({ sender: { id: '1' }, recipient: { id: '2' }, timestamp: 1, message_edit: { mid: 'm', text: 'x', num_edit: 1 } }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const MessageEditItem = struct(
  'MessageEditItem',
  {
    sender: SenderId,
    recipient: Recipient,
    message_edit: MessageEdit,
  },
  { timestamp: Timestamp },
  { documented: ['timestamp'] },
)
/** The type the `MessageEditItem` codec decodes to. @category events @since 0.1.0 */
export type MessageEditItem = t.TypeOf<typeof MessageEditItem>
