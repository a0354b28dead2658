/** Instant Games plays (tag `game_play`, field `messaging_game_plays`; docs/reference.md#game_play). */
import type * as t from 'io-ts'
import { Id, NumberLike, openString, Str, Timestamp } from '../codec/primitives.js'
import { struct } from '../codec/struct.js'
import { Recipient, SenderId } from './common.js'

/**
 * `game_play`: the game and player, the context (`SOLO`, `THREAD`, `GROUP`), and a `score` or a
 * `payload` (a string, usually JSON from `FBInstant.setSessionData()`, not parsed here).
 *
 * @example
 * ```ts
 * import { GamePlay } from 'messenger-webhooks'
 * GamePlay.is({ game_id: '1', player_id: '2', context_type: 'SOLO', score: 99 }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const GamePlay = struct(
  'GamePlay',
  { game_id: Id, player_id: Id },
  {
    context_type: openString<'SOLO' | 'THREAD' | 'GROUP'>('GameContextType'),
    locale: Str,
    context_id: Id,
    score: NumberLike,
    payload: Str,
  },
  { documented: ['context_type'] },
)
/** The type the `GamePlay` codec decodes to. @category events @since 0.1.0 */
export type GamePlay = t.TypeOf<typeof GamePlay>

/**
 * A messaging item carrying `game_play` (tag `game_play`).
 *
 * @example
 * ```ts
 * import { GamePlayItem } from 'messenger-webhooks'
 * GamePlayItem.is({ sender: { id: '1' }, recipient: { id: '2' }, timestamp: 1, game_play: { game_id: '1', player_id: '2', context_type: 'SOLO' } }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const GamePlayItem = struct(
  'GamePlayItem',
  {
    sender: SenderId,
    recipient: Recipient,
    game_play: GamePlay,
  },
  { timestamp: Timestamp },
  { documented: ['timestamp'] },
)
/** The type the `GamePlayItem` codec decodes to. @category events @since 0.1.0 */
export type GamePlayItem = t.TypeOf<typeof GamePlayItem>
