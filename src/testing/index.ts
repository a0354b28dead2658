/**
 * messenger-webhooks/testing: the shipped fixtures as data, fast-check arbitraries derived from
 * them, and a Meta delivery simulator (retries, duplicates, reordering, failing handlers) that
 * counts how many times each event was handled, for testing your own webhook handlers. Needs
 * `fast-check` (a peer dependency).
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
export {
  compressedClock,
  createSimulator,
  type DeliveryAttempt,
  type DeliveryFault,
  type DistinctBodiesOptions,
  distinctBodies,
  type EventTally,
  type FaultRates,
  type FaultSchedule,
  type HandlerCall,
  type HandlerFault,
  META_RETRY,
  type RetryPolicy,
  randomFaults,
  SimulatedFault,
  type SimulationReport,
  type Simulator,
  type SimulatorBody,
  type SimulatorClock,
  type SimulatorOptions,
  type SimulatorTarget,
  scriptedFaults,
} from './simulator.js'
