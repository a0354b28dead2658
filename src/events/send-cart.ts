/** Carts sent from a shop (tag `send_cart`, key `order`, field `send_cart`; docs/reference.md#send_cart). */
import type * as t from 'io-ts'
import { Id, NumberLike, Str, Timestamp } from '../codec/primitives.js'
import { list, struct } from '../codec/struct.js'
import { Recipient, SenderId } from './common.js'

/**
 * One product line of an order; `id` arrives as a number in Meta's example and decodes to a string.
 *
 * @example
 * ```ts
 * import { OrderProduct } from 'messenger-webhooks'
 * OrderProduct.is({ id: '123', retailer_id: 'r1', name: 'n', unit_price: 11, currency: 'THB', quantity: 1 }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const OrderProduct = struct(
  'OrderProduct',
  { id: Id },
  { retailer_id: Str, name: Str, unit_price: NumberLike, currency: Str, quantity: NumberLike },
  // The product ID identifies the line; the rest describes it (docs/fidelity.md#17-required-fields-what-the-decoder-insists-on).
  { documented: ['retailer_id', 'name', 'unit_price', 'currency', 'quantity'] },
)
/** The type the `OrderProduct` codec decodes to. @category events @since 0.1.0 */
export type OrderProduct = t.TypeOf<typeof OrderProduct>

/**
 * `order`: the products of the cart and an optional `note`.
 *
 * @example
 * ```ts
 * import { Order } from 'messenger-webhooks'
 * Order.is({ products: [], note: 'foobar' }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const Order = struct('Order', { products: list(OrderProduct) }, { note: Str })
/** The type the `Order` codec decodes to. @category events @since 0.1.0 */
export type Order = t.TypeOf<typeof Order>

/**
 * A messaging item carrying `order` (tag `send_cart`).
 *
 * @example
 * ```ts
 * import { SendCartItem } from 'messenger-webhooks'
 * SendCartItem.is({ sender: { id: '1' }, recipient: { id: '2' }, timestamp: 1, order: { products: [] } }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const SendCartItem = struct(
  'SendCartItem',
  {
    sender: SenderId,
    recipient: Recipient,
    order: Order,
  },
  { timestamp: Timestamp },
  { documented: ['timestamp'] },
)
/** The type the `SendCartItem` codec decodes to. @category events @since 0.1.0 */
export type SendCartItem = t.TypeOf<typeof SendCartItem>
