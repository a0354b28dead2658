/** Delivery receipts (tag `delivery`, field `message_deliveries`, Messenger only; docs/reference.md#delivery). */
import type * as t from 'io-ts'
import { NumberLike, Str, Timestamp } from '../codec/primitives.js'
import { list, refine, struct } from '../codec/struct.js'
import { Recipient, SenderId } from './common.js'

/**
 * `delivery`: everything sent before `watermark` (epoch ms) was delivered; `mids` may be absent.
 *
 * @example
 * ```ts
 * import { Delivery } from 'messenger-webhooks'
 * Delivery.is({ watermark: 1458668856253 }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const Delivery = refine(
  struct('Delivery', {}, { watermark: Timestamp, mids: list(Str), seq: NumberLike }, { documented: ['watermark'] }),
  (d) => d.watermark !== undefined || d.mids !== undefined,
  'Delivery',
  'a delivery needs a watermark or mids (Meta documents watermark as always present)',
)
/** The type the `Delivery` codec decodes to. @category events @since 0.1.0 */
export type Delivery = t.TypeOf<typeof Delivery>

/**
 * A messaging item carrying `delivery` (tag `delivery`); `timestamp` is often absent
 * (docs/reference.md#missing-fields).
 *
 * @example
 * ```ts
 * import { DeliveryItem } from 'messenger-webhooks'
 * DeliveryItem.is({ sender: { id: '1' }, recipient: { id: '2' }, delivery: { watermark: 1 } }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const DeliveryItem = struct(
  'DeliveryItem',
  { sender: SenderId, recipient: Recipient, delivery: Delivery },
  { timestamp: Timestamp },
)
/** The type the `DeliveryItem` codec decodes to. @category events @since 0.1.0 */
export type DeliveryItem = t.TypeOf<typeof DeliveryItem>
