/**
 * A Messenger / Instagram webhook in Fastify 5, verified by hand with `verifySignatureSync`.
 *
 *   APP_SECRET=… VERIFY_TOKEN=… PORT=3000 node docs/examples/fastify.mjs
 *
 * Fastify parses JSON bodies itself, and the signature covers the exact bytes Meta sent. So the
 * webhook lives in its own plugin scope with a content-type parser that keeps the raw Buffer
 * (`parseAs: 'buffer'`); the rest of the app keeps Fastify's JSON parsing. See
 * docs/signatures.md#fastify.
 */
import { pathToFileURL } from 'node:url'
import Fastify from 'fastify'
import { parseWebhook, verifySubscription } from 'messenger-webhooks'
import { verifySignatureSync } from 'messenger-webhooks/node'

/** What to do with the events by default: log their kinds. Replace with your own work. */
function logEvents(webhook) {
  for (const event of webhook.events) console.log(`${event.platform} ${event.type} (${event.path})`)
}

/**
 * Builds the Fastify app with GET and POST `/webhook`.
 *
 * @param {{ secret?: string | string[], verifyToken?: string, logger?: boolean,
 *           onEvents?: (webhook: import('messenger-webhooks').DecodedWebhook) => void | Promise<void> }} [options]
 */
export function createApp({
  secret = process.env.APP_SECRET ?? '',
  verifyToken = process.env.VERIFY_TOKEN ?? '',
  onEvents = logEvents,
  logger = false,
} = {}) {
  const app = Fastify({ logger })

  app.register(async (scope) => {
    // In this scope only: hand JSON bodies over as the raw Buffer, unparsed. Meta batches up to
    // 1000 updates in one POST, so allow more than Fastify's default 1 MiB.
    scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 5 * 1024 * 1024 }, (_req, body, done) =>
      done(null, body),
    )

    // GET: Meta's subscription handshake. The challenge goes back verbatim as text/plain.
    scope.get('/webhook', async (request, reply) => {
      const r = verifySubscription(request.query, verifyToken)
      if (!r.ok) request.log.warn(`handshake refused: ${r.reason}`)
      return reply.code(r.status).headers(r.headers).send(r.body)
    })

    // POST: verify the raw bytes first, then decode.
    scope.post('/webhook', async (request, reply) => {
      const body = request.body // a Buffer, thanks to the parser above
      const verified = verifySignatureSync({ body, headers: request.headers, secret })
      if (verified._tag === 'Left') {
        // reason: missing_header (401), mismatch (403), malformed_header (400), or a server
        // misconfiguration such as empty_secret (500). The hint says what to fix.
        request.log.warn(verified.left.hint)
        return reply.code(verified.left.status).type('text/plain').send(verified.left.reason)
      }
      // Authentic from here on: answer 200 whatever the content, or Meta retries and, after an
      // hour of failures, disables the webhook.
      const parsed = parseWebhook(body)
      if (parsed.ok) await onEvents(parsed.value)
      else request.log.warn(`unusable webhook body: ${parsed.error.message}`)
      return reply.type('text/plain').send('EVENT_RECEIVED')
    })
  })
  return app
}

/**
 * Starts the server and resolves with its node:http Server once it listens (`app.close()` on
 * the Fastify instance works too; closing the Server is enough for this example).
 *
 * @param {{ port?: number, host?: string } & Parameters<typeof createApp>[0]} [options]
 * @returns {Promise<import('node:http').Server>}
 */
export async function start({ port = Number(process.env.PORT ?? 3000), host = '0.0.0.0', ...options } = {}) {
  const app = createApp(options)
  await app.listen({ port, host })
  return app.server
}

// Run directly: `node docs/examples/fastify.mjs`.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = await start({ logger: true })
  console.log('webhook listening on', server.address())
}
