import type { Channel, EventType } from '../events/index.js'

/**
 * One messaging item (or change) from the shipped fixtures, with where it came from and the
 * tag it decodes to.
 *
 * @example
 * ```ts
 * import { corpus } from 'messenger-webhooks/testing'
 * const reactions = corpus.filter((c) => c.type === 'reaction')
 * ```
 * @category testing
 * @since 0.1.0
 */
export interface CorpusItem {
  /** The fixture file, relative to `fixtures/`. */
  readonly file: string
  /** The body's `object`: `"page"` or `"instagram"`. */
  readonly object: string
  readonly channel: Channel
  readonly type: EventType
  readonly item: unknown
}
