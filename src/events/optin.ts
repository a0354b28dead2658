/** Opt-ins (tag `optin`, field `messaging_optins`; docs/reference.md#optin). */
import type * as t from 'io-ts'
import { Id, NumberLike, openString, Str, Timestamp } from '../codec/primitives.js'
import { struct } from '../codec/struct.js'
import { Recipient, SenderId } from './common.js'

/**
 * `optin`, in five variants told apart by content: Marketing Messages (`type:
 * "notification_messages"`), one-time notification (`type: "one_time_notif_req"`), checkbox
 * plugin (`user_ref`, and no `sender` on the item), Send to Messenger plugin (`ref` only), and a
 * customer-matching request accepted (`message_request: "accept"`). Every field is optional.
 *
 * @example
 * ```ts
 * import { Optin } from 'messenger-webhooks'
 * Optin.is({ type: 'one_time_notif_req', payload: 'X', one_time_notif_token: 'T' }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const Optin = struct(
  'Optin',
  {},
  {
    type: openString<'notification_messages' | 'one_time_notif_req'>('OptinType'),
    payload: Str,
    title: Str,
    notification_messages_token: Str,
    notification_messages_frequency: openString<'DAILY' | 'WEEKLY' | 'MONTHLY'>('NotificationFrequency'),
    notification_messages_timezone: Str,
    token_expiry_timestamp: NumberLike,
    user_token_status: openString<'REFRESHED' | 'NOT_REFRESHED'>('UserTokenStatus'),
    notification_messages_status: openString<'STOP NOTIFICATIONS' | 'RESUME NOTIFICATIONS'>('NotificationStatus'),
    ref: Str,
    user_ref: Id,
    one_time_notif_token: Str,
    message_request: openString<'accept'>('MessageRequest'),
  },
)
/** The type the `Optin` codec decodes to. @category events @since 0.1.0 */
export type Optin = t.TypeOf<typeof Optin>

/**
 * A messaging item carrying `optin` (tag `optin`); no `sender` for the checkbox plugin.
 *
 * @example
 * ```ts
 * import { OptinItem } from 'messenger-webhooks'
 * OptinItem.is({ recipient: { id: '2' }, timestamp: 1, optin: { ref: 'R', user_ref: 'U' } }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const OptinItem = struct(
  'OptinItem',
  { recipient: Recipient, optin: Optin },
  { sender: SenderId, timestamp: Timestamp },
  { documented: ['timestamp'] },
)
/** The type the `OptinItem` codec decodes to. @category events @since 0.1.0 */
export type OptinItem = t.TypeOf<typeof OptinItem>
