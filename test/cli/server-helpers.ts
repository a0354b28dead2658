/**
 * Real local servers for the `send` and `trigger` tests: a node:http server on 127.0.0.1 that
 * records every request it receives (the exact body bytes, the headers as sent, when it came and
 * how many were in flight), and answers what the test says. Also: a free port nothing listens on,
 * and a preload that reports the peak RSS of the CLI child.
 */
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { tempDir } from './helpers.js'

export interface Received {
  readonly method: string
  readonly url: string
  /** Header names lower-cased (node's view). */
  readonly headers: http.IncomingHttpHeaders
  /** Header names exactly as they came on the wire. */
  readonly rawNames: readonly string[]
  readonly body: Buffer
  /** performance.now() when the request arrived. */
  readonly at: number
}

export interface Answer {
  readonly status: number
  readonly body?: string
  /** Wait this long before answering (ms); `Infinity`: never answer. */
  readonly delay?: number
}

export interface RecordingServer {
  readonly url: string
  readonly requests: Received[]
  /** The most requests that were in flight at once. */
  readonly maxInFlight: () => number
  /** Requests counted when `keep: false` (their bodies not kept). */
  readonly count: () => number
  /** Total body bytes received. */
  readonly bytes: () => number
  /** An order-independent digest of every body received (sum of per-body SHA-256 prefixes). */
  readonly digest: () => bigint
  close(): Promise<void>
}

export interface ServerOptions {
  /** The answer to each request (default 200 `EVENT_RECEIVED`). */
  readonly answer?: (body: Buffer, index: number) => Answer
  /** Keep every request (default true); false keeps counts and a digest only, for large runs. */
  readonly keep?: boolean
}

/** An order-independent digest of one body, to compare what was sent with what arrived. */
export function bodyDigest(body: Uint8Array): bigint {
  return BigInt(`0x${createHash('sha256').update(body).digest('hex').slice(0, 12)}`)
}

export async function startServer(options: ServerOptions = {}): Promise<RecordingServer> {
  const requests: Received[] = []
  const keep = options.keep !== false
  let inFlight = 0
  let max = 0
  let count = 0
  let bytes = 0
  let digest = 0n
  const sockets = new Set<import('node:net').Socket>()
  const server = http.createServer((req, res) => {
    inFlight++
    max = Math.max(max, inFlight)
    const at = performance.now()
    const parts: Buffer[] = []
    req.on('data', (c: Buffer) => parts.push(c))
    req.on('end', () => {
      const body = Buffer.concat(parts)
      const index = count++
      bytes += body.byteLength
      digest += bodyDigest(body)
      if (keep) {
        const rawNames = req.rawHeaders.filter((_, i) => i % 2 === 0)
        requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, rawNames, body, at })
      }
      const answer = options.answer?.(body, index) ?? { status: 200, body: 'EVENT_RECEIVED' }
      const reply = () => {
        inFlight--
        res.writeHead(answer.status, { 'content-type': 'text/plain; charset=utf-8' }).end(answer.body ?? '')
      }
      if (answer.delay === Number.POSITIVE_INFINITY) return
      if (answer.delay !== undefined && answer.delay > 0) setTimeout(reply, answer.delay)
      else reply()
    })
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  server.keepAliveTimeout = 30_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    requests,
    maxInFlight: () => max,
    count: () => count,
    bytes: () => bytes,
    digest: () => digest,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = http.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/**
 * `NODE_OPTIONS` that make the CLI child write its peak RSS (KiB, from process.resourceUsage) to
 * a file when it exits, and the function that reads it (in MB).
 */
export function peakRssProbe(): { env: Record<string, string>; read: () => number } {
  const dir = tempDir('mw-rss-')
  const preload = join(dir, 'rss.mjs')
  const out = join(dir, 'rss.txt')
  writeFileSync(
    preload,
    `import { readFileSync, writeFileSync } from 'node:fs'\nprocess.on('exit', () => writeFileSync(${JSON.stringify(out)}, String(process.resourceUsage().maxRSS)))\n`,
  )
  return {
    env: { NODE_OPTIONS: `--import=${pathToFileURL(preload).href}` },
    read: () => Number(readFileSync(out, 'utf8')) / 1024,
  }
}
