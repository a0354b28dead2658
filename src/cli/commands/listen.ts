/**
 * `listen` (docs/cli.md): a local receiver to put behind a tunnel. It answers Meta's GET
 * handshake, verifies every POST with the App Secret, prints each event as it arrives, answers 200
 * to authentic requests and, with `--out`, appends each of them as one capture line (capture.ts)
 * that `validate`, `doctor` and `send` read back. Ctrl-C (or SIGTERM) stops it cleanly: the server
 * is closed, the capture file closed, a summary line printed, exit 0.
 */
import { closeSync, openSync, writeSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { CAC } from 'cac'
import { declaresMoreThan } from '../../handler.js'
import { parseWebhook } from '../../parse.js'
import { verifySubscription } from '../../verify/handshake.js'
import { verifySignatureSync } from '../../verify/node.js'
import { captureLine } from '../capture.js'
import { fail, leave, warn } from '../exit.js'
import { clock, colors, count, eventLine, invalidLine, quote, requestLine, safe } from '../listen-lines.js'
import { DEFAULT_SECRET_ENV, noSecret, one, secretsFrom, UsageError, wholeNumber } from '../shared.js'

/** The default `--max-body-bytes`: handleWebhook's `maxBodyBytes` default, 5 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024
/** The largest `--max-body-bytes`: a body is held whole, and written as one capture line. */
const LARGEST_MAX_BODY_BYTES = 256 * 1024 * 1024
/** How long requests in flight may take to finish once a stop was asked for. */
const GRACE_MS = 2000

/** The request headers a capture keeps: enough to verify it again, and nothing private. */
const CAPTURED_HEADERS = ['content-type', 'user-agent', 'x-hub-signature-256', 'x-hub-signature'] as const

const TEXT = { 'content-type': 'text/plain; charset=utf-8' }

interface Settings {
  readonly port: number
  readonly host: string
  readonly path: string | undefined
  readonly secrets: readonly string[]
  readonly verifyToken: string | undefined
  readonly out: string | undefined
  readonly maxBodyBytes: number
  readonly color: boolean
}

function settingsFrom(options: Record<string, unknown>): Settings {
  const portText = one(options, 'port', 'port')
  if (portText === undefined)
    throw new UsageError('listen needs --port (the local port to listen on, e.g. --port 3000; 0 picks a free one)')
  const port = wholeNumber(portText, 'port', 0, 65535)
  const host = one(options, 'host', 'host') ?? '127.0.0.1'
  if (host === '') throw new UsageError('--host needs a host name or address (default 127.0.0.1)')
  const path = one(options, 'path', 'path')
  if (path !== undefined && (!path.startsWith('/') || /[?#\s]/.test(path)))
    throw new UsageError(
      `--path must be a path that starts with / (no query), such as /webhook, not ${JSON.stringify(path)}`,
    )
  const secrets = secretsFrom(options)
  if (secrets.length === 0) throw new UsageError(noSecret(options))
  for (const secret of secrets) {
    if (secret.trim() !== secret)
      throw new UsageError('a secret has spaces or a newline around it: pass the App Secret exactly (printf, not echo)')
  }
  const verifyToken = one(options, 'verifyToken', 'verify-token')
  if (verifyToken === '')
    throw new UsageError('--verify-token is empty: pass the verify token you type in the App Dashboard')
  const out = one(options, 'out', 'out')
  if (out === '') throw new UsageError('--out needs a file name')
  const maxText = one(options, 'maxBodyBytes', 'max-body-bytes')
  const maxBodyBytes =
    maxText === undefined ? DEFAULT_MAX_BODY_BYTES : wholeNumber(maxText, 'max-body-bytes', 1, LARGEST_MAX_BODY_BYTES)
  const color = options.color !== false && process.stdout.isTTY === true && process.env.NO_COLOR === undefined
  return { port, host, path, secrets, verifyToken, out, maxBodyBytes, color }
}

/** Why the server could not listen, for a person. */
function bindProblem(e: NodeJS.ErrnoException, host: string, port: number): string {
  const where = `${host}:${port}`
  switch (e.code) {
    case 'EADDRINUSE':
      return `cannot listen on ${where}: the port is in use (another listen, or your server?); pick another with --port`
    case 'EACCES':
    case 'EPERM':
      return `cannot listen on ${where}: permission denied (ports below 1024 need privileges); use a port such as 3000`
    case 'EADDRNOTAVAIL':
      return `cannot listen on ${where}: ${host} is not an address of this machine (--host)`
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot listen on ${where}: the host name ${host} does not resolve (--host)`
    default:
      return `cannot listen on ${where}: ${e.message}`
  }
}

/** `host:port` of an address, IPv6 in brackets; an unspecified address as the loopback one. */
function hostPort(address: AddressInfo, loopback: boolean): string {
  let host = address.address
  if (loopback && host === '0.0.0.0') host = '127.0.0.1'
  if (loopback && host === '::') host = '::1'
  return `${host.includes(':') ? `[${host}]` : host}:${address.port}`
}

function openProblem(e: NodeJS.ErrnoException): string {
  if (e.code === 'ENOENT') return 'its folder does not exist'
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied'
  if (e.code === 'EISDIR') return 'it is a folder'
  return e.message
}

/** The whole body, or why not: larger than `max` (the rest is not kept), or the client went away. */
function readBody(req: IncomingMessage, max: number): Promise<Buffer | 'too_large' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    const settle = (outcome: Buffer | 'too_large' | 'aborted') => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('close', onClose)
      resolve(outcome)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength
      if (size > max) settle('too_large')
      else chunks.push(chunk)
    }
    const onEnd = () => settle(Buffer.concat(chunks, size))
    const onClose = () => settle('aborted')
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('close', onClose)
    // A stream error is followed by 'close'.
    req.on('error', () => {})
  })
}

export function register(cli: CAC): void {
  cli
    .command('listen', 'Receive webhooks locally (behind a tunnel): verify, print each event, capture with --out')
    .option('--port <port>', 'Port to listen on (required; 0 picks a free one)')
    .option('--host <host>', 'Address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)')
    .option('--path <path>', 'Serve only this path, such as /webhook (default: every path)')
    .option('--secret <secret>', 'The app secret; repeat for rotation (prefer --secret-env)')
    .option('--secret-env <name>', `Read the secret from this environment variable (default ${DEFAULT_SECRET_ENV})`)
    .option('--verify-token <token>', 'Answer the GET handshake with this verify token (without it, GETs are refused)')
    .option('--out <file>', 'Append every authentic request to this file as one NDJSON capture line')
    .option(
      '--max-body-bytes <n>',
      `Largest body accepted; larger ones get 413 (default ${DEFAULT_MAX_BODY_BYTES}, 5 MiB)`,
    )
    .option('--no-color', 'Never colour the output')
    .usage('listen --port <port> [options]')
    .example('messenger-webhooks listen --port 3000 --verify-token "$VERIFY_TOKEN" --out captures.ndjson')
    .example(
      'ngrok http 127.0.0.1:3000    # in another terminal; callback URL in the App Dashboard: https://<tunnel host>/',
    )
    .action((options: Record<string, unknown>) => listen(settingsFrom(options)))
}

function listen(s: Settings): Promise<number> {
  const c = colors(s.color)
  const print = (line: string) => process.stdout.write(`${line}\n`)
  const stats = { requests: 0, events: 0, refused: 0, captured: 0 }
  let fd: number | undefined
  if (s.out !== undefined) {
    try {
      fd = openSync(s.out, 'a')
    } catch (e) {
      fail(`cannot open --out ${s.out}: ${openProblem(e as NodeJS.ErrnoException)}`)
    }
  }

  /** Appends one line with a single write (O_APPEND: no interleaving with other writers). */
  const capture = (line: string) => {
    if (fd === undefined) return
    const bytes = Buffer.from(`${line}\n`, 'utf8')
    let at = 0
    while (at < bytes.byteLength) at += writeSync(fd, bytes, at)
    stats.captured++
  }

  let stopping = false
  let stopCode = 0
  let resolveDone: (code: number) => void = () => {}
  const finished = new Promise<number>((resolve) => {
    resolveDone = resolve
  })

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const received = new Date()
    const time = clock(received)
    stats.requests++
    const method = req.method ?? 'GET'
    const target = req.url ?? '/'
    const queryAt = target.indexOf('?')
    const pathname = queryAt < 0 ? target : target.slice(0, queryAt)
    const answer = (status: number, body: string, extra: Record<string, string> = {}) => {
      if (status >= 400) stats.refused++
      res.writeHead(status, { ...TEXT, 'content-length': String(Buffer.byteLength(body)), ...extra }).end(body)
    }
    const line = (status: number, what: string) => print(requestLine(time, method, target, status, what, c))

    if (s.path !== undefined && pathname !== s.path) {
      answer(404, `not found: this listener serves ${s.path}`)
      line(404, `not found: listen serves ${safe(s.path)} only (--path)`)
      return
    }
    if (method === 'GET' || method === 'HEAD') {
      const query = new URLSearchParams(queryAt < 0 ? '' : target.slice(queryAt + 1))
      const r = verifySubscription(query, s.verifyToken ?? '')
      answer(r.status, r.body)
      if (r.ok) line(r.status, c.green('handshake ok: challenge echoed, Meta now sends events here'))
      else if (r.reason === 'empty_verify_token')
        line(
          r.status,
          c.red(
            'handshake refused: no verify token; restart with --verify-token <the token you typed in the App Dashboard>',
          ),
        )
      else line(r.status, c.red(`handshake refused (${r.reason}): ${r.body}`))
      return
    }
    if (method !== 'POST') {
      answer(405, 'use GET (handshake) or POST (events)', { allow: 'GET, POST' })
      line(405, c.red('method not allowed: use GET (handshake) or POST (events)'))
      return
    }

    const tooLarge = () => {
      stats.refused++
      res.writeHead(413, { ...TEXT, connection: 'close' })
      res.end('the body is larger than maxBodyBytes', () => req.destroy())
      line(413, c.red(`refused: the body is larger than --max-body-bytes (${s.maxBodyBytes} bytes)`))
    }
    if (declaresMoreThan(req.headers['content-length'], s.maxBodyBytes)) return tooLarge()
    const body = await readBody(req, s.maxBodyBytes)
    if (body === 'too_large') return tooLarge()
    if (body === 'aborted') {
      stats.refused++
      line(400, c.red('the client went away before the body was complete'))
      if (!res.headersSent && !res.destroyed) res.writeHead(400, TEXT).end('the request body could not be read')
      return
    }
    const verified = verifySignatureSync({ body, headers: req.headers, secret: s.secrets })
    if (verified._tag === 'Left') {
      const { status, reason, hint } = verified.left
      answer(status, reason)
      line(status, c.red(`refused (${reason}): ${hint}`))
      return
    }
    if (fd !== undefined) {
      const headers: Record<string, string> = {}
      for (const name of CAPTURED_HEADERS) {
        const value = req.headers[name]
        if (typeof value === 'string') headers[name] = value
      }
      try {
        capture(captureLine({ receivedAt: received, method, path: target, headers, body }))
      } catch (e) {
        // Every authentic request answered 200 is in the file: one that is not gets 500 (Meta
        // delivers it again), and the listener stops with exit 2.
        const why =
          (e as NodeJS.ErrnoException).code === 'ENOSPC' ? 'no space left on the device' : (e as Error).message
        answer(500, 'the request could not be captured')
        line(500, c.red(`not captured: cannot write --out ${safe(s.out ?? '')}: ${safe(why)}`))
        warn(`cannot write --out ${s.out}: ${why}; stopping`)
        stop(2)
        return
      }
    }
    answer(200, 'EVENT_RECEIVED')
    const parsed = parseWebhook(body)
    if (!parsed.ok) {
      line(200, c.yellow(`authentic, but not a webhook body: ${safe(parsed.error.message.split('\n')[0] ?? '')}`))
      return
    }
    const webhook = parsed.value
    stats.events += webhook.events.length
    if (webhook.events.length === 0 && webhook.invalid.length === 0)
      return line(200, c.dim(`authentic, no events (object ${quote(webhook.object, 30)})`))
    // The lines of one body in one write.
    const lines = webhook.events.map((event) => eventLine(time, event, c))
    for (const item of webhook.invalid) lines.push(invalidLine(time, webhook.platform, item, c))
    print(lines.join('\n'))
  }

  // Requests being handled: the summary waits for them (their lines come before it).
  let inflight = 0
  let closed = false
  const server = createServer((req, res) => {
    inflight++
    handle(req, res)
      .catch((e: unknown) => {
        // Nothing above should throw; if it does, the request is refused, never left hanging.
        warn(`unexpected error while answering a request: ${(e as Error).message}`)
        try {
          if (!res.headersSent) {
            stats.refused++
            res.writeHead(500, TEXT).end('the listener failed')
          } else res.destroy()
        } catch {
          // the socket is gone
        }
      })
      .finally(() => {
        inflight--
        if (closed && inflight === 0) summarize()
      })
  })

  const stop = (code: number) => {
    if (stopping) return
    stopping = true
    stopCode = code
    server.close()
    server.closeIdleConnections()
    setTimeout(() => server.closeAllConnections(), GRACE_MS).unref()
  }

  server.on('close', () => {
    closed = true
    if (inflight === 0) summarize()
  })

  const summarize = () => {
    let code = stopCode
    if (fd !== undefined) {
      try {
        closeSync(fd)
      } catch (e) {
        warn(`cannot close --out ${s.out}: ${(e as Error).message}`)
        code = 2
      }
    }
    const captured = s.out === undefined ? '' : `, ${count(stats.captured, 'request', 'requests')} captured to ${s.out}`
    print(
      `stopped: ${count(stats.requests, 'request', 'requests')}, ${count(stats.events, 'event', 'events')}, ${stats.refused} refused${captured}`,
    )
    resolveDone(code)
  }

  const onSignal = (signal: NodeJS.Signals) => {
    // A second Ctrl-C while stopping does not wait for requests in flight.
    if (stopping) leave(signal === 'SIGINT' ? 130 : 143)
    stop(0)
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)

  server.on('error', (e: NodeJS.ErrnoException) => {
    if (server.listening) return warn(`server error: ${e.message}`)
    if (fd !== undefined) closeSync(fd)
    fail(bindProblem(e, s.host, s.port))
  })
  server.listen(s.port, s.host, () => {
    const address = server.address() as AddressInfo
    const url = `http://${hostPort(address, false)}${s.path ?? '/'}`
    const local = hostPort(address, true)
    print(`listening on ${c.bold(url)} (${s.path === undefined ? 'every path' : `${s.path} only`}); Ctrl-C to stop`)
    print(
      c.dim(
        `  tunnel: ngrok http ${local}  (or cloudflared tunnel --url http://${local}), then set https://<tunnel host>${s.path ?? '/'} as the callback URL in the App Dashboard`,
      ),
    )
    print(
      c.dim(
        s.verifyToken === undefined
          ? '  handshake: GETs are refused; pass --verify-token <token> (the one you type in the App Dashboard) to answer them'
          : '  handshake: answered with the --verify-token given',
      ),
    )
    print(
      c.dim(
        `  signatures: checked with ${count(s.secrets.length, 'secret', 'secrets')}; bodies up to ${s.maxBodyBytes} bytes`,
      ),
    )
    if (s.out !== undefined) print(c.dim(`  capturing authentic requests to ${s.out}`))
  })
  return finished
}
