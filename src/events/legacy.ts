/**
 * Legacy beta events, documented only in old Messenger pages
 * (docs/reference.md#legacy-beta-events): `payment`, `checkout_update`, `pre_checkout` and
 * `branded_camera`. Their payloads are kept as opaque objects.
 */
import type * as t from 'io-ts'
import { Opaque, Timestamp } from '../codec/primitives.js'
import { struct } from '../codec/struct.js'
import { Recipient, SenderId } from './common.js'

const legacyItem = <const K extends string>(name: string, key: K) =>
  struct(
    name,
    {
      sender: SenderId,
      recipient: Recipient,
      [key]: Opaque,
    } as {
      sender: typeof SenderId
      recipient: typeof Recipient
    } & { [P in K]: typeof Opaque },
    { timestamp: Timestamp },
    { documented: ['timestamp'] },
  )

/**
 * A messaging item carrying `payment` (tag `payment`, legacy payments beta).
 *
 * @example
 * ```ts
 * import { PaymentItem } from 'messenger-webhooks'
 * PaymentItem.is({ sender: { id: '1' }, recipient: { id: '2' }, timestamp: 1, payment: { payload: 'X' } }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const PaymentItem = legacyItem('PaymentItem', 'payment')
/** The type the `PaymentItem` codec decodes to. @category events @since 0.1.0 */
export type PaymentItem = t.TypeOf<typeof PaymentItem>

/**
 * A messaging item carrying `checkout_update` (tag `checkout_update`, legacy payments beta).
 *
 * @example
 * ```ts
 * import { CheckoutUpdateItem } from 'messenger-webhooks'
 * CheckoutUpdateItem.is({ sender: { id: '1' }, recipient: { id: '2' }, timestamp: 1, checkout_update: { payload: 'X' } }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const CheckoutUpdateItem = legacyItem('CheckoutUpdateItem', 'checkout_update')
/** The type the `CheckoutUpdateItem` codec decodes to. @category events @since 0.1.0 */
export type CheckoutUpdateItem = t.TypeOf<typeof CheckoutUpdateItem>

/**
 * A messaging item carrying `pre_checkout` (tag `pre_checkout`, legacy payments beta).
 *
 * @example
 * ```ts
 * import { PreCheckoutItem } from 'messenger-webhooks'
 * PreCheckoutItem.is({ sender: { id: '1' }, recipient: { id: '2' }, timestamp: 1, pre_checkout: { payload: 'X' } }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const PreCheckoutItem = legacyItem('PreCheckoutItem', 'pre_checkout')
/** The type the `PreCheckoutItem` codec decodes to. @category events @since 0.1.0 */
export type PreCheckoutItem = t.TypeOf<typeof PreCheckoutItem>

/**
 * A messaging item carrying `branded_camera` (tag `branded_camera`, legacy).
 *
 * @example
 * ```ts
 * import { BrandedCameraItem } from 'messenger-webhooks'
 * BrandedCameraItem.is({ sender: { id: '1' }, recipient: { id: '2' }, timestamp: 1, branded_camera: { event: 'dismiss' } }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const BrandedCameraItem = legacyItem('BrandedCameraItem', 'branded_camera')
/** The type the `BrandedCameraItem` codec decodes to. @category events @since 0.1.0 */
export type BrandedCameraItem = t.TypeOf<typeof BrandedCameraItem>
