/**
 * A Messenger / Instagram webhook on plain node:http, with `nodeHandler`.
 *
 *   APP_SECRET=… VERIFY_TOKEN=… PORT=3000 node docs/examples/node-http.mjs
 *
 * `nodeHandler` does everything: GET answers Meta's subscription handshake, POST reads the raw
 * body, verifies X-Hub-Signature-256, decodes the events and calls `onEvents`. It answers 200 to
 * every authentic request (even one it cannot decode), so Meta never retries or disables the
 * webhook because of a payload it did not expect. See docs/signatures.md and docs/handshake.md.
 */
import { createServer } from 'node:http'
import { pathToFileURL } from 'node:url'
import { nodeHandler } from 'messenger-webhooks/node'

/** A refused request: the hint says what went wrong, for your logs (the response carries only the reason). */
function logRejected(error) {
  console.warn(`webhook refused (${error.status} ${error.reason}): ${error.hint}`)
}

/** An authentic body that is not a webhook at all (bad JSON, no `entry`): still answered 200. */
function logUnusable(error) {
  console.warn(`unusable webhook body: ${error.message}`)
}

/** What to do with the events by default: log their kinds. Replace with your own work. */
function logEvents(webhook) {
  for (const event of webhook.events) console.log(`${event.platform} ${event.type} (${event.path})`)
  // Items with a known event key whose shape did not validate: they are reported, not dropped.
  for (const bad of webhook.invalid) console.warn(`invalid item: ${bad.message}`)
}

/**
 * The `(req, res)` listener for the webhook route. It answers on every path: route to it
 * yourself if the same server does other work.
 *
 * Options: `secret`, `verifyToken` and the callbacks; without them, APP_SECRET and VERIFY_TOKEN
 * from the environment and console logging.
 *
 * Keep it in front of any JSON body parser. The signature covers the exact bytes Meta sent; if a
 * parser consumed the stream first, the handler answers 500 and says so instead of waiting.
 */
export function webhookListener({
  secret = process.env.APP_SECRET ?? '',
  verifyToken = process.env.VERIFY_TOKEN ?? '',
  onEvents = logEvents,
  onRejected = logRejected,
  onUnusable = logUnusable,
} = {}) {
  return nodeHandler({
    // The App Secret (App Dashboard → Settings → Basic), or a list, newest first, while rotating.
    secret,
    // The Verify Token you typed in the dashboard's Webhooks settings.
    verifyToken,
    // Called after the signature is checked. Meta wants the 200 within 5 seconds: queue slow work.
    onEvents,
    // Called when the signature check refuses a request, with the reason and a hint for your logs.
    onRejected,
    // Called for an authentic body that cannot be decoded at all.
    onUnusable,
  })
}

/**
 * Starts the server and resolves with it once it listens.
 *
 * @param {{ port?: number, host?: string } & Partial<import('messenger-webhooks').HandleWebhookOptions>} [options]
 * @returns {Promise<import('node:http').Server>}
 */
export function start({ port = Number(process.env.PORT ?? 3000), host, ...options } = {}) {
  const server = createServer(webhookListener(options))
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve(server))
  })
}

// Run directly: `node docs/examples/node-http.mjs`.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = await start()
  console.log('webhook listening on', server.address())
}
