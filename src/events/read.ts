/** Read receipts (tag `read`, field `message_reads`, IG `messaging_seen`; docs/reference.md#read). */
import type * as t from 'io-ts'
import { NumberLike, Str, Timestamp } from '../codec/primitives.js'
import { refine, struct } from '../codec/struct.js'
import { Recipient, SenderId } from './common.js'

/**
 * `read`: Messenger sends `watermark` (epoch ms, everything before it was read), Instagram the
 * `mid` of the message seen. Either is accepted on both platforms; one of them must be present.
 *
 * @example
 * ```ts
 * import { Read } from 'messenger-webhooks'
 * Read.is({ mid: 'aWdf_seen_message' }) // true
 * Read.is({}) // false
 * ```
 * @category events
 * @since 0.1.0
 */
export const Read = refine(
  struct('Read', {}, { watermark: Timestamp, mid: Str, seq: NumberLike }),
  (r) => r.watermark !== undefined || r.mid !== undefined,
  'Read',
  'expected "watermark" (Messenger) or "mid" (Instagram) in the read receipt, found neither',
)
/** The type the `Read` codec decodes to. @category events @since 0.1.0 */
export type Read = t.TypeOf<typeof Read>

/**
 * A messaging item carrying `read` (tag `read`).
 *
 * @example
 * ```ts
 * import { ReadItem } from 'messenger-webhooks'
 * ReadItem.is({ sender: { id: '1' }, recipient: { id: '2' }, timestamp: 1, read: { watermark: 1 } }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const ReadItem = struct(
  'ReadItem',
  { read: Read },
  // Real Instagram read receipts arrive without sender and recipient (docs/fidelity.md#17-required-fields-what-the-decoder-insists-on).
  { sender: SenderId, recipient: Recipient, timestamp: Timestamp },
  { documented: ['sender', 'recipient', 'timestamp'] },
)
/** The type the `ReadItem` codec decodes to. @category events @since 0.1.0 */
export type ReadItem = t.TypeOf<typeof ReadItem>
