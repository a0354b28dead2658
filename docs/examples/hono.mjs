/**
 * A Messenger / Instagram webhook in Hono, served on Node with @hono/node-server.
 *
 *   APP_SECRET=… VERIFY_TOKEN=… PORT=3000 node docs/examples/hono.mjs
 *
 * `handleWebhook` takes a standard Fetch `Request` — in Hono that is `c.req.raw` — and returns a
 * `Response`: GET answers the handshake, POST reads the raw body once, verifies it, decodes it and
 * calls `onEvents`. The same route works unchanged on Cloudflare Workers, Deno and Bun (there it
 * uses Web Crypto; on Node, node:crypto). Put no middleware that reads the body in front of it.
 * See docs/signatures.md#hono.
 */
import { pathToFileURL } from 'node:url'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { handleWebhook } from 'messenger-webhooks'

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
 * Builds the Hono app with GET and POST `/webhook`.
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
  /** @type {import('messenger-webhooks').HandleWebhookOptions} */
  const options = {
    secret,
    verifyToken,
    onEvents,
    // Called when the signature check refuses a request, with the reason and a hint for your logs.
    onRejected,
    // Called for an authentic body that is not a webhook at all (bad JSON, no `entry`); still 200.
    onUnusable,
  }
  const app = new Hono()
  app.on(['GET', 'POST'], '/webhook', (c) => handleWebhook(c.req.raw, options))
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
    const server = serve({ fetch: app.fetch, port, ...(host === undefined ? {} : { hostname: host }) }, () =>
      resolve(server),
    )
    server.once('error', reject)
  })
}

// Run directly: `node docs/examples/hono.mjs`.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = await start()
  console.log('webhook listening on', server.address())
}
