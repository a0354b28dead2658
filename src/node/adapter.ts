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
import {
  bodyLimit,
  declaresMoreThan,
  FIXED_ANSWERS,
  type HandleWebhook,
  type HandleWebhookOptions,
  isServedMethod,
} from '../handler.js'

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

/** A raw body another layer kept (`req.rawBody`, or `express.raw()`'s Buffer in `req.body`). */
function keptBody(req: NodeRequest): Uint8Array | undefined {
  for (const kept of [req.rawBody, req.body]) {
    if (kept instanceof Uint8Array) return kept
    if (typeof kept === 'string') return new TextEncoder().encode(kept)
  }
  return undefined
}

async function rawBody(req: NodeRequest, max: number): Promise<Uint8Array | 'parsed' | 'too_large'> {
  const kept = keptBody(req)
  if (kept !== undefined) return kept.byteLength > max ? 'too_large' : kept
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

/** Builds the Node adapter over a `handleWebhook`: the same answers, from Node's `(req, res)`. */
export function createNodeAdapter(handle: HandleWebhook) {
  return (options: HandleWebhookOptions) =>
    async (req: NodeRequest, res: ServerResponse): Promise<void> => {
      const send = (status: number, body: string, extra: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...extra }).end(body)
      }
      // An oversized body is answered before (or instead of) reading the rest, and the socket is
      // dropped after the answer so the client cannot keep the server reading.
      const tooLarge = () => {
        const { status, body } = FIXED_ANSWERS.tooLarge
        res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' })
        res.end(body, () => req.destroy())
      }
      try {
        const method = req.method ?? 'GET'
        // Answered here, not by handleWebhook: a Fetch Request cannot even be built for TRACE
        // or CONNECT, and every method but GET, HEAD and POST gets the same 405.
        if (!isServedMethod(method)) {
          const { status, body, allow } = FIXED_ANSWERS.methodNotAllowed
          return send(status, body, { allow })
        }
        // Only the path and query matter here; the Host header is not trusted (nor needed).
        const url = new URL(req.originalUrl ?? req.url ?? '/', 'http://localhost')
        let body: Uint8Array | undefined
        if (method === 'POST') {
          const max = bodyLimit(options)
          if (declaresMoreThan(req.headers['content-length'], max)) return tooLarge()
          const raw = await rawBody(req, max)
          if (raw === 'parsed') return send(500, PARSED_BODY_HINT)
          if (raw === 'too_large') return tooLarge()
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
        try {
          if (!res.headersSent) send(FIXED_ANSWERS.failed.status, FIXED_ANSWERS.failed.body)
          else res.destroy()
        } catch {
          // The socket is gone: there is no one left to answer.
        }
      }
    }
}
