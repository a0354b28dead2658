/**
 * The runnable servers in docs/examples/, started on 127.0.0.1 (ephemeral port) and exercised over
 * real HTTP: the GET handshake, signed fixture bodies, forged and unsigned requests. They import
 * the package by name ('messenger-webhooks', 'messenger-webhooks/node'), which resolves through
 * the package's own `exports` to the built dist/ — `npm test` builds it first (pretest).
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DecodedWebhook } from '../../src/index.js'
import { signPayloadSync } from '../../src/node.js'
import { manifest, readFixtureText } from '../fixtures.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const EXAMPLES = join(ROOT, 'docs', 'examples')
const BUILT = ['dist/index.js', 'dist/index.node.js', 'dist/node.js']
const missingBuild = BUILT.filter((f) => !existsSync(join(ROOT, f)))
const BUILD_HINT = `docs/examples import 'messenger-webhooks' by name, which resolves to the built dist/ through the package's exports, but ${missingBuild.join(', ')} ${missingBuild.length === 1 ? 'is' : 'are'} missing: run \`npm run build\` (\`npm test\` builds first).`

const SECRET = 'examples-app-secret'
const TOKEN = 'examples-verify-token'

interface StartOptions {
  readonly port: number
  readonly host: string
  readonly secret: string
  readonly verifyToken: string
  readonly onEvents: (webhook: DecodedWebhook) => void
  /** Silences the examples' default logging of refusals and unusable bodies during the tests. */
  readonly onRejected?: () => void
  readonly onUnusable?: () => void
}

const QUIET = { onRejected: () => {}, onUnusable: () => {} }

/** What every example exports. */
interface Example {
  start(options: StartOptions): Promise<Server>
}

/** The node:http example also exports its `(req, res)` listener. */
interface NodeHttpExample extends Example {
  webhookListener(options: Omit<StartOptions, 'port' | 'host'>): RequestListener
}

async function load<T extends Example>(name: string): Promise<T> {
  if (missingBuild.length > 0) throw new Error(BUILD_HINT)
  const path = join(EXAMPLES, `${name}.mjs`) // a variable, so the type checker leaves the .mjs alone
  return (await import(path)) as T
}

async function listen(server: Server): Promise<string> {
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve))
  const { address, port } = server.address() as AddressInfo
  return `http://${address}:${port}`
}

async function close(server: Server): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections() // drop fetch's idle keep-alive sockets so close() returns
  })
}

function signedPost(base: string, body: string, secret = SECRET, signal?: AbortSignal): Promise<Response> {
  const headers = signPayloadSync(body, secret)
  return fetch(`${base}/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    ...(signal === undefined ? {} : { signal }),
  })
}

const MIXED = readFixtureText('batch/mixed.json')
const MIXED_TYPES = manifest.valid.find((f) => f.file === 'batch/mixed.json')?.types
const INSTAGRAM = readFixtureText('batch/instagram-mixed.json')

describe.each(['node-http', 'express', 'fastify', 'hono'])('docs/examples/%s.mjs', (name) => {
  let server: Server
  let base: string
  const received: DecodedWebhook[] = []

  beforeAll(async () => {
    const example = await load(name)
    server = await example.start({
      port: 0,
      host: '127.0.0.1',
      secret: SECRET,
      verifyToken: TOKEN,
      onEvents: (webhook) => {
        received.push(webhook)
      },
      ...QUIET,
    })
    base = await listen(server)
  })

  afterAll(async () => {
    if (server !== undefined) await close(server)
  })

  it('answers the GET handshake with the challenge verbatim as text/plain', async () => {
    const r = await fetch(`${base}/webhook?hub.mode=subscribe&hub.verify_token=${TOKEN}&hub.challenge=1158201444`)
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toMatch(/^text\/plain/)
    expect(await r.text()).toBe('1158201444')
  })

  it('echoes a challenge with spaces and unicode unchanged', async () => {
    const params = new URLSearchParams({
      'hub.mode': 'subscribe',
      'hub.verify_token': TOKEN,
      'hub.challenge': 'a b 😀',
    })
    const r = await fetch(`${base}/webhook?${params}`)
    expect(await r.text()).toBe('a b 😀')
  })

  it('refuses the handshake with a wrong verify token (403)', async () => {
    const r = await fetch(`${base}/webhook?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`)
    expect(r.status).toBe(403)
    expect(await r.text()).not.toContain('1')
  })

  it('answers 200 EVENT_RECEIVED to a signed batch and hands its decoded events to onEvents', async () => {
    received.length = 0
    const r = await signedPost(base, MIXED)
    expect(r.status).toBe(200)
    expect(await r.text()).toBe('EVENT_RECEIVED')
    expect(received).toHaveLength(1)
    expect(received[0]?.events.map((e) => e.type)).toEqual(MIXED_TYPES)
  })

  it('verifies the raw bytes of a body with a raw UTF-8 emoji (Instagram)', async () => {
    received.length = 0
    const r = await signedPost(base, INSTAGRAM)
    expect(r.status).toBe(200)
    expect(received[0]?.platform).toBe('instagram')
    expect(received[0]?.events).toHaveLength(8)
  })

  it('answers 200 to an authentic body that is not a webhook, without calling onEvents', async () => {
    received.length = 0
    const r = await signedPost(base, '{"object":"page"')
    expect(r.status).toBe(200)
    expect(received).toHaveLength(0)
  })

  it('refuses a forged signature with 403 and an unsigned request with 401, without calling onEvents', async () => {
    received.length = 0
    const forged = await signedPost(base, MIXED, 'not-the-app-secret')
    expect(forged.status).toBe(403)
    expect(await forged.text()).toMatch(/^mismatch/)
    const unsigned = await fetch(`${base}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: MIXED,
    })
    expect(unsigned.status).toBe(401)
    expect(await unsigned.text()).toMatch(/^missing_header/)
    expect(received).toHaveLength(0)
  })

  it('refuses a body changed after signing with 403', async () => {
    received.length = 0
    const headers = signPayloadSync(MIXED, SECRET)
    const r = await fetch(`${base}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: MIXED.replace('"hi"', '"hI"'),
    })
    expect(r.status).toBe(403)
    expect(received).toHaveLength(0)
  })
})

describe('docs/examples/express.mjs keeps JSON parsing for the rest of the app', () => {
  it('parses JSON on /api/echo, registered after the webhook routes', async () => {
    const server = await (await load('express')).start({
      port: 0,
      host: '127.0.0.1',
      secret: SECRET,
      verifyToken: TOKEN,
      onEvents: () => {},
    })
    try {
      const base = await listen(server)
      const r = await fetch(`${base}/api/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"a":[1,2]}',
      })
      expect(await r.json()).toEqual({ received: { a: [1, 2] } })
    } finally {
      await close(server)
    }
  })
})

describe('docs/examples/node-http.mjs behind a JSON body parser', () => {
  const received: DecodedWebhook[] = []
  let listener: RequestListener

  beforeAll(async () => {
    const example = await load<NodeHttpExample>('node-http')
    listener = example.webhookListener({
      secret: SECRET,
      verifyToken: TOKEN,
      onEvents: (w) => {
        received.push(w)
      },
      ...QUIET,
    })
  })

  async function withServer(handler: RequestListener, run: (base: string) => Promise<void>) {
    const server = createServer(handler).listen(0, '127.0.0.1')
    try {
      await run(await listen(server))
    } finally {
      await close(server)
    }
  }

  async function expectParsedHint(base: string) {
    received.length = 0
    const started = Date.now()
    const r = await signedPost(base, MIXED, SECRET, AbortSignal.timeout(5000))
    expect(r.status).toBe(500)
    const text = await r.text()
    expect(text).toMatch(/already parsed by a JSON body parser/)
    expect(text).toMatch(/express\.raw\(\{ type: "application\/json" \}\)|before express\.json\(\)/)
    expect(Date.now() - started).toBeLessThan(2000) // answered, not left waiting for a stream that ended
    expect(received).toHaveLength(0)
  }

  it('answers 500 with the "already parsed" hint, quickly, when a parser consumed the stream and set req.body', async () => {
    const jsonParserFirst = async (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = []
      for await (const chunk of req) chunks.push(chunk as Buffer)
      Object.assign(req, { body: JSON.parse(Buffer.concat(chunks).toString('utf8')) })
      listener(req, res)
    }
    await withServer(jsonParserFirst, expectParsedHint)
  })

  it('does the same behind a real express.json()', async () => {
    const app = express()
    app.use(express.json())
    app.post('/webhook', (req, res) => listener(req, res))
    await withServer(app, expectParsedHint)
  })

  it('still works mounted behind a parser that left the stream alone (another content type)', async () => {
    const app = express()
    app.use(express.json({ type: 'application/vnd.other+json' }))
    app.post('/webhook', (req, res) => listener(req, res))
    received.length = 0
    await withServer(app, async (base) => {
      const r = await signedPost(base, MIXED)
      expect(r.status).toBe(200)
      expect(received[0]?.events.map((e) => e.type)).toEqual(MIXED_TYPES)
    })
  })

  it('uses a raw body another layer kept in req.rawBody', async () => {
    received.length = 0
    const keepRaw = async (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = []
      for await (const chunk of req) chunks.push(chunk as Buffer)
      const rawBody = Buffer.concat(chunks)
      Object.assign(req, { rawBody, body: JSON.parse(rawBody.toString('utf8')) })
      listener(req, res)
    }
    await withServer(keepRaw, async (base) => {
      const r = await signedPost(base, INSTAGRAM)
      expect(r.status).toBe(200)
      expect(received[0]?.events).toHaveLength(8)
    })
  })
})

describe.each(['node-http', 'express', 'fastify', 'hono'])('node docs/examples/%s.mjs run directly', (name) => {
  it('listens on PORT, reads APP_SECRET and VERIFY_TOKEN, and answers over HTTP', async () => {
    if (missingBuild.length > 0) throw new Error(BUILD_HINT)
    // A plain Node process, outside Vitest: the package name resolves through Node's own self-reference.
    const child = spawn(process.execPath, [join(EXAMPLES, `${name}.mjs`)], {
      env: { ...process.env, PORT: '0', APP_SECRET: SECRET, VERIFY_TOKEN: TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let out = ''
        const timer = setTimeout(() => reject(new Error(`${name}: no "listening" line within 10 s:\n${out}`)), 10_000)
        const read = (chunk: Buffer) => {
          out += chunk.toString('utf8')
          const m = /webhook listening on .*port: (\d+)/.exec(out)
          if (m !== null) {
            clearTimeout(timer)
            resolve(Number(m[1]))
          }
        }
        child.stdout.on('data', read)
        child.stderr.on('data', read)
        child.once('exit', (code) => reject(new Error(`${name} exited with ${code}:\n${out}`)))
      })
      const base = `http://127.0.0.1:${port}`
      const handshake = await fetch(`${base}/webhook?hub.mode=subscribe&hub.verify_token=${TOKEN}&hub.challenge=42`)
      expect(await handshake.text()).toBe('42')
      expect((await signedPost(base, MIXED)).status).toBe(200)
      expect((await signedPost(base, MIXED, 'forger')).status).toBe(403)
    } finally {
      child.kill()
    }
  })
})
