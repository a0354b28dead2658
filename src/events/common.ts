/**
 * Fields shared by messaging items: who sent it, who received it, when, and the modifiers that
 * can ride along with an event (docs/reference.md#messaging-item).
 */
import type * as t from 'io-ts'
import { Id, openString, Str } from '../codec/primitives.js'
import { alt, struct } from '../codec/struct.js'
import { isRecord } from '../codec/util.js'

/**
 * The person (PSID / IGSID), or the Page / IG account on echoes: `{ id }`.
 *
 * @example
 * ```ts
 * import { SenderId } from 'messenger-webhooks'
 * SenderId.is({ id: '2400000000000001' }) // true
 * ```
 * @category common
 * @since 0.1.0
 */
export const SenderId = struct('Sender', { id: Id })
/** The type the `SenderId` codec decodes to. @category common @since 0.1.0 */
export type SenderId = t.TypeOf<typeof SenderId>

/**
 * A Chat Plugin guest, identified by `user_ref` instead of an `id` (a string; one written as a
 * number, as seen in real traffic, decodes to its digits like any ID) (Graph v7.0+, legacy since
 * the plugin was retired in 2024; docs/reference.md#chat-plugin-user_ref-senders).
 *
 * @example
 * ```ts
 * import { SenderUserRef } from 'messenger-webhooks'
 * SenderUserRef.is({ user_ref: 'USER_REF' }) // true
 * ```
 * @category common
 * @since 0.1.0
 */
export const SenderUserRef = struct('SenderUserRef', { user_ref: Id })
/** The type the `SenderUserRef` codec decodes to. @category common @since 0.1.0 */
export type SenderUserRef = t.TypeOf<typeof SenderUserRef>

/**
 * `sender` on postbacks, referrals and handover events: `{ id }` or `{ user_ref }`.
 *
 * @example
 * ```ts
 * import { Sender } from 'messenger-webhooks'
 * const s = Sender.decode({ user_ref: 'abc' }) // right({ user_ref: 'abc' })
 * ```
 * @category common
 * @since 0.1.0
 */
export const Sender = alt(
  'Sender',
  SenderId,
  SenderUserRef,
  (u) => isRecord(u) && u.id === undefined && u.user_ref !== undefined,
)
/** The type the `Sender` codec decodes to. @category common @since 0.1.0 */
export type Sender = t.TypeOf<typeof Sender>

/**
 * The Page or IG account for inbound events, the person for echoes: `{ id }`.
 *
 * @example
 * ```ts
 * import { Recipient } from 'messenger-webhooks'
 * Recipient.is({ id: '104857600000001' }) // true
 * ```
 * @category common
 * @since 0.1.0
 */
export const Recipient = struct('Recipient', { id: Id })
/** The type the `Recipient` codec decodes to. @category common @since 0.1.0 */
export type Recipient = t.TypeOf<typeof Recipient>

/**
 * `prior_message`: the person replied to a message sent through the checkbox plugin.
 *
 * @example
 * ```ts
 * import { PriorMessage } from 'messenger-webhooks'
 * PriorMessage.is({ source: 'checkbox_plugin', identifier: 'REF' }) // true
 * ```
 * @category common
 * @since 0.1.0
 */
export const PriorMessage = struct('PriorMessage', {
  source: openString<'checkbox_plugin'>('PriorMessageSource'),
  identifier: Str,
})
/** The type the `PriorMessage` codec decodes to. @category common @since 0.1.0 */
export type PriorMessage = t.TypeOf<typeof PriorMessage>
