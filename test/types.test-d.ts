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
  ChangeEventOf,
  ChangeField,
  CheckoutUpdateEvent,
  CommentValue,
  DecodedWebhook,
  DeliveryEvent,
  EventByType,
  EventType,
  FeedValue,
  GamePlayEvent,
  ImageAttachment,
  InvalidItem,
  MentionValue,
  Message,
  MessageEchoEvent,
  MessageEditEvent,
  MessageEvent,
  MessageReactionsValue,
  MessageRequestEvent,
  MessagesTestValue,
  MessagingFeedbackEvent,
  OptinEvent,
  OtherChange,
  OtherChangeField,
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
  StoryInsightsValue,
  TakeThreadControlEvent,
  TemplateStatusValue,
  UnknownEvent,
  WebhookEvent,
} from '../src/index.js'
import {
  type Change,
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
          // not narrowed by field yet: any value (the opaque one of other fields included)
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

describe('ChangeEvent', () => {
  it('narrows value by comparing field, in a condition', () => {
    const e = {} as WebhookEvent
    if (e.type === 'change' && e.field === 'comments') {
      expectTypeOf(e.value).toEqualTypeOf<CommentValue>()
      expectTypeOf(e.value.text).toEqualTypeOf<string | undefined>()
      expectTypeOf(e.value.id).toEqualTypeOf<string>()
      expectTypeOf(e).toEqualTypeOf<ChangeEventOf<'comments'>>()
    }
  })

  it('narrows value by field in a switch, every typed field, with the others in default', () => {
    function handle(e: ChangeEvent): string {
      switch (e.field) {
        case 'messenger_template_status_update':
        case 'message_template_status_update':
          expectTypeOf(e.value).toEqualTypeOf<TemplateStatusValue>()
          expectTypeOf(e.value.event).toMatchTypeOf<string>()
          expectTypeOf(e.value.message_template_id).toEqualTypeOf<string | undefined>()
          expectTypeOf(e.value.reason).toMatchTypeOf<string | null | undefined>()
          return 't'
        case 'comments':
        case 'live_comments':
          expectTypeOf(e.value).toEqualTypeOf<CommentValue>()
          expectTypeOf(e.value.media?.id).toEqualTypeOf<string | undefined>()
          return 'c'
        case 'mentions':
          expectTypeOf(e.value).toEqualTypeOf<MentionValue>()
          expectTypeOf(e.value.media_id).toEqualTypeOf<string>()
          expectTypeOf(e.value.comment_id).toEqualTypeOf<string | undefined>()
          return 'm'
        case 'story_insights':
          expectTypeOf(e.value).toEqualTypeOf<StoryInsightsValue>()
          expectTypeOf(e.value.reach).toEqualTypeOf<number | undefined>()
          return 's'
        case 'message_reactions':
          expectTypeOf(e.value).toEqualTypeOf<MessageReactionsValue>()
          expectTypeOf(e.value.reaction.action).toEqualTypeOf<'react' | 'unreact'>()
          expectTypeOf(e.value.sender).toEqualTypeOf<{ readonly id: string } | undefined>()
          return 'r'
        case 'feed':
          expectTypeOf(e.value).toEqualTypeOf<FeedValue>()
          expectTypeOf(e.value.item).toMatchTypeOf<string>()
          expectTypeOf(e.value.created_time).toEqualTypeOf<number | undefined>()
          expectTypeOf(e.value.from).toEqualTypeOf<{ readonly id: string; readonly name?: string } | undefined>()
          return 'f'
        case 'messages':
          expectTypeOf(e.value).toEqualTypeOf<MessagesTestValue>()
          expectTypeOf(e.value.page_id).toEqualTypeOf<string>()
          return 'd'
        default:
          // every other field: a string at run time, the value kept as sent
          expectTypeOf(e.field).toEqualTypeOf<OtherChangeField>()
          expectTypeOf(e.field).toMatchTypeOf<string>()
          expectTypeOf(e.value).toEqualTypeOf<unknown>()
          return 'o'
      }
    }
    expectTypeOf(handle).returns.toEqualTypeOf<string>()
  })

  it('narrows out the typed fields with !==', () => {
    const e = {} as ChangeEvent
    if (e.field !== 'feed') expectTypeOf<Extract<typeof e, { field: 'feed' }>>().toEqualTypeOf<never>()
    else expectTypeOf(e.value.verb).toMatchTypeOf<string>()
  })

  it('keeps field a string: assignable to string, readable as one', () => {
    const e = {} as ChangeEvent
    expectTypeOf(e.field).toMatchTypeOf<string>()
    const field: string = e.field
    // a field without a value codec is compared as a string
    if (field === 'leadgen') expectTypeOf(e.value).toEqualTypeOf<unknown>()
  })

  it('does not let a field without a value codec stand for a typed one', () => {
    expectTypeOf<'comments'>().not.toMatchTypeOf<OtherChangeField>()
    expectTypeOf<ChangeField>().not.toMatchTypeOf<OtherChangeField>()
    expectTypeOf<OtherChange['field']>().toEqualTypeOf<OtherChangeField>()
    // @ts-expect-error: a string literal that is not a typed field is not comparable to the union
    if (({} as ChangeEvent).field === 'leadgen') return
  })

  it('lists the typed fields', () => {
    expectTypeOf<ChangeField>().toEqualTypeOf<
      | 'messenger_template_status_update'
      | 'message_template_status_update'
      | 'comments'
      | 'live_comments'
      | 'mentions'
      | 'story_insights'
      | 'message_reactions'
      | 'feed'
      | 'messages'
    >()
    expectTypeOf<ChangeEventOf<'story_insights'>['value']>().toEqualTypeOf<StoryInsightsValue>()
  })

  it('the Change codec decodes to the union of typed changes and OtherChange', () => {
    expectTypeOf<t.TypeOf<typeof Change>>().toEqualTypeOf<Change>()
    expectTypeOf<Extract<Change, { field: 'feed' }>['value']>().toEqualTypeOf<FeedValue>()
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
