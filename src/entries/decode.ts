/**
 * messenger-webhooks/decode: the decoder alone (io-ts codecs, `decodeWebhook`, `parseWebhook`,
 * every event type), without the signature verifier. The main entry re-exports all of it.
 *
 * @example
 * ```ts
 * import { parseWebhook } from 'messenger-webhooks/decode'
 * const r = parseWebhook(rawBody)
 * if (r.ok) for (const event of r.value.events) console.log(event.type)
 * ```
 *
 * @packageDocumentation
 * @module messenger-webhooks/decode
 */
export { setJitless } from '../codec/jit.js'
export type { OpenString } from '../codec/primitives.js'
export {
  BooleanLike,
  Id,
  NumberLike,
  Opaque,
  oneOf,
  openString,
  Timestamp,
} from '../codec/primitives.js'
export type { StructOf, StructOutputOf } from '../codec/struct.js'
export {
  alt,
  dispatch,
  list,
  nullable,
  recordOf,
  refine,
  struct,
} from '../codec/struct.js'
export {
  type DecodedEntry,
  type DecodedWebhook,
  type DecodeOptions,
  decodeEvent,
  decodeWebhook,
  type EventContext,
  encodeWebhook,
  WebhookBody,
} from '../decode.js'
export type {
  DecodeIssue,
  InvalidItem,
  Result,
  WebhookError,
} from '../errors.js'
export { eventKey } from '../event-key.js'
export * from '../events/index.js'
export { type ParseOptions, parseWebhook } from '../parse.js'
