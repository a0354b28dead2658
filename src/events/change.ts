/**
 * `changes`-style notifications (tag `change`; docs/reference.md#changes-notifications): Graph
 * fields such as `messenger_template_status_update`, Instagram `comments` / `mentions`, Page
 * `feed`, and the App Dashboard "Test" button. `value` is kept as sent.
 */
import * as t from 'io-ts'
import { openString } from '../codec/primitives.js'
import { struct } from '../codec/struct.js'

/** Change fields seen in Messenger and Instagram webhooks; the set is open. @category events @since 0.1.0 */
export type ChangeField =
  | 'messages'
  | 'messenger_template_status_update'
  | 'message_template_status_update'
  | 'comments'
  | 'live_comments'
  | 'mentions'
  | 'story_insights'
  | 'feed'

/**
 * One element of `entry[].changes`: `{ field, value }`.
 *
 * @example
 * ```ts
 * import { Change } from 'messenger-webhooks'
 * Change.is({ field: 'mentions', value: { comment_id: '1', media_id: '2' } }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const Change = struct('Change', { field: openString<ChangeField>('ChangeField') }, { value: t.unknown })
/** The type the `Change` codec decodes to. @category events @since 0.1.0 */
export type Change = t.TypeOf<typeof Change>
