/**
 * Policy enforcement notices (tag `policy_enforcement`, field `messaging_policy_enforcement`;
 * docs/reference.md#policy_enforcement). The key is `policy_enforcement` in current docs and
 * `policy-enforcement` in 2018-era payloads; both decode to `event.policy_enforcement`.
 */
import type * as t from 'io-ts'
import { oneOf, Str, Timestamp } from '../codec/primitives.js'
import { struct } from '../codec/struct.js'
import { Recipient, SenderId } from './common.js'

/**
 * `policy_enforcement`: `action` is `warning`, `block` or `unblock`; `reason` is absent on `unblock`.
 *
 * @example
 * ```ts
 * import { PolicyEnforcement } from 'messenger-webhooks'
 * PolicyEnforcement.is({ action: 'unblock' }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const PolicyEnforcement = struct(
  'PolicyEnforcement',
  { action: oneOf('PolicyEnforcementAction', ['warning', 'block', 'unblock']) },
  { reason: Str },
)
/** The type the `PolicyEnforcement` codec decodes to. @category events @since 0.1.0 */
export type PolicyEnforcement = t.TypeOf<typeof PolicyEnforcement>

/**
 * A messaging item carrying `policy_enforcement` (tag `policy_enforcement`); it has no `sender`.
 *
 * @example
 * ```ts
 * import { PolicyEnforcementItem } from 'messenger-webhooks'
 * PolicyEnforcementItem.is({ recipient: { id: '2' }, timestamp: 1, policy_enforcement: { action: 'block', reason: 'spam' } }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const PolicyEnforcementItem = struct(
  'PolicyEnforcementItem',
  {
    recipient: Recipient,
    policy_enforcement: PolicyEnforcement,
  },
  { sender: SenderId, timestamp: Timestamp },
  { documented: ['timestamp'] },
)
/** The type the `PolicyEnforcementItem` codec decodes to. @category events @since 0.1.0 */
export type PolicyEnforcementItem = t.TypeOf<typeof PolicyEnforcementItem>

/**
 * The 2018 spelling, `policy-enforcement`, as it arrives on the wire.
 *
 * @example
 * ```ts
 * import { LegacyPolicyEnforcementItem } from 'messenger-webhooks'
 * LegacyPolicyEnforcementItem.is({ recipient: { id: '2' }, timestamp: 1, 'policy-enforcement': { action: 'unblock' } }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const LegacyPolicyEnforcementItem = struct(
  'LegacyPolicyEnforcementItem',
  {
    recipient: Recipient,
    'policy-enforcement': PolicyEnforcement,
  },
  { sender: SenderId, timestamp: Timestamp },
  { documented: ['timestamp'] },
)
/** The type the `LegacyPolicyEnforcementItem` codec decodes to. @category events @since 0.1.0 */
export type LegacyPolicyEnforcementItem = t.TypeOf<typeof LegacyPolicyEnforcementItem>
