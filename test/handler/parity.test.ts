/**
 * `handleWebhook` (a Fetch `Request`) and `nodeHandler` (Node's `req, res`, over real HTTP) answer
 * the same request with the same status, body, content type and `Allow` header: one table, both
 * handlers (docs/signatures.md §4). The Node side is driven with raw HTTP over a socket, so that
 * methods a Fetch client refuses (TRACE, CONNECT) and a `Content-Length` that lies can be sent.
 */
import { createServer, type RequestListener, type Server, ServerResponse } from 'node:http'
import { type AddressInfo, connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type HandleWebhookOptions, handleWebhook } from '../../src/index.js'
import { nodeHandler, signPayloadSync } from '../../src/node.js'
import { readFixtureText } from '../fixtures.js'

const SECRET = 'parity-app-secret'
const TOKEN = 'parity-verify-token'
const BODY = readFixtureText('messenger/message.text.json')
const MAX = 64 * 1024

interface Case {
  readonly name: string
  readonly method: string
  readonly path?: string
  readonly headers?: Record<string, string>
  readonly body?: string
  readonly options?: Partial<HandleWebhookOptions>
}

interface Answer {
  readonly status: number
  readonly body: string
  readonly contentType: string | null
  readonly allow: string | null
}

const signed = (body: string) => ({ 'content-type': 'application/json', ...signPayloadSync(body, SECRET) })
const forged = { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` }
const failingLogger = { onRejected: () => Promise.reject(new Error('log sink down')) }

const cases: Case[] = [
  {
    name: 'the handshake',
    method: 'GET',
    path: `/webhook?hub.mode=subscribe&hub.verify_token=${TOKEN}&hub.challenge=42`,
  },
  {
    name: 'a handshake with a wrong token',
    method: 'GET',
    path: '/webhook?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1',
  },
  { name: 'a GET without parameters', method: 'GET' },
  { name: 'an authentic POST', method: 'POST', headers: signed(BODY), body: BODY },
  { name: 'a forged POST', method: 'POST', headers: forged, body: BODY },
  { name: 'an unsigned POST', method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY },
  { name: 'a malformed signature header', method: 'POST', headers: { 'x-hub-signature-256': 'sha256=zz' }, body: BODY },
  { name: 'an authentic body that is not JSON', method: 'POST', headers: signed('not json'), body: 'not json' },
  { name: 'a body over the cap', method: 'POST', headers: forged, body: 'x'.repeat(MAX + 1) },
  {
    name: 'a Content-Length over the cap with a short body',
    method: 'POST',
    headers: { ...forged, 'content-length': String(100 * 1024 * 1024) },
    body: BODY,
  },
  {
    name: 'maxBodyBytes NaN falls back to the 5 MiB default',
    method: 'POST',
    headers: forged,
    body: 'x'.repeat(5 * 1024 * 1024 + 1),
    options: { maxBodyBytes: Number.NaN },
  },
  {
    name: 'a negative maxBodyBytes falls back to the default',
    method: 'POST',
    headers: forged,
    body: BODY,
    options: { maxBodyBytes: -1 },
  },
  { name: 'a logger that rejects on a refusal', method: 'POST', headers: forged, body: BODY, options: failingLogger },
  {
    name: 'an onUnusable that throws',
    method: 'POST',
    headers: signed('[]'),
    body: '[]',
    options: {
      onUnusable: () => {
        throw new Error('boom')
      },
    },
  },
  {
    name: 'an onEvents that rejects',
    method: 'POST',
    headers: signed(BODY),
    body: BODY,
    options: { onEvents: () => Promise.reject(new Error('db down')) },
  },
  ...['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'CONNECT', 'PROPFIND'].map((method) => ({
    name: `${method}`,
    method,
  })),
]

function options(extra: Partial<HandleWebhookOptions> = {}): HandleWebhookOptions {
  return { secret: SECRET, verifyToken: TOKEN, maxBodyBytes: MAX, onEvents: () => {}, ...extra }
}

/** What `handleWebhook` answers. Fetch cannot build a TRACE or CONNECT Request: a look-alike stands in. */
async function viaFetch(c: Case): Promise<Answer> {
  const url = `http://localhost${c.path ?? '/webhook'}`
  const request =
    c.method === 'TRACE' || c.method === 'CONNECT'
      ? ({ method: c.method, url, headers: new Headers(), body: null, bodyUsed: false } as unknown as Request)
      : new Request(url, {
          method: c.method,
          headers: c.headers ?? {},
          ...(c.body === undefined ? {} : { body: c.body }),
        })
  const r = await handleWebhook(request, options(c.options))
  return {
    status: r.status,
    body: await r.text(),
    contentType: r.headers.get('content-type'),
    allow: r.headers.get('allow'),
  }
}

let server: Server
let port = 0
let current: RequestListener = () => {}

beforeAll(async () => {
  server = createServer((req, res) => current(req, res))
  // node:http hands CONNECT to the 'connect' event; route it to the handler as a server would.
  server.on('connect', (req, socket) => {
    const res = new ServerResponse(req)
    res.assignSocket(socket as never)
    res.on('finish', () => socket.end())
    current(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

/** Decodes a chunked HTTP body. */
function unchunk(raw: Buffer): Buffer {
  const parts: Buffer[] = []
  let at = 0
  for (;;) {
    const eol = raw.indexOf('\r\n', at)
    if (eol < 0) break
    const size = Number.parseInt(raw.subarray(at, eol).toString('latin1'), 16)
    if (!(size > 0)) break
    parts.push(raw.subarray(eol + 2, eol + 2 + size))
    at = eol + 2 + size + 2
  }
  return Buffer.concat(parts)
}

/** What `nodeHandler` answers, over a raw socket: the request exactly as the case says. */
async function viaNode(c: Case): Promise<Answer> {
  current = nodeHandler(options(c.options))
  const body = c.body === undefined ? Buffer.alloc(0) : Buffer.from(c.body)
  const headers: Record<string, string> = {
    host: 'localhost',
    connection: 'close',
    ...(c.body === undefined ? {} : { 'content-length': String(body.byteLength) }),
    ...c.headers,
  }
  const head = `${c.method} ${c.path ?? '/webhook'} HTTP/1.1\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`
  const raw = await new Promise<Buffer>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    socket.on('data', (d) => chunks.push(d))
    socket.on('close', () => resolve(Buffer.concat(chunks)))
    // The server may drop the socket after an early 413 while the body is still being written.
    socket.on('error', (e: NodeJS.ErrnoException) =>
      e.code === 'ECONNRESET' || e.code === 'EPIPE' ? undefined : reject(e),
    )
    socket.write(head)
    socket.end(body)
  })
  const split = raw.indexOf('\r\n\r\n')
  const lines = raw.subarray(0, split).toString('latin1').split('\r\n')
  const fields = new Map(
    lines.slice(1).map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
  )
  const rest = raw.subarray(split + 4)
  const text = fields.get('transfer-encoding') === 'chunked' ? unchunk(rest) : rest
  return {
    status: Number((lines[0] as string).split(' ')[1]),
    body: text.toString('utf8'),
    contentType: fields.get('content-type') ?? null,
    allow: fields.get('allow') ?? null,
  }
}

describe('handleWebhook and nodeHandler answer alike', () => {
  const errors: unknown[] = []
  const log = console.error
  beforeAll(() => {
    console.error = (...args: unknown[]) => errors.push(args)
  })
  afterAll(() => {
    console.error = log
  })

  it.each(cases)('$name', async (c) => {
    const [fetchAnswer, nodeAnswer] = [await viaFetch(c), await viaNode(c)]
    expect(nodeAnswer).toEqual(fetchAnswer)
  })

  it('answers every other method 405 with Allow: GET, POST', async () => {
    for (const method of ['PUT', 'TRACE', 'CONNECT']) {
      const a = await viaNode({ name: method, method })
      expect(a).toEqual({
        status: 405,
        body: 'use GET (handshake) or POST (events)',
        contentType: 'text/plain; charset=utf-8',
        allow: 'GET, POST',
      })
    }
  })

  it('answers 413 from Content-Length without waiting for a withheld body', async () => {
    current = nodeHandler(options())
    const started = Date.now()
    const status = await new Promise<number>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1')
      let text = ''
      socket.on('data', (d) => {
        text += d.toString('latin1')
        if (text.includes('\r\n')) {
          resolve(Number(text.split(' ')[1]))
          socket.destroy()
        }
      })
      socket.on('error', reject)
      socket.write(
        `POST /webhook HTTP/1.1\r\nhost: localhost\r\ncontent-length: ${100 * 1024 * 1024}\r\nx-hub-signature-256: sha256=${'0'.repeat(64)}\r\n\r\n`,
      )
    })
    expect(status).toBe(413)
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('logs a failing callback once and answers as if it had not failed', () => {
    const messages = errors.map((e) => String((e as unknown[])[0]))
    expect(messages.some((m) => m.includes('onRejected failed'))).toBe(true)
    expect(messages.some((m) => m.includes('onUnusable failed'))).toBe(true)
  })
})
