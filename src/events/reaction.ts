/** Reactions (tag `reaction`, field `message_reactions`; docs/reference.md#reaction). */
import type * as t from 'io-ts'
import { oneOf, openString, Str, Timestamp } from '../codec/primitives.js'
import { struct } from '../codec/struct.js'
import { Recipient, SenderId } from './common.js'

/** Known `reaction.reaction` values (Messenger and Instagram); the set is open. @category events @since 0.1.0 */
export type ReactionName = 'smile' | 'angry' | 'sad' | 'wow' | 'love' | 'like' | 'dislike' | 'laugh' | 'other'

/**
 * `reaction`: `action` is `react` or `unreact`; `reaction` and `emoji` are omitted by Instagram
 * on `unreact`.
 *
 * @example
 * ```ts
 * import { Reaction } from 'messenger-webhooks'
 * Reaction.is({ mid: 'aWdf_original', action: 'unreact' }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const Reaction = struct(
  'Reaction',
  { mid: Str, action: oneOf('ReactionAction', ['react', 'unreact']) },
  { reaction: openString<ReactionName>('ReactionName'), emoji: Str },
)
/** The type the `Reaction` codec decodes to. @category events @since 0.1.0 */
export type Reaction = t.TypeOf<typeof Reaction>

/**
 * A messaging item carrying `reaction` (tag `reaction`).
 *
 * @example
 * ```ts
 * import { ReactionItem } from 'messenger-webhooks'
 * ReactionItem.is({ sender: { id: '1' }, recipient: { id: '2' }, timestamp: 1, reaction: { mid: 'm', action: 'react', reaction: 'love' } }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const ReactionItem = struct(
  'ReactionItem',
  {
    sender: SenderId,
    recipient: Recipient,
    reaction: Reaction,
  },
  { timestamp: Timestamp },
  { documented: ['timestamp'] },
)
/** The type the `ReactionItem` codec decodes to. @category events @since 0.1.0 */
export type ReactionItem = t.TypeOf<typeof ReactionItem>
