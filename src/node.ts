/**
 * messenger-webhooks/node: the synchronous `node:crypto` verifier and signer, and the `(req, res)`
 * adapter for node:http and Express.
 *
 * @packageDocumentation
 * @module messenger-webhooks/node
 */
import { createHandleWebhook } from './handler.js'
import { createNodeAdapter } from './node/adapter.js'
import { verifySignature } from './verify/node.js'

export type { HandleWebhookOptions } from './handler.js'
export type { NodeRequest } from './node/adapter.js'
export { signPayload, signPayloadSync, verifySignature, verifySignatureSync } from './verify/node.js'
export type {
  SignatureError,
  SignatureFailure,
  SignatureHeaders,
  SignatureMatch,
  VerifyOptions,
} from './verify/signature.js'

/**
 * A `(req, res)` handler for `node:http` and Express: GET answers the handshake, POST
 * reads the raw body (or uses `req.rawBody` / a Buffer `req.body` from `express.raw()`), verifies,
 * decodes and calls `onEvents`. Detects a body already consumed by a JSON parser and answers 500
 * with a hint instead of hanging.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http'
 * import { nodeHandler } from 'messenger-webhooks/node'
 * createServer(nodeHandler({ secret: process.env.APP_SECRET ?? '', verifyToken: 'token', onEvents: (w) => console.log(w.events) })).listen(3000)
 * ```
 * @category handler
 * @since 0.1.0
 */
export const nodeHandler = createNodeAdapter(createHandleWebhook(verifySignature))
