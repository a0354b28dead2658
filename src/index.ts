/**
 * messenger-webhooks: Meta Messenger and Instagram Messaging webhook bodies as typed,
 * validated events. This module is the public surface; nothing else is public.
 *
 * @packageDocumentation
 */

export { setJitless } from './codec/jit.js'
export type { OpenString } from './codec/primitives.js'
export {
  BooleanLike,
  Id,
  NumberLike,
  Opaque,
  oneOf,
  openString,
  Timestamp,
} from './codec/primitives.js'
export type { StructOf, StructOutputOf } from './codec/struct.js'
export {
  alt,
  dispatch,
  list,
  nullable,
  recordOf,
  refine,
  struct,
} from './codec/struct.js'
export {
  type DecodedEntry,
  type DecodedWebhook,
  type DecodeOptions,
  decodeEvent,
  decodeWebhook,
  type EventContext,
  encodeWebhook,
  WebhookBody,
} from './decode.js'
export type {
  DecodeIssue,
  InvalidItem,
  Result,
  WebhookError,
} from './errors.js'
export * from './events/index.js'
export { type ParseOptions, parseWebhook } from './parse.js'
