/**
 * Echoes of messages the Page or IG account sent (tag `message_echo`, field `message_echoes`;
 * on Instagram they come with `messages`; docs/reference.md#message_echo).
 */
import type * as t from 'io-ts'
import { Id, Str, Timestamp, True } from '../codec/primitives.js'
import { struct } from '../codec/struct.js'
import { PriorMessage, Recipient, SenderId } from './common.js'
import { messageFields } from './message.js'

/**
 * The `message` object of an echo: `is_echo: true`, plus `app_id` (the sending app; the Page
 * Inbox app for messages sent by people) and `metadata` from the Send API.
 *
 * @example
 * ```ts
 * import { MessageEcho } from 'messenger-webhooks'
 * MessageEcho.is({ mid: 'm_1', is_echo: true, app_id: '1517776481860111' }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const MessageEcho = struct(
  'MessageEcho',
  { mid: Str, is_echo: True },
  { ...messageFields, app_id: Id, metadata: Str },
)
/** The type the `MessageEcho` codec decodes to. @category events @since 0.1.0 */
export type MessageEcho = t.TypeOf<typeof MessageEcho>

/**
 * A messaging item carrying an echo (tag `message_echo`): `sender` is the Page / IG account,
 * `recipient` the person.
 *
 * @example
 * ```ts
 * import { MessageEchoItem } from 'messenger-webhooks'
 * MessageEchoItem.is({ sender: { id: '2' }, recipient: { id: '1' }, timestamp: 1, message: { mid: 'm', is_echo: true } }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const MessageEchoItem = struct(
  'MessageEchoItem',
  {
    sender: SenderId,
    recipient: Recipient,
    message: MessageEcho,
  },
  { timestamp: Timestamp, prior_message: PriorMessage },
  { documented: ['timestamp'] },
)
/** The type the `MessageEchoItem` codec decodes to. @category events @since 0.1.0 */
export type MessageEchoItem = t.TypeOf<typeof MessageEchoItem>
