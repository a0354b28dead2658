/**
 * messenger-webhooks: Meta Messenger and Instagram Messaging webhook bodies as typed,
 * validated events. The main entry: everything of `messenger-webhooks/decode` and
 * `messenger-webhooks/verify`, and the Fetch-standard handler that joins them. These entries,
 * `./node` and `./testing` are the public surface; nothing else is public.
 *
 * @packageDocumentation
 * @module messenger-webhooks
 */
import { createHandleWebhook as create } from './handler.js'
import { verifySignature as webVerify } from './verify/web.js'

export * from './entries/decode.js'
export * from './entries/verify.js'
export {
  createHandleWebhook,
  type HandleWebhook,
  type HandleWebhookOptions,
  signedRequest,
} from './handler.js'
export {
  type Claim,
  type DedupeStore,
  type MemoryDedupeOptions,
  memoryDedupe,
} from './http/dedupe.js'
export { type RedisDedupeClient, type RedisDedupeOptions, redisDedupe } from './http/redis-dedupe.js'
export type {
  EventHandler,
  FailurePhase,
  HandlerContext,
  Handlers,
  WebhookFailure,
} from './http/route.js'

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
