/**
 * messenger-webhooks/verify under the `node` export condition: the same surface as `verify.ts`,
 * with `verifySignature` and `signPayload` on `node:crypto` (~10x faster than Web Crypto on Node
 * for webhook-sized bodies).
 */

export { signPayload, verifySignature } from '../verify/node.js'
export * from './verify.js'
