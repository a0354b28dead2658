/**
 * POSTing signed bodies as Meta does, for `send` and `trigger`: node:http (or node:https) over a
 * keep-alive agent with one socket per request in flight, the exact body bytes with their
 * Content-Length, both signature headers, `content-type: application/json` and Meta's user agent.
 * Each request ends in an {@link Outcome}: an answer (status, first line of its body, latency) or
 * a failure (no answer: a timeout, a refused connection, a reset), never a throw.
 */
import http from 'node:http'
import https from 'node:https'
import type { SignatureHeaders } from '../verify/signature.js'

/** The user agent of Meta's webhook requests. */
export const META_USER_AGENT = 'facebookexternalua'

/** Default of `--timeout`: Messenger waits 5 seconds for an answer, then counts a failure and retries. */
export const DEFAULT_TIMEOUT_MS = 5000

/** How much of an answer's body is kept (for its first line); the rest is read and dropped. */
const KEEP_BYTES = 4096
/** The longest first line shown. */
const FIRST_LINE_CHARS = 200

/** What became of one request. */
export type Outcome =
  | {
      readonly kind: 'answer'
      readonly status: number
      /** The reason phrase (`OK`, `Forbidden`), as the server sent it. */
      readonly statusText: string
      /** The first line of the answer's body (trimmed, at most 200 characters; `''` for none). */
      readonly firstLine: string
      readonly ms: number
    }
  | {
      readonly kind: 'failed'
      /** `timeout`, or the system's error code (`ECONNREFUSED`, `ECONNRESET`, …). */
      readonly reason: string
      readonly message: string
      /** No connection could be made at all (nothing reached the server). */
      readonly beforeConnect: boolean
      readonly ms: number
    }

/** The headers of a request: what Meta sends, in Meta's spelling. */
export function metaHeaders(length: number, signature: SignatureHeaders): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    'Content-Length': String(length),
    'User-Agent': META_USER_AGENT,
    Accept: '*/*',
    'X-Hub-Signature': signature['X-Hub-Signature'],
    'X-Hub-Signature-256': signature['X-Hub-Signature-256'],
  }
}

/** A reusable client for one URL. */
export interface Poster {
  post(body: Uint8Array, signature: SignatureHeaders): Promise<Outcome>
  /** Closes the idle keep-alive sockets (the process can exit). */
  close(): void
}

/** The URL given to `--to`, checked: http or https, with a host. */
export function targetUrl(text: string): URL | string {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return `--to must be a URL such as http://localhost:3000/webhook, not ${JSON.stringify(text)}`
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `--to must be an http:// or https:// URL, not ${JSON.stringify(text)}`
  if (url.hostname === '') return `--to has no host: ${JSON.stringify(text)}`
  return url
}

class Timeout extends Error {}

function firstLineOf(parts: readonly Buffer[]): string {
  const text = Buffer.concat(parts).toString('utf8')
  const line = (text.split(/\r?\n|\r/).find((l) => l.trim() !== '') ?? '').trim()
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is replaced
  const clean = line.replace(/[\u0000-\u001f\u007f]/g, ' ')
  return clean.length > FIRST_LINE_CHARS ? `${clean.slice(0, FIRST_LINE_CHARS)}…` : clean
}

function describeError(e: unknown): { reason: string; message: string } {
  const err = e as NodeJS.ErrnoException & { errors?: unknown[] }
  const reason = typeof err.code === 'string' ? err.code : 'error'
  let message = err instanceof Error ? err.message : String(e)
  // Node tries every address of `localhost` and throws an AggregateError without a message.
  if (message === '' && Array.isArray(err.errors)) {
    message = err.errors.map((x) => (x instanceof Error ? x.message : String(x))).join('; ')
  }
  return { reason, message: message === '' ? reason : message }
}

export function createPoster(url: URL, options: { readonly concurrency: number; readonly timeoutMs: number }): Poster {
  const secure = url.protocol === 'https:'
  const agentOptions = { keepAlive: true, maxSockets: options.concurrency, maxFreeSockets: options.concurrency }
  const agent = secure ? new https.Agent(agentOptions) : new http.Agent(agentOptions)
  const request = secure ? https.request : http.request
  const base: http.RequestOptions = {
    agent,
    method: 'POST',
    hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    path: `${url.pathname}${url.search}`,
    ...(url.port !== '' ? { port: Number(url.port) } : {}),
    ...(url.username !== '' ? { auth: `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` } : {}),
  }

  const attempt = (body: Uint8Array, headers: Record<string, string>, mayRetry: boolean): Promise<Outcome> =>
    new Promise<Outcome>((resolve) => {
      const started = performance.now()
      let settled = false
      let connected = false
      let timedOut = false
      const req = request({ ...base, headers })
      const finish = (outcome: Outcome) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        resolve(outcome)
      }
      const fail = (e: unknown) => {
        const { reason, message } = timedOut
          ? { reason: 'timeout', message: `no answer within ${options.timeoutMs} ms` }
          : describeError(e)
        finish({ kind: 'failed', reason, message, beforeConnect: !connected, ms: performance.now() - started })
      }
      const timer = setTimeout(() => {
        timedOut = true
        req.destroy(new Timeout())
      }, options.timeoutMs)
      req.on('socket', (socket) => {
        const event = secure ? 'secureConnect' : 'connect'
        // A socket from the pool is connected already.
        if (req.reusedSocket || !(socket as { connecting?: boolean }).connecting) connected = true
        else socket.once(event, () => (connected = true))
      })
      req.on('response', (res) => {
        const parts: Buffer[] = []
        let kept = 0
        const answer = () => {
          if (timedOut) return fail(new Timeout())
          finish({
            kind: 'answer',
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? '',
            firstLine: firstLineOf(parts),
            ms: performance.now() - started,
          })
        }
        res.on('data', (chunk: Buffer) => {
          if (kept >= KEEP_BYTES) return
          const piece = chunk.subarray(0, KEEP_BYTES - kept)
          parts.push(Buffer.from(piece))
          kept += piece.byteLength
        })
        res.on('end', answer)
        // The answer was cut short: its status still counts (unless the time was up).
        res.on('error', answer)
        res.on('close', answer)
      })
      req.on('error', (e: NodeJS.ErrnoException) => {
        if (settled) return
        // A keep-alive socket the server closed as this request went out: try once on a new one.
        if (mayRetry && !timedOut && req.reusedSocket && e.code === 'ECONNRESET') {
          settled = true
          clearTimeout(timer)
          resolve(attempt(body, headers, false))
          return
        }
        fail(e)
      })
      req.end(body)
    })

  return {
    post: (body, signature) => attempt(body, metaHeaders(body.byteLength, signature), true),
    close: () => agent.destroy(),
  }
}
