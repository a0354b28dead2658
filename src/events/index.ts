/**
 * The event catalogue: every event kind's codecs, and the `WebhookEvent` union over them.
 */
import type { AccountLinkingItem } from './account-linking.js'
import type { Change, ChangeField } from './change.js'
import type { DeliveryItem } from './delivery.js'
import type { EventMeta, EventOf } from './event.js'
import type { GamePlayItem } from './game-play.js'
import type {
  AppRolesItem,
  PassThreadControlItem,
  RequestThreadControlItem,
  TakeThreadControlItem,
} from './handover.js'
import type { BrandedCameraItem, CheckoutUpdateItem, PaymentItem, PreCheckoutItem } from './legacy.js'
import type { MessageItem } from './message.js'
import type { MessageEchoItem } from './message-echo.js'
import type { MessageEditItem } from './message-edit.js'
import type { MessageRequestItem } from './message-request.js'
import type { MessagingFeedbackItem } from './messaging-feedback.js'
import type { OptinItem } from './optin.js'
import type { PolicyEnforcementItem } from './policy-enforcement.js'
import type { PostbackItem } from './postback.js'
import type { ReactionItem } from './reaction.js'
import type { ReadItem } from './read.js'
import type { ReferralItem } from './referral.js'
import type { ResponseFeedbackItem } from './response-feedback.js'
import type { SendCartItem } from './send-cart.js'

export * from './account-linking.js'
export * from './attachment.js'
export * from './change.js'
export * from './common.js'
export * from './delivery.js'
export * from './event.js'
export * from './game-play.js'
export * from './handover.js'
export * from './legacy.js'
export * from './message.js'
export * from './message-echo.js'
export * from './message-edit.js'
export * from './message-request.js'
export * from './messaging-feedback.js'
export * from './optin.js'
export * from './policy-enforcement.js'
export * from './postback.js'
export * from './reaction.js'
export * from './read.js'
export * from './referral.js'
export * from './response-feedback.js'
export * from './send-cart.js'

/** An inbound message. @example if (e.type === 'message') e.message.text @category events @since 0.1.0 */
export type MessageEvent = EventOf<'message', MessageItem>
/** An echo of a message the Page / IG account sent. @example if (e.type === 'message_echo') e.message.app_id @category events @since 0.1.0 */
export type MessageEchoEvent = EventOf<'message_echo', MessageEchoItem>
/** An edited message. @example if (e.type === 'message_edit') e.message_edit.text @category events @since 0.1.0 */
export type MessageEditEvent = EventOf<'message_edit', MessageEditItem>
/** A reaction or unreaction. @example if (e.type === 'reaction') e.reaction.action @category events @since 0.1.0 */
export type ReactionEvent = EventOf<'reaction', ReactionItem>
/** A delivery receipt. @example if (e.type === 'delivery') e.delivery.watermark @category events @since 0.1.0 */
export type DeliveryEvent = EventOf<'delivery', DeliveryItem>
/** A read receipt. @example if (e.type === 'read') e.read.watermark ?? e.read.mid @category events @since 0.1.0 */
export type ReadEvent = EventOf<'read', ReadItem>
/** A postback. @example if (e.type === 'postback') e.postback.payload @category events @since 0.1.0 */
export type PostbackEvent = EventOf<'postback', PostbackItem>
/** A referral into an existing thread. @example if (e.type === 'referral') e.referral.ref @category events @since 0.1.0 */
export type ReferralEvent = EventOf<'referral', ReferralItem>
/** An opt-in. @example if (e.type === 'optin') e.optin.type @category events @since 0.1.0 */
export type OptinEvent = EventOf<'optin', OptinItem>
/** A legacy top-level message request. @example if (e.type === 'message_request') e.message_request @category events @since 0.1.0 */
export type MessageRequestEvent = EventOf<'message_request', MessageRequestItem>
/** Account linked or unlinked. @example if (e.type === 'account_linking') e.account_linking.status @category events @since 0.1.0 */
export type AccountLinkingEvent = EventOf<'account_linking', AccountLinkingItem>
/** An Instant Games play. @example if (e.type === 'game_play') e.game_play.score @category events @since 0.1.0 */
export type GamePlayEvent = EventOf<'game_play', GamePlayItem>
/** The thread was passed to your app. @example if (e.type === 'pass_thread_control') e.pass_thread_control.new_owner_app_id @category events @since 0.1.0 */
export type PassThreadControlEvent = EventOf<'pass_thread_control', PassThreadControlItem>
/** The thread was taken from your app. @example if (e.type === 'take_thread_control') e.take_thread_control.previous_owner_app_id @category events @since 0.1.0 */
export type TakeThreadControlEvent = EventOf<'take_thread_control', TakeThreadControlItem>
/** Another app asks for the thread. @example if (e.type === 'request_thread_control') e.request_thread_control.requested_owner_app_id @category events @since 0.1.0 */
export type RequestThreadControlEvent = EventOf<'request_thread_control', RequestThreadControlItem>
/** Your app's handover roles changed. @example if (e.type === 'app_roles') e.app_roles @category events @since 0.1.0 */
export type AppRolesEvent = EventOf<'app_roles', AppRolesItem>
/** A policy warning, block or unblock (either key spelling). @example if (e.type === 'policy_enforcement') e.policy_enforcement.action @category events @since 0.1.0 */
export type PolicyEnforcementEvent = EventOf<'policy_enforcement', PolicyEnforcementItem>
/** Customer Feedback Template answers. @example if (e.type === 'messaging_feedback') e.messaging_feedback.feedback_screens @category events @since 0.1.0 */
export type MessagingFeedbackEvent = EventOf<'messaging_feedback', MessagingFeedbackItem>
/** Good / bad response feedback. @example if (e.type === 'response_feedback') e.response_feedback.feedback @category events @since 0.1.0 */
export type ResponseFeedbackEvent = EventOf<'response_feedback', ResponseFeedbackItem>
/** A cart sent from a shop (key `order`). @example if (e.type === 'send_cart') e.order.products @category events @since 0.1.0 */
export type SendCartEvent = EventOf<'send_cart', SendCartItem>
/** Legacy payments beta. @example if (e.type === 'payment') e.payment @category events @since 0.1.0 */
export type PaymentEvent = EventOf<'payment', PaymentItem>
/** Legacy payments beta. @example if (e.type === 'checkout_update') e.checkout_update @category events @since 0.1.0 */
export type CheckoutUpdateEvent = EventOf<'checkout_update', CheckoutUpdateItem>
/** Legacy payments beta. @example if (e.type === 'pre_checkout') e.pre_checkout @category events @since 0.1.0 */
export type PreCheckoutEvent = EventOf<'pre_checkout', PreCheckoutItem>
/** Legacy branded camera. @example if (e.type === 'branded_camera') e.branded_camera @category events @since 0.1.0 */
export type BrandedCameraEvent = EventOf<'branded_camera', BrandedCameraItem>
/**
 * A `changes[]` element: `field`, and `value` decoded for the fields of {@link knownChanges}
 * (kept as sent for any other field). A union over the fields: comparing `field` narrows `value`.
 *
 * @example
 * ```ts
 * declare const e: import('messenger-webhooks').WebhookEvent
 * if (e.type === 'change' && e.field === 'comments') console.log(e.value.id, e.value.text)
 * ```
 * @category events
 * @since 0.1.0
 */
export type ChangeEvent = EventOf<'change', Change>
/**
 * The `change` event of one field with a value codec.
 *
 * @example
 * ```ts
 * import type { ChangeEventOf } from 'messenger-webhooks'
 * declare const e: ChangeEventOf<'feed'>
 * e.value.verb // 'add', 'edited', 'remove', …
 * ```
 * @category events
 * @since 0.1.0
 */
export type ChangeEventOf<F extends ChangeField> = Extract<ChangeEvent, { readonly field: F }>
/**
 * A messaging item with no event key this version knows; the whole item is in `raw`.
 *
 * @example
 * ```ts
 * declare const e: import('messenger-webhooks').WebhookEvent
 * if (e.type === 'unknown') console.log(Object.keys(e.raw))
 * ```
 * @category events
 * @since 0.1.0
 */
export type UnknownEvent = EventMeta<'unknown'>

/**
 * Every event the decoder emits, discriminated by `type`.
 *
 * @example
 * ```ts
 * import type { WebhookEvent } from 'messenger-webhooks'
 * function handle(event: WebhookEvent) {
 *   switch (event.type) {
 *     case 'message': return event.message.text
 *     case 'postback': return event.postback.payload
 *     default: return undefined
 *   }
 * }
 * ```
 * @category events
 * @since 0.1.0
 */
export type WebhookEvent =
  | MessageEvent
  | MessageEchoEvent
  | MessageEditEvent
  | ReactionEvent
  | DeliveryEvent
  | ReadEvent
  | PostbackEvent
  | ReferralEvent
  | OptinEvent
  | MessageRequestEvent
  | AccountLinkingEvent
  | GamePlayEvent
  | PassThreadControlEvent
  | TakeThreadControlEvent
  | RequestThreadControlEvent
  | AppRolesEvent
  | PolicyEnforcementEvent
  | MessagingFeedbackEvent
  | ResponseFeedbackEvent
  | SendCartEvent
  | PaymentEvent
  | CheckoutUpdateEvent
  | PreCheckoutEvent
  | BrandedCameraEvent
  | ChangeEvent
  | UnknownEvent

/**
 * Every event tag. (The decoder probes item keys in its own order: docs/events.md.)
 *
 * @example
 * ```ts
 * import { eventTypes } from 'messenger-webhooks'
 * eventTypes.includes('reaction') // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const eventTypes = [
  'message',
  'message_echo',
  'message_edit',
  'reaction',
  'delivery',
  'read',
  'postback',
  'referral',
  'optin',
  'message_request',
  'account_linking',
  'game_play',
  'pass_thread_control',
  'take_thread_control',
  'request_thread_control',
  'app_roles',
  'policy_enforcement',
  'messaging_feedback',
  'response_feedback',
  'send_cart',
  'payment',
  'checkout_update',
  'pre_checkout',
  'branded_camera',
  'change',
  'unknown',
] as const satisfies readonly WebhookEvent['type'][]

/**
 * An event tag.
 *
 * @example
 * ```ts
 * import type { EventType } from 'messenger-webhooks'
 * const t: EventType = 'message_echo'
 * ```
 * @category events
 * @since 0.1.0
 */
export type EventType = WebhookEvent['type']

/**
 * The event with a given tag.
 *
 * @example
 * ```ts
 * import type { EventByType } from 'messenger-webhooks'
 * type R = EventByType<'reaction'> // ReactionEvent
 * ```
 * @category events
 * @since 0.1.0
 */
export type EventByType<T extends EventType> = Extract<WebhookEvent, { readonly type: T }>

/**
 * Narrows an event to one tag (handy in `filter`).
 *
 * @example
 * ```ts
 * import { isEventType, type WebhookEvent } from 'messenger-webhooks'
 * declare const events: WebhookEvent[]
 * const texts = events.filter(isEventType('message')).map((e) => e.message.text)
 * ```
 * @category events
 * @since 0.1.0
 */
export function isEventType<T extends EventType>(type: T): (event: WebhookEvent) => event is EventByType<T> {
  return (event): event is EventByType<T> => event.type === type
}
