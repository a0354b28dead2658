/**
 * Referrals: the top-level `referral` event (field `messaging_referrals`, IG `messaging_referral`)
 * and the referral that rides on a message or a first postback (docs/reference.md#referral,
 * docs/reference.md#message-referrals).
 */
import type * as t from 'io-ts'
import { BooleanLike, Id, openString, Str, Timestamp } from '../codec/primitives.js'
import { struct } from '../codec/struct.js'
import { Recipient, Sender } from './common.js'

/** Known values of `referral.source`, an open set (docs/reference.md#open-value-sets). @category events @since 0.1.0 */
export type ReferralSourceName =
  | 'SHORTLINK'
  | 'SHORTLINKS'
  | 'ADS'
  | 'MESSENGER_CODE'
  | 'DISCOVER_TAB'
  | 'CUSTOMER_CHAT_PLUGIN'

/**
 * `ads_context_data` of a Click-to-Messenger / Click-to-Direct ad referral.
 *
 * @example
 * ```ts
 * import { AdsContextData } from 'messenger-webhooks'
 * AdsContextData.is({ ad_title: 'Summer sale' }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const AdsContextData = struct(
  'AdsContextData',
  {},
  {
    ad_title: Str,
    photo_url: Str,
    video_url: Str,
    post_id: Id,
    product_id: Id,
    flow_id: Str,
  },
)
/** The type the `AdsContextData` codec decodes to. @category events @since 0.1.0 */
export type AdsContextData = t.TypeOf<typeof AdsContextData>

const referralFields = {
  ref: Str,
  ad_id: Id,
  ads_context_data: AdsContextData,
  referer_uri: Str,
  is_guest_user: BooleanLike,
  origin_domain: Str,
  product: struct('ReferralProduct', { id: Id }),
}
const ReferralSource = openString<ReferralSourceName>('ReferralSource')
const ReferralType = openString<'OPEN_THREAD'>('ReferralType')

/**
 * The `referral` object of a `referral` event. Meta documents `source` and `type` as always
 * present; the event stays usable through `ref` without them, so strict mode reports their
 * absence and lenient mode accepts it.
 *
 * @example
 * ```ts
 * import { Referral } from 'messenger-webhooks'
 * Referral.is({ ref: 'bio_link', source: 'SHORTLINKS', type: 'OPEN_THREAD' }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const Referral = struct(
  'Referral',
  {},
  { source: ReferralSource, type: ReferralType, ...referralFields },
  { documented: ['source', 'type'] },
)
/** The type the `Referral` codec decodes to. @category events @since 0.1.0 */
export type Referral = t.TypeOf<typeof Referral>

/**
 * A referral riding on a message or postback: an ad referral (`source: "ADS"`) or a shop
 * product referral (`product.id` only), so every field is optional.
 *
 * @example
 * ```ts
 * import { MessageReferral } from 'messenger-webhooks'
 * MessageReferral.is({ product: { id: '7001' } }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const MessageReferral = struct(
  'MessageReferral',
  {},
  { source: ReferralSource, type: ReferralType, ...referralFields },
)
/** The type the `MessageReferral` codec decodes to. @category events @since 0.1.0 */
export type MessageReferral = t.TypeOf<typeof MessageReferral>

/**
 * A messaging item carrying a top-level `referral` (tag `referral`).
 *
 * @example
 * ```ts
 * import { ReferralItem } from 'messenger-webhooks'
 * ReferralItem.is({ sender: { id: '1' }, recipient: { id: '2' }, timestamp: 1, referral: { source: 'ADS', type: 'OPEN_THREAD' } }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const ReferralItem = struct(
  'ReferralItem',
  {
    sender: Sender,
    recipient: Recipient,
    referral: Referral,
  },
  { timestamp: Timestamp },
  { documented: ['timestamp'] },
)
/** The type the `ReferralItem` codec decodes to. @category events @since 0.1.0 */
export type ReferralItem = t.TypeOf<typeof ReferralItem>
