/**
 * A thin `(req, res)` adapter for `node:http` and Express (and any server that hands over Node's
 * request untouched): reads the raw stream itself, or uses a raw body another layer kept
 * (`req.rawBody`, or a Buffer `req.body` from `express.raw()`), and answers like `handleWebhook`.
 * If a JSON body parser already consumed the stream, it says so instead of waiting forever.
 * Fastify reads the stream itself: there, keep the raw Buffer with a content-type parser and use
 * `verifySignatureSync` + `parseWebhook` (docs/examples/fastify.mjs).
 */

import type { IncomingMessage, ServerResponse } from 'node:http'
import { concatBytes } from '../bytes.js'
import type { HandleWebhook, HandleWebhookOptions } from '../handler.js'

/**
 * What the adapter reads from a request: Node's `IncomingMessage`, plus what frameworks add.
 *
 * @category handler
 * @since 0.1.0
 */
export type NodeRequest = IncomingMessage & { body?: unknown; rawBody?: unknown; originalUrl?: string }

const PARSED_BODY_HINT =
  'the request body was already parsed by a JSON body parser, so the raw bytes needed for the signature are gone: mount the webhook route before express.json() (or your framework\'s JSON parser), or use express.raw({ type: "application/json" }) on it'

function alreadyRead(req: NodeRequest): boolean {
  return req.readableEnded || (req.complete && req.readableLength === 0 && req.body !== undefined)
}

async function rawBody(req: NodeRequest, max: number): Promise<Uint8Array | 'parsed' | 'too_large'> {
  const kept = req.rawBody
  if (kept instanceof Uint8Array) return kept
  if (typeof kept === 'string') return new TextEncoder().encode(kept)
  if (req.body instanceof Uint8Array) return req.body
  if (typeof req.body === 'string') return new TextEncoder().encode(req.body)
  if (alreadyRead(req)) return 'parsed'
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of req) {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : (chunk as Uint8Array)
    size += bytes.byteLength
    if (size > max) return 'too_large'
    chunks.push(bytes)
  }
  return concatBytes(chunks, size)
}

function toHeaders(req: NodeRequest): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value)
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v)
  }
  return headers
}

/** Builds the Node adapter over a `handleWebhook`. */
export function createNodeAdapter(handle: HandleWebhook) {
  return (options: HandleWebhookOptions) =>
    async (req: NodeRequest, res: ServerResponse): Promise<void> => {
      const send = (status: number, body: string) => {
        res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(body)
      }
      try {
        // Only the path and query matter here; the Host header is not trusted (nor needed).
        const url = new URL(req.originalUrl ?? req.url ?? '/', 'http://localhost')
        const method = req.method ?? 'GET'
        let body: Uint8Array | undefined
        if (method === 'POST') {
          const raw = await rawBody(req, options.maxBodyBytes ?? 5 * 1024 * 1024)
          if (raw === 'parsed') return send(500, PARSED_BODY_HINT)
          if (raw === 'too_large') {
            // Stop reading what is left of an oversized body: answer, close, drop the socket.
            res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' })
            res.end('the body is larger than maxBodyBytes', () => req.destroy())
            return
          }
          body = raw
        }
        const request = new Request(url, {
          method,
          headers: toHeaders(req),
          ...(body === undefined ? {} : { body: body as BodyInit }),
        })
        const response = await handle(request, options)
        const headers: Record<string, string> = {}
        response.headers.forEach((v, k) => {
          headers[k] = v
        })
        res.writeHead(response.status, headers).end(await response.text())
      } catch {
        if (!res.headersSent) send(500, 'the webhook handler failed')
      }
    }
}
