/**
 * messenger-webhooks: Meta Messenger and Instagram Messaging webhook bodies as typed,
 * validated events. This module is the public surface; nothing else is public.
 *
 * @packageDocumentation
 */
import { createHandleWebhook as create } from './handler.js'
import { verifySignature as webVerify } from './verify/web.js'

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
export {
  createHandleWebhook,
  type HandleWebhook,
  type HandleWebhookOptions,
  signedRequest,
} from './handler.js'
export { type ParseOptions, parseWebhook } from './parse.js'
export {
  type SubscriptionFailure,
  type SubscriptionQuery,
  type SubscriptionResponse,
  verifySubscription,
} from './verify/handshake.js'
export type {
  HeaderSource,
  SignatureError,
  SignatureFailure,
  SignatureHeaders,
  SignatureMatch,
  VerifyOptions,
} from './verify/signature.js'
export { signPayload, verifySignature } from './verify/web.js'

/**
 * Handles a webhook request on a Fetch-standard server (Next.js route handlers, Hono, Cloudflare
 * Workers, Deno, Bun): GET answers the subscription handshake; POST reads the raw body once
 * (up to `maxBodyBytes`), verifies `X-Hub-Signature-256`, decodes, calls `onEvents`, and answers
 * 200 to every authentic request, 4xx with the reason otherwise.
 *
 * @example
 * ```ts
 * import { handleWebhook } from 'messenger-webhooks'
 * export default {
 *   fetch: (request: Request, env: { APP_SECRET: string; VERIFY_TOKEN: string }) =>
 *     handleWebhook(request, { secret: env.APP_SECRET, verifyToken: env.VERIFY_TOKEN, onEvents: (w) => console.log(w.events.length) }),
 * }
 * ```
 * @category handler
 * @since 0.1.0
 */
export const handleWebhook = create(webVerify)
