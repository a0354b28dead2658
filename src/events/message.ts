/**
 * Inbound messages (tag `message`, field `messages`; docs/reference.md#message) and the
 * fields shared with echoes.
 */
import type * as t from 'io-ts'
import { Bool, Id, NumberLike, Opaque, Str, Timestamp } from '../codec/primitives.js'
import { list, struct } from '../codec/struct.js'
import { Attachment } from './attachment.js'
import { PriorMessage, Recipient, SenderId } from './common.js'
import { MessageReferral } from './referral.js'

/**
 * `reply_to`: an inline reply (`mid`) or, on Instagram, a reply to the business's story.
 *
 * @example
 * ```ts
 * import { ReplyTo } from 'messenger-webhooks'
 * ReplyTo.is({ mid: 'm_Original0001', is_self_reply: false }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const ReplyTo = struct(
  'ReplyTo',
  {},
  {
    mid: Str,
    is_self_reply: Bool,
    story: struct('ReplyToStory', {}, { url: Str, id: Id }, { documented: ['url'] }),
  },
)
/** The type the `ReplyTo` codec decodes to. @category events @since 0.1.0 */
export type ReplyTo = t.TypeOf<typeof ReplyTo>

/** The optional property codecs a message and its echo share (`text`, `attachments`, `quick_reply`, …). @category events @since 0.1.0 */
export const messageFields = {
  text: Str,
  quick_reply: struct('QuickReply', { payload: Str }),
  reply_to: ReplyTo,
  attachments: list(Attachment, 'Attachment[]'),
  referral: MessageReferral,
  commands: list(struct('Command', { name: Str })),
  nlp: Opaque,
  nlpv2: Opaque,
  is_deleted: Bool,
  is_unsupported: Bool,
  is_self: Bool,
  seq: NumberLike,
  sticker_id: Id,
  tags: list(struct('MessageTag', { source: Str })),
}

/**
 * The `message` object of an inbound message: `mid`, then text, attachments, quick reply,
 * inline reply, ad/product referral, Instagram flags (`is_deleted`, `is_unsupported`, `is_self`)
 * and legacy fields. `is_echo` is absent or `false` (an echo is a `message_echo`).
 *
 * @example
 * ```ts
 * import { Message } from 'messenger-webhooks'
 * Message.is({ mid: 'm_1', text: 'hello' }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const Message = struct('Message', { mid: Str }, { ...messageFields, is_echo: Bool })
/** The type the `Message` codec decodes to, with `is_echo` absent or `false`. @category events @since 0.1.0 */
export type Message = Omit<t.TypeOf<typeof Message>, 'is_echo'> & {
  readonly is_echo?: false
}

/**
 * A messaging item carrying an inbound `message` (tag `message`).
 *
 * @example
 * ```ts
 * import { MessageItem } from 'messenger-webhooks'
 * MessageItem.is({ sender: { id: '1' }, recipient: { id: '2' }, timestamp: 1, message: { mid: 'm', text: 'hi' } }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const MessageItem = struct(
  'MessageItem',
  {
    sender: SenderId,
    recipient: Recipient,
    message: Message,
  },
  // A top-level `referral` next to `message` is a modifier, not an event
  // (docs/reference.md#how-an-item-is-classified).
  { timestamp: Timestamp, prior_message: PriorMessage, referral: MessageReferral },
  { documented: ['timestamp'] },
)
/**
 * The type the `MessageItem` codec decodes to, its `message` typed as {@link Message}.
 *
 * @category events
 * @since 0.1.0
 */
export type MessageItem = Omit<t.TypeOf<typeof MessageItem>, 'message'> & {
  readonly message: Message
}
