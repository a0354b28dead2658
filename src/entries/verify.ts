/**
 * messenger-webhooks/verify: the signature check and the subscription handshake alone, with no
 * decoder (no io-ts, no fp-ts at run time). Web Crypto everywhere; under the `node` export
 * condition the same functions run on `node:crypto`. The main entry re-exports all of it.
 *
 * @example
 * ```ts
 * import { verifySignature } from 'messenger-webhooks/verify'
 * export async function POST(request: Request): Promise<Response> {
 *   const body = await request.arrayBuffer() // the exact bytes Meta signed
 *   const r = await verifySignature({ body, headers: request.headers, secret: process.env.APP_SECRET ?? '' })
 *   if (r._tag === 'Left') return new Response(r.left.reason, { status: r.left.status })
 *   return new Response('EVENT_RECEIVED') // authentic: decode `body` and handle its events
 * }
 * ```
 *
 * @packageDocumentation
 * @module messenger-webhooks/verify
 */
export {
  type SubscriptionFailure,
  type SubscriptionQuery,
  type SubscriptionResponse,
  verifySubscription,
} from '../verify/handshake.js'
export type {
  HeaderSource,
  SignatureError,
  SignatureFailure,
  SignatureHeaders,
  SignatureMatch,
  VerifyOptions,
} from '../verify/signature.js'
export { signPayload, verifySignature } from '../verify/web.js'
