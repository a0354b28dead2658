/**
 * Handover Protocol events (field `messaging_handovers`; docs/reference.md#handover-protocol):
 * `pass_thread_control`, `take_thread_control`, `request_thread_control` and `app_roles`.
 */
import type * as t from 'io-ts'
import { Id, openString, Str, Timestamp } from '../codec/primitives.js'
import { list, nullable, recordOf, struct } from '../codec/struct.js'
import { Recipient, Sender, SenderId } from './common.js'

/**
 * `pass_thread_control`: the thread was passed to your app. `previous_owner_app_id` is `null`
 * when the thread was idle, and absent in pre-2021 payloads.
 *
 * @example
 * ```ts
 * import { PassThreadControl } from 'messenger-webhooks'
 * PassThreadControl.is({ new_owner_app_id: '1517776481860111', previous_owner_app_id: null }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const PassThreadControl = struct(
  'PassThreadControl',
  { new_owner_app_id: Id },
  { previous_owner_app_id: nullable(Id), metadata: Str },
)
/** The type the `PassThreadControl` codec decodes to. @category events @since 0.1.0 */
export type PassThreadControl = t.TypeOf<typeof PassThreadControl>

/**
 * `take_thread_control`: the thread was taken from your app.
 *
 * @example
 * ```ts
 * import { TakeThreadControl } from 'messenger-webhooks'
 * TakeThreadControl.is({ previous_owner_app_id: '1517776481860111', metadata: 'agent took over' }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const TakeThreadControl = struct(
  'TakeThreadControl',
  { previous_owner_app_id: nullable(Id) },
  { new_owner_app_id: Id, metadata: Str },
)
/** The type the `TakeThreadControl` codec decodes to. @category events @since 0.1.0 */
export type TakeThreadControl = t.TypeOf<typeof TakeThreadControl>

/**
 * `request_thread_control`: another app (the Page Inbox is `263902037430900`) asks for the thread.
 *
 * @example
 * ```ts
 * import { RequestThreadControl } from 'messenger-webhooks'
 * RequestThreadControl.decode({ requested_owner_app_id: 263902037430900 }) // right({ requested_owner_app_id: '263902037430900' })
 * ```
 * @category events
 * @since 0.1.0
 */
export const RequestThreadControl = struct('RequestThreadControl', { requested_owner_app_id: Id }, { metadata: Str })
/** The type the `RequestThreadControl` codec decodes to. @category events @since 0.1.0 */
export type RequestThreadControl = t.TypeOf<typeof RequestThreadControl>

/** Known handover roles; the set is open. @category events @since 0.1.0 */
export type AppRole = 'primary_receiver' | 'secondary_receiver' | 'automation'

/**
 * `app_roles`: app ID → the roles a Page admin gave it.
 *
 * @example
 * ```ts
 * import { AppRoles } from 'messenger-webhooks'
 * AppRoles.is({ '1517776481860111': ['primary_receiver'] }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const AppRoles = recordOf(list(openString<AppRole>('AppRole')), 'AppRoles')
/** The type the `AppRoles` codec decodes to. @category events @since 0.1.0 */
export type AppRoles = t.TypeOf<typeof AppRoles>

/**
 * A messaging item carrying `pass_thread_control` (tag `pass_thread_control`).
 *
 * @example
 * ```ts
 * import { PassThreadControlItem } from 'messenger-webhooks'
 * PassThreadControlItem.is({ sender: { id: '1' }, recipient: { id: '2' }, timestamp: 1, pass_thread_control: { new_owner_app_id: '3' } }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const PassThreadControlItem = struct(
  'PassThreadControlItem',
  {
    sender: Sender,
    recipient: Recipient,
    pass_thread_control: PassThreadControl,
  },
  { timestamp: Timestamp },
  { documented: ['timestamp'] },
)
/** The type the `PassThreadControlItem` codec decodes to. @category events @since 0.1.0 */
export type PassThreadControlItem = t.TypeOf<typeof PassThreadControlItem>

/**
 * A messaging item carrying `take_thread_control` (tag `take_thread_control`).
 *
 * @example
 * ```ts
 * import { TakeThreadControlItem } from 'messenger-webhooks'
 * TakeThreadControlItem.is({ sender: { id: '1' }, recipient: { id: '2' }, timestamp: 1, take_thread_control: { previous_owner_app_id: null } }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const TakeThreadControlItem = struct(
  'TakeThreadControlItem',
  {
    sender: Sender,
    recipient: Recipient,
    take_thread_control: TakeThreadControl,
  },
  { timestamp: Timestamp },
  { documented: ['timestamp'] },
)
/** The type the `TakeThreadControlItem` codec decodes to. @category events @since 0.1.0 */
export type TakeThreadControlItem = t.TypeOf<typeof TakeThreadControlItem>

/**
 * A messaging item carrying `request_thread_control` (tag `request_thread_control`).
 *
 * @example
 * ```ts
 * import { RequestThreadControlItem } from 'messenger-webhooks'
 * RequestThreadControlItem.is({ sender: { id: '1' }, recipient: { id: '2' }, timestamp: 1, request_thread_control: { requested_owner_app_id: '3' } }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const RequestThreadControlItem = struct(
  'RequestThreadControlItem',
  {
    sender: Sender,
    recipient: Recipient,
    request_thread_control: RequestThreadControl,
  },
  { timestamp: Timestamp },
  { documented: ['timestamp'] },
)
/** The type the `RequestThreadControlItem` codec decodes to. @category events @since 0.1.0 */
export type RequestThreadControlItem = t.TypeOf<typeof RequestThreadControlItem>

/**
 * A messaging item carrying `app_roles` (tag `app_roles`); it has no `sender`.
 *
 * @example
 * ```ts
 * import { AppRolesItem } from 'messenger-webhooks'
 * AppRolesItem.is({ recipient: { id: '2' }, timestamp: 1, app_roles: { '3': ['primary_receiver'] } }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const AppRolesItem = struct(
  'AppRolesItem',
  { recipient: Recipient, app_roles: AppRoles },
  { sender: SenderId, timestamp: Timestamp },
  { documented: ['timestamp'] },
)
/** The type the `AppRolesItem` codec decodes to. @category events @since 0.1.0 */
export type AppRolesItem = t.TypeOf<typeof AppRolesItem>
