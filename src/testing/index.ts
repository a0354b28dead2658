/**
 * messenger-webhooks/testing: the shipped fixtures as data, and fast-check arbitraries derived
 * from them, for testing your own webhook handlers. Needs `fast-check` (a peer dependency).
 *
 * @packageDocumentation
 * @module messenger-webhooks/testing
 */
export {
  type ArbitraryBody,
  type ArbitraryItem,
  type BodyOptions,
  type ItemOptions,
  webhookBody,
  webhookItem,
} from './arbitraries.js'
export { corpus } from './corpus.js'
export type { CorpusItem } from './corpus-item.js'
