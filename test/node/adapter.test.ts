/**
 * `nodeHandler` from messenger-webhooks/node (src/node.ts, src/node/adapter.ts): the `(req, res)`
 * adapter over `handleWebhook`, exercised over real HTTP on 127.0.0.1. It reads the raw stream
 * itself, or uses a raw body another layer kept, and refuses — quickly, with a hint — a body a
 * JSON parser already consumed (the hang other adapters had, octokit/webhooks.js#1081).
 */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { DecodedWebhook, HandleWebhookOptions } from '../../src/index.js'
import { nodeHandler, signPayloadSync } from '../../src/node.js'
import { manifest, readFixtureText } from '../fixtures.js'

const SECRET = 'adapter-app-secret'
const TOKEN = 'adapter-verify-token'
const MIXED = readFixtureText('batch/mixed.json')
const MIXED_TYPES = manifest.valid.find((f) => f.file === 'batch/mixed.json')?.types

const servers: Server[] = []

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections()
        }),
    ),
  )
})

async function serve(listener: RequestListener): Promise<string> {
  const server = createServer(listener)
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

function handler(extra: Partial<HandleWebhookOptions> = {}) {
  const received: DecodedWebhook[] = []
  const listener = nodeHandler({
    secret: SECRET,
    verifyToken: TOKEN,
    onEvents: (webhook) => {
      received.push(webhook)
    },
    ...extra,
  })
  return { listener, received }
}

function post(base: string, body: string, headers: Record<string, string> = { ...signPayloadSync(body, SECRET) }) {
  return fetch(`${base}/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    signal: AbortSignal.timeout(5000),
  })
}

/** Reads the whole stream first, as a body parser would, then hands over to `next`. */
function afterReading(
  next: RequestListener,
  keep: (req: IncomingMessage, raw: Buffer) => Record<string, unknown>,
): RequestListener {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    Object.assign(req, keep(req, Buffer.concat(chunks)))
    next(req, res)
  }
}

describe('nodeHandler', () => {
  it('answers the GET handshake with the challenge as text/plain', async () => {
    const base = await serve(handler().listener)
    const r = await fetch(`${base}/webhook?hub.mode=subscribe&hub.verify_token=${TOKEN}&hub.challenge=1158201444`)
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(await r.text()).toBe('1158201444')
  })

  it('ignores the Host header: an odd one does not turn the handshake into a 500', async () => {
    const { listener } = handler()
    const res = await new Promise<{ status: number; body: string }>((resolve) => {
      const req = {
        method: 'GET',
        url: `/webhook?hub.mode=subscribe&hub.verify_token=${TOKEN}&hub.challenge=42`,
        headers: { host: 'exa mple' },
      }
      let status = 0
      const out = {
        headersSent: false,
        writeHead(s: number) {
          status = s
          return out
        },
        end(body: string) {
          resolve({ status, body })
        },
      }
      void listener(req as unknown as IncomingMessage, out as unknown as ServerResponse)
    })
    expect(res).toEqual({ status: 200, body: '42' })
  })

  it('reads the raw stream itself, verifies and hands the decoded events to onEvents', async () => {
    const { listener, received } = handler()
    const base = await serve(listener)
    const r = await post(base, MIXED)
    expect(r.status).toBe(200)
    expect(await r.text()).toBe('EVENT_RECEIVED')
    expect(received[0]?.events.map((e) => e.type)).toEqual(MIXED_TYPES)
  })

  it('refuses a forged signature (403) and a missing one (401) with the reason', async () => {
    const { listener, received } = handler()
    const base = await serve(listener)
    const forged = await post(base, MIXED, { ...signPayloadSync(MIXED, 'forger') })
    expect(forged.status).toBe(403)
    expect(await forged.text()).toMatch(/^mismatch/)
    const unsigned = await post(base, MIXED, {})
    expect(unsigned.status).toBe(401)
    expect(await unsigned.text()).toMatch(/^missing_header/)
    expect(received).toHaveLength(0)
  })

  it('uses the Buffer that express.raw() leaves in req.body', async () => {
    const { listener, received } = handler()
    const base = await serve(afterReading(listener, (_, raw) => ({ body: raw })))
    expect((await post(base, MIXED)).status).toBe(200)
    expect(received[0]?.events).toHaveLength(12)
  })

  it('uses a raw body another layer kept in req.rawBody, as a Buffer or a string, even next to a parsed req.body', async () => {
    for (const keep of [
      (raw: Buffer) => ({ rawBody: raw, body: JSON.parse(raw.toString('utf8')) }),
      (raw: Buffer) => ({ rawBody: raw.toString('utf8'), body: JSON.parse(raw.toString('utf8')) }),
    ]) {
      const { listener, received } = handler()
      const base = await serve(afterReading(listener, (_, raw) => keep(raw)))
      const body = readFixtureText('batch/instagram-mixed.json') // raw UTF-8 emoji: string and bytes must agree
      expect((await post(base, body)).status).toBe(200)
      expect(received[0]?.events).toHaveLength(8)
    }
  })

  it('answers 500 with the "already parsed" hint, quickly, when a JSON parser consumed the stream', async () => {
    const { listener, received } = handler()
    const base = await serve(afterReading(listener, (_, raw) => ({ body: JSON.parse(raw.toString('utf8')) })))
    const started = Date.now()
    const r = await post(base, MIXED)
    expect(r.status).toBe(500)
    expect(await r.text()).toMatch(/already parsed by a JSON body parser.*express\.raw/)
    expect(Date.now() - started).toBeLessThan(2000)
    expect(received).toHaveLength(0)
  })

  it('answers 413 and closes the connection for a body over maxBodyBytes, without calling onEvents', async () => {
    const { listener, received } = handler({ maxBodyBytes: 1024 })
    const base = await serve(listener)
    const big = JSON.stringify({ object: 'page', entry: [], pad: 'x'.repeat(4096) })
    const r = await post(base, big)
    expect(r.status).toBe(413)
    expect(r.headers.get('connection')).toBe('close')
    expect(await r.text()).toBe('the body is larger than maxBodyBytes')
    expect(received).toHaveLength(0)
  })

  it('answers 405 to other methods, with the Allow header', async () => {
    const base = await serve(handler().listener)
    const r = await fetch(`${base}/webhook`, { method: 'PUT', body: '{}' })
    expect(r.status).toBe(405)
    expect(r.headers.get('allow')).toBe('GET, POST')
  })

  it('answers 500 when onEvents throws', async () => {
    const { listener } = handler({
      onEvents: () => {
        throw new Error('database down')
      },
    })
    const base = await serve(listener)
    const r = await post(base, MIXED)
    expect(r.status).toBe(500)
    expect(await r.text()).toBe('the event handler failed')
  })
})
