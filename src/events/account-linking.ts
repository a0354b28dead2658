/** Account linking (tag `account_linking`, field `messaging_account_linking`; docs/reference.md#account_linking). */
import type * as t from 'io-ts'
import { oneOf, Str, Timestamp } from '../codec/primitives.js'
import { struct } from '../codec/struct.js'
import { Recipient, SenderId } from './common.js'

/**
 * `account_linking`: `status` is `linked` (with `authorization_code`) or `unlinked`.
 *
 * @example
 * ```ts
 * import { AccountLinking } from 'messenger-webhooks'
 * AccountLinking.is({ status: 'unlinked' }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const AccountLinking = struct(
  'AccountLinking',
  { status: oneOf('AccountLinkingStatus', ['linked', 'unlinked']) },
  { authorization_code: Str },
)
/** The type the `AccountLinking` codec decodes to. @category events @since 0.1.0 */
export type AccountLinking = t.TypeOf<typeof AccountLinking>

/**
 * A messaging item carrying `account_linking` (tag `account_linking`).
 *
 * @example
 * ```ts
 * import { AccountLinkingItem } from 'messenger-webhooks'
 * AccountLinkingItem.is({ sender: { id: '1' }, recipient: { id: '2' }, timestamp: 1, account_linking: { status: 'unlinked' } }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const AccountLinkingItem = struct(
  'AccountLinkingItem',
  {
    sender: SenderId,
    recipient: Recipient,
    account_linking: AccountLinking,
  },
  { timestamp: Timestamp },
  { documented: ['timestamp'] },
)
/** The type the `AccountLinkingItem` codec decodes to. @category events @since 0.1.0 */
export type AccountLinkingItem = t.TypeOf<typeof AccountLinkingItem>
