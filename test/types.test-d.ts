/**
 * Type-level specification: `switch (event.type)` narrows to each member, the switch can be
 * exhaustive, and `unknown` keeps `type` a union of literals.
 */
import type * as t from 'io-ts'
import { describe, expectTypeOf, it } from 'vitest'
import type {
  AccountLinkingEvent,
  AppRolesEvent,
  Attachment,
  BrandedCameraEvent,
  ChangeEvent,
  CheckoutUpdateEvent,
  DecodedWebhook,
  DeliveryEvent,
  EventByType,
  EventType,
  GamePlayEvent,
  ImageAttachment,
  InvalidItem,
  Message,
  MessageEchoEvent,
  MessageEditEvent,
  MessageEvent,
  MessageRequestEvent,
  MessagingFeedbackEvent,
  OptinEvent,
  PassThreadControlEvent,
  PaymentEvent,
  PolicyEnforcementEvent,
  PostbackEvent,
  PreCheckoutEvent,
  ReactionEvent,
  ReadEvent,
  ReferralEvent,
  RequestThreadControlEvent,
  ResponseFeedbackEvent,
  SendCartEvent,
  TakeThreadControlEvent,
  UnknownEvent,
  WebhookEvent,
} from '../src/index.js'
import {
  decodeWebhook,
  isAttachment,
  isEventType,
  parseWebhook,
  type Reaction,
  type ReactionItem,
} from '../src/index.js'

describe('WebhookEvent', () => {
  it('narrows to each member in a switch on type, exhaustively', () => {
    function handle(e: WebhookEvent): string {
      switch (e.type) {
        case 'message':
          expectTypeOf(e).toEqualTypeOf<MessageEvent>()
          expectTypeOf(e.message.text).toEqualTypeOf<string | undefined>()
          expectTypeOf(e.sender.id).toEqualTypeOf<string>()
          return 'm'
        case 'message_echo':
          expectTypeOf(e).toEqualTypeOf<MessageEchoEvent>()
          expectTypeOf(e.message.is_echo).toEqualTypeOf<true>()
          expectTypeOf(e.message.app_id).toEqualTypeOf<string | undefined>()
          return 'e'
        case 'message_edit':
          expectTypeOf(e).toEqualTypeOf<MessageEditEvent>()
          expectTypeOf(e.message_edit.num_edit).toEqualTypeOf<number | undefined>()
          return 'ed'
        case 'reaction':
          expectTypeOf(e).toEqualTypeOf<ReactionEvent>()
          expectTypeOf(e.reaction.action).toEqualTypeOf<'react' | 'unreact'>()
          return 'r'
        case 'delivery':
          expectTypeOf(e).toEqualTypeOf<DeliveryEvent>()
          expectTypeOf(e.timestamp).toEqualTypeOf<number>()
          expectTypeOf(e.timestampFrom).toEqualTypeOf<'entry.time' | undefined>()
          return 'd'
        case 'read':
          expectTypeOf(e).toEqualTypeOf<ReadEvent>()
          expectTypeOf(e.read.watermark).toEqualTypeOf<number | undefined>()
          expectTypeOf(e.read.mid).toEqualTypeOf<string | undefined>()
          return 'rd'
        case 'postback':
          expectTypeOf(e).toEqualTypeOf<PostbackEvent>()
          expectTypeOf(e.postback.payload).toEqualTypeOf<string | undefined>()
          expectTypeOf(e.sender).toEqualTypeOf<{ readonly id: string } | { readonly user_ref: string }>()
          return 'p'
        case 'referral':
          expectTypeOf(e).toEqualTypeOf<ReferralEvent>()
          expectTypeOf(e.referral.source).toMatchTypeOf<string | undefined>()
          return 'rf'
        case 'optin':
          expectTypeOf(e).toEqualTypeOf<OptinEvent>()
          expectTypeOf(e.sender).toEqualTypeOf<{ readonly id: string } | undefined>()
          return 'o'
        case 'message_request':
          expectTypeOf(e).toEqualTypeOf<MessageRequestEvent>()
          return 'mr'
        case 'account_linking':
          expectTypeOf(e).toEqualTypeOf<AccountLinkingEvent>()
          expectTypeOf(e.account_linking.status).toEqualTypeOf<'linked' | 'unlinked'>()
          return 'al'
        case 'game_play':
          expectTypeOf(e).toEqualTypeOf<GamePlayEvent>()
          return 'g'
        case 'pass_thread_control':
          expectTypeOf(e).toEqualTypeOf<PassThreadControlEvent>()
          expectTypeOf(e.pass_thread_control.previous_owner_app_id).toEqualTypeOf<string | null | undefined>()
          return 'pt'
        case 'take_thread_control':
          expectTypeOf(e).toEqualTypeOf<TakeThreadControlEvent>()
          return 'tt'
        case 'request_thread_control':
          expectTypeOf(e).toEqualTypeOf<RequestThreadControlEvent>()
          expectTypeOf(e.request_thread_control.requested_owner_app_id).toEqualTypeOf<string>()
          return 'rt'
        case 'app_roles':
          expectTypeOf(e).toEqualTypeOf<AppRolesEvent>()
          return 'ar'
        case 'policy_enforcement':
          expectTypeOf(e).toEqualTypeOf<PolicyEnforcementEvent>()
          expectTypeOf(e.policy_enforcement.action).toEqualTypeOf<'warning' | 'block' | 'unblock'>()
          return 'pe'
        case 'messaging_feedback':
          expectTypeOf(e).toEqualTypeOf<MessagingFeedbackEvent>()
          return 'mf'
        case 'response_feedback':
          expectTypeOf(e).toEqualTypeOf<ResponseFeedbackEvent>()
          return 'rf2'
        case 'send_cart':
          expectTypeOf(e).toEqualTypeOf<SendCartEvent>()
          expectTypeOf(e.order.products[0]?.id).toEqualTypeOf<string | undefined>()
          return 'sc'
        case 'payment':
          expectTypeOf(e).toEqualTypeOf<PaymentEvent>()
          return 'pay'
        case 'checkout_update':
          expectTypeOf(e).toEqualTypeOf<CheckoutUpdateEvent>()
          return 'cu'
        case 'pre_checkout':
          expectTypeOf(e).toEqualTypeOf<PreCheckoutEvent>()
          return 'pc'
        case 'branded_camera':
          expectTypeOf(e).toEqualTypeOf<BrandedCameraEvent>()
          return 'bc'
        case 'change':
          expectTypeOf(e).toEqualTypeOf<ChangeEvent>()
          expectTypeOf(e.field).toMatchTypeOf<string>()
          expectTypeOf(e.value).toEqualTypeOf<unknown>()
          return 'c'
        case 'unknown':
          expectTypeOf(e).toEqualTypeOf<UnknownEvent>()
          expectTypeOf(e.raw).toEqualTypeOf<{ readonly [key: string]: unknown }>()
          return 'u'
        default: {
          const exhaustive: never = e
          return exhaustive
        }
      }
    }
    expectTypeOf(handle).returns.toEqualTypeOf<string>()
  })

  it('has a literal union of tags: unknown does not widen type to string', () => {
    expectTypeOf<EventType>().toEqualTypeOf<
      | 'message'
      | 'message_echo'
      | 'message_edit'
      | 'reaction'
      | 'delivery'
      | 'read'
      | 'postback'
      | 'referral'
      | 'optin'
      | 'message_request'
      | 'account_linking'
      | 'game_play'
      | 'pass_thread_control'
      | 'take_thread_control'
      | 'request_thread_control'
      | 'app_roles'
      | 'policy_enforcement'
      | 'messaging_feedback'
      | 'response_feedback'
      | 'send_cart'
      | 'payment'
      | 'checkout_update'
      | 'pre_checkout'
      | 'branded_camera'
      | 'change'
      | 'unknown'
    >()
    expectTypeOf<string>().not.toMatchTypeOf<EventType>()
    expectTypeOf<EventByType<'reaction'>>().toEqualTypeOf<ReactionEvent>()
  })

  it('carries provenance on every member', () => {
    expectTypeOf<WebhookEvent['platform']>().toEqualTypeOf<'messenger' | 'instagram' | 'other'>()
    expectTypeOf<WebhookEvent['channel']>().toEqualTypeOf<'messaging' | 'standby' | 'changes'>()
    expectTypeOf<WebhookEvent['path']>().toEqualTypeOf<string>()
    expectTypeOf<WebhookEvent['entry']['id']>().toEqualTypeOf<string>()
  })

  it('keeps Message free of is_echo: true (an echo is its own member)', () => {
    expectTypeOf<Message['is_echo']>().toEqualTypeOf<false | undefined>()
  })
})

describe('functions', () => {
  it('decodeWebhook returns an fp-ts Either of WebhookError and DecodedWebhook', () => {
    const r = decodeWebhook({})
    if (r._tag === 'Right') expectTypeOf(r.right).toEqualTypeOf<DecodedWebhook>()
    else expectTypeOf(r.left.issues[0]?.path).toEqualTypeOf<string | undefined>()
    expectTypeOf<DecodedWebhook['invalid'][number]>().toEqualTypeOf<InvalidItem>()
  })

  it('parseWebhook returns a plain ok/error result', () => {
    const r = parseWebhook('')
    if (r.ok) expectTypeOf(r.value).toEqualTypeOf<DecodedWebhook>()
    else expectTypeOf(r.error.reason).toEqualTypeOf<'envelope' | 'json' | 'encoding'>()
  })

  it('isEventType and isAttachment narrow', () => {
    const events: WebhookEvent[] = []
    expectTypeOf(events.filter(isEventType('postback'))).toEqualTypeOf<PostbackEvent[]>()
    const a = {} as Attachment
    if (isAttachment(a, 'image')) expectTypeOf(a).toEqualTypeOf<ImageAttachment>()
  })

  it('codecs export their static types', () => {
    expectTypeOf<t.TypeOf<typeof Reaction>>().toEqualTypeOf<Reaction>()
    expectTypeOf<t.TypeOf<typeof ReactionItem>>().toEqualTypeOf<ReactionItem>()
    expectTypeOf<Reaction['emoji']>().toEqualTypeOf<string | undefined>()
  })
})

describe('signatures', () => {
  it('signPayload headers can be passed straight to verifySignature', async () => {
    const { signPayload, verifySignature } = await import('../src/index.js')
    const headers = await signPayload('{}', 'secret')
    const r = await verifySignature({ body: '{}', headers, secret: 'secret' })
    if (r._tag === 'Left') expectTypeOf(r.left.status).toEqualTypeOf<400 | 401 | 403 | 500>()
    else expectTypeOf(r.right.form).toEqualTypeOf<'raw' | 'escaped-unicode'>()
  })
})
