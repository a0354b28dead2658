/** The legacy top-level `message_request` (tag `message_request`; docs/reference.md#message_request). */
import type * as t from 'io-ts'
import { openString, Timestamp } from '../codec/primitives.js'
import { struct } from '../codec/struct.js'
import { Recipient, SenderId } from './common.js'

/**
 * A messaging item with `message_request: "accept"` (customer matching, 2017-era payloads).
 *
 * @example
 * ```ts
 * import { MessageRequestItem } from 'messenger-webhooks'
 * MessageRequestItem.is({ sender: { id: '1' }, recipient: { id: '2' }, timestamp: 1, message_request: 'accept' }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const MessageRequestItem = struct(
  'MessageRequestItem',
  {
    sender: SenderId,
    recipient: Recipient,
    message_request: openString<'accept'>('MessageRequest'),
  },
  { timestamp: Timestamp },
  { documented: ['timestamp'] },
)
/** The type the `MessageRequestItem` codec decodes to. @category events @since 0.1.0 */
export type MessageRequestItem = t.TypeOf<typeof MessageRequestItem>
