/**
 * A Messenger / Instagram webhook in an Express 5 app, with `nodeHandler`.
 *
 *   APP_SECRET=… VERIFY_TOKEN=… PORT=3000 node docs/examples/express.mjs
 *
 * The one rule: the webhook route must see the raw bytes Meta signed. So it is registered with
 * `express.raw({ type: 'application/json' })` BEFORE `app.use(express.json())`. If express.json()
 * ran first, the stream would be consumed, express.raw() would do nothing, and the handler would
 * answer 500 with a hint saying so. See docs/signatures.md#express.
 */
import { pathToFileURL } from 'node:url'
import express from 'express'
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
}

/**
 * Builds the app: the webhook on `/webhook`, then the JSON parser and the rest of your API.
 *
 * @param {Partial<import('messenger-webhooks').HandleWebhookOptions>} [options] secret, verifyToken and
 *   the callbacks; without them, APP_SECRET and VERIFY_TOKEN from the environment and console logging.
 */
export function createApp({
  secret = process.env.APP_SECRET ?? '',
  verifyToken = process.env.VERIFY_TOKEN ?? '',
  onEvents = logEvents,
  onRejected = logRejected,
  onUnusable = logUnusable,
} = {}) {
  const app = express()
  // onRejected logs why a request was refused (the response carries only the reason).
  const webhook = nodeHandler({ secret, verifyToken, onEvents, onRejected, onUnusable })

  // GET: Meta's subscription handshake (hub.mode / hub.verify_token / hub.challenge).
  app.get('/webhook', webhook)
  // POST: events. express.raw() leaves the exact bytes in req.body as a Buffer, which nodeHandler
  // verifies. Its default limit is 100 kB; Meta batches up to 1000 updates in one POST, so raise it
  // to match nodeHandler's own default maxBodyBytes (5 MiB).
  app.post('/webhook', express.raw({ type: 'application/json', limit: '5mb' }), webhook)

  // The JSON parser for the rest of the app comes after the webhook routes.
  app.use(express.json())
  app.post('/api/echo', (req, res) => {
    res.json({ received: req.body })
  })
  return app
}

/**
 * Starts the server and resolves with it (a node:http Server) once it listens.
 *
 * @param {{ port?: number, host?: string } & Parameters<typeof createApp>[0]} [options]
 * @returns {Promise<import('node:http').Server>}
 */
export function start({ port = Number(process.env.PORT ?? 3000), host, ...options } = {}) {
  const app = createApp(options)
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error) => (error ? reject(error) : resolve(server)))
  })
}

// Run directly: `node docs/examples/express.mjs`.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = await start()
  console.log('webhook listening on', server.address())
}
