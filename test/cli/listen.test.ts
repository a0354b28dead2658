/**
 * `messenger-webhooks listen`, run as a child process on a free port and sent real requests: the
 * GET handshake (right, wrong and no token), signed POSTs (signed here with node:crypto, each
 * signature checked against the `openssl` binary), forged POSTs (refused with the reason, the
 * hint on the terminal), oversized bodies (413, by Content-Length and while streaming), other
 * paths and methods; one line per event on stdout; SIGINT and SIGTERM stop it with the summary
 * line and exit 0. Then the `--out` file is read back by the library, by `validate` and by
 * `doctor`: every captured request is there, in order, byte for byte, and re-verifies.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CaptureRecord, isCaptureRecord, recordBody } from '../../src/cli/capture.js'
import { parseWebhook } from '../../src/parse.js'
import { verifySignatureSync } from '../../src/verify/node.js'
import { hasOpenssl, opensslHmac } from '../verify/reference.js'
import {
  describeRun,
  expectClean,
  FIXTURES,
  instagramBody,
  messageItem,
  midlessItem,
  pageBody,
  postbackItem,
  type RunResult,
  removeTempDirs,
  requireBuiltCli,
  runExpect,
  tempDir,
  validateJson,
} from './helpers.js'
import { EVENT_LINE, freePort, type Listener, post, SUMMARY_LINE, send, sign, startListen } from './listen-helpers.js'

beforeAll(requireBuiltCli)
afterAll(removeTempDirs)

const SECRET = 'listen-secret-0123456789abcdef'
const OLD_SECRET = 'listen-old-secret-fedcba9876543210'
const TOKEN = 'verify-token-42'
const HAS_OPENSSL = hasOpenssl()

/** A signature by node:crypto, checked against the openssl binary when there is one. */
function signed(body: string | Uint8Array, secret = SECRET): string {
  const header = sign(secret, body)
  if (HAS_OPENSSL) expect(header, 'node:crypto and openssl agree').toBe(`sha256=${opensslHmac('sha256', secret, body)}`)
  return header
}

const fixture = (path: string) => readFileSync(join(FIXTURES, path))

/** Meta's form: compact, `/` as `\/`, non-ASCII as lowercase \uXXXX. */
const META_BODY =
  '{"object":"page","entry":[{"id":"104857600000001","time":1718003000123,"messaging":[{"sender":{"id":"2400000000000001"},' +
  '"recipient":{"id":"104857600000001"},"timestamp":1718002999876,"message":{"mid":"m_meta","text":"caf\\u00e9 \\ud83d\\ude00 https:\\/\\/example.com"}}]}]}'

/** The authentic bodies of the round trip, in the order they are sent. */
const AUTHENTIC: { name: string; body: Uint8Array; secret?: string }[] = [
  { name: 'a fixture file as is (pretty-printed, final newline)', body: fixture('batch/mixed.json') },
  { name: 'Instagram, raw UTF-8 emoji', body: fixture('batch/instagram-mixed.json') },
  { name: "Meta's escaped form", body: Buffer.from(META_BODY) },
  {
    name: 'CRLF and a final newline',
    body: Buffer.from(`${JSON.stringify(pageBody(messageItem('m_crlf', 'line\r\nbreak')))}\r\n`),
  },
  {
    name: 'terminal escapes in the text',
    body: Buffer.from(JSON.stringify(pageBody(messageItem('m_esc', '\u001b[2J\u001b[31mred\u009b\u202eevil')))),
  },
  {
    name: 'a postback, signed with the old secret',
    body: Buffer.from(JSON.stringify(pageBody(postbackItem()))),
    secret: OLD_SECRET,
  },
  { name: 'an invalid item', body: Buffer.from(JSON.stringify(pageBody(midlessItem()))) },
  { name: 'an Instagram message', body: Buffer.from(JSON.stringify(instagramBody(messageItem('m_ig', 'salut')))) },
  { name: 'no events', body: Buffer.from('{"object":"page","entry":[]}') },
  { name: 'authentic but not JSON', body: Buffer.from('not json at all') },
  { name: 'authentic but not UTF-8', body: Buffer.from([0x7b, 0xff, 0xfe, 0x00, 0x80, 0x7d]) },
  { name: 'empty', body: new Uint8Array(0) },
]

function decodable(body: Uint8Array): boolean {
  return parseWebhook(body).ok
}

function eventsIn(body: Uint8Array): number {
  const r = parseWebhook(body)
  return r.ok ? r.value.events.length : 0
}

function invalidIn(body: Uint8Array): number {
  const r = parseWebhook(body)
  return r.ok ? r.value.invalid.length : 0
}

/** Waits until `ready()` (stdout comes through its own pipe, after the answer at times). */
async function until(ready: () => boolean, what: string, l: Listener, ms = 10_000): Promise<void> {
  const end = Date.now() + ms
  while (!ready()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}:\n${l.lines.join('\n')}\n${l.stderr()}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

describe('listen: handshake, signed and forged requests, capture, read back', () => {
  let listener: Listener
  let out: string
  let stopped: RunResult
  const port = { value: 0 }
  let requests = 0
  let refused = 0

  beforeAll(async () => {
    out = join(tempDir('mw-listen-'), 'captures.ndjson')
    port.value = await freePort()
    listener = await startListen([
      '--port',
      String(port.value),
      '--secret',
      SECRET,
      '--secret',
      OLD_SECRET,
      '--verify-token',
      TOKEN,
      '--out',
      out,
    ])
  })

  afterAll(() => {
    listener?.child.kill('SIGKILL')
  })

  it('prints the URL it listens on, with the tunnel hint, first', async () => {
    await listener.waitFor(/^ {2}capturing authentic requests to /)
    expect(listener.port).toBe(port.value)
    expect(listener.lines[0]).toBe(`listening on http://127.0.0.1:${port.value}/ (every path); Ctrl-C to stop`)
    const start = listener.lines.join('\n')
    expect(start).toContain(`ngrok http 127.0.0.1:${port.value}`)
    expect(start).toContain(`cloudflared tunnel --url http://127.0.0.1:${port.value}`)
    expect(start).toContain(`capturing authentic requests to ${out}`)
  })

  it('answers the GET handshake with the right token (the challenge, verbatim)', async () => {
    const from = listener.lines.length
    const r = await send(
      `${listener.origin}/webhook?hub.mode=subscribe&hub.verify_token=${TOKEN}&hub.challenge=1158201444`,
    )
    requests++
    expect(r.status).toBe(200)
    expect(r.body).toBe('1158201444')
    expect(r.headers['content-type']).toMatch(/^text\/plain/)
    await listener.waitFor(/ {2}GET \/webhook\?\S* {2}200 {2}handshake ok/, from)
  })

  it('refuses a handshake with a wrong or missing token (403) and a wrong mode (400)', async () => {
    const from = listener.lines.length
    const wrong = await send(`${listener.origin}/webhook?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`)
    const missing = await send(`${listener.origin}/webhook?hub.mode=subscribe&hub.challenge=1`)
    const mode = await send(`${listener.origin}/webhook?hub.mode=unsubscribe&hub.verify_token=${TOKEN}&hub.challenge=1`)
    requests += 3
    refused += 3
    expect([wrong.status, wrong.body]).toEqual([403, 'hub.verify_token does not match'])
    expect([missing.status, missing.body]).toEqual([403, 'hub.verify_token is missing'])
    expect(mode.status).toBe(400)
    await listener.waitFor(/403 {2}handshake refused \(token_mismatch\)/, from)
    await listener.waitFor(/403 {2}handshake refused \(missing_token\)/, from)
    await listener.waitFor(/400 {2}handshake refused \(not_subscribe\)/, from)
  })

  it('answers 200 to every authentic POST and prints one line per event', async () => {
    for (const { name, body, secret } of AUTHENTIC) {
      const from = listener.lines.length
      const r = await post(`${listener.origin}/webhook`, body, {
        'x-hub-signature-256': signed(body, secret),
        'user-agent': 'facebookexternalua',
      })
      requests++
      expect([r.status, r.body], name).toEqual([200, 'EVENT_RECEIVED'])
      // One line per event and per invalid item; one line for a body that has neither.
      const events = eventsIn(body)
      const lines = Math.max(1, events + invalidIn(body))
      await until(() => listener.lines.length - from >= lines, `${lines} lines for ${name}`, listener)
      const eventLines = listener.lines.slice(from).filter((l) => EVENT_LINE.test(l) && !/ {2}invalid {2}/.test(l))
      expect(eventLines.length, `${name}\n${listener.lines.slice(from).join('\n')}`).toBe(events)
    }
    const all = listener.lines.join('\n')
    // time, platform, tag, sender, summary
    expect(all).toMatch(/^\d\d:\d\d:\d\d {2}messenger {2}message +2400000000000001 +"hi"$/m)
    expect(all).toMatch(
      /^\d\d:\d\d:\d\d {2}messenger {2}postback +2400000000000001 +payload "GET_STARTED" title "Start"$/m,
    )
    expect(all).toMatch(/^\d\d:\d\d:\d\d {2}messenger {2}message +2400000000000001 +"café 😀 https:\/\/example\.com"$/m)
    expect(all).toMatch(/^\d\d:\d\d:\d\d {2}instagram {2}message +2400000000000001 +"salut"$/m)
    expect(all).toMatch(/^\d\d:\d\d:\d\d {2}messenger {2}invalid +entry\[0\]\.messaging\[0\]\.message\.mid {2}/m)
    expect(all).toMatch(/POST \/webhook {2}200 {2}authentic, no events/)
    expect(all).toMatch(/POST \/webhook {2}200 {2}authentic, but not a webhook body: the body is not valid JSON/)
    // A text cannot drive the terminal: every control is shown escaped.
    expect(all).toContain('"\\u001b[2J\\u001b[31mred\\u009b\\u202eevil"')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters that must not reach the terminal
    expect(all).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/)
  })

  it('refuses forged POSTs with the status and reason, and prints the hint', async () => {
    const body = JSON.stringify(pageBody(messageItem('m_forged', 'give me money')))
    const cases: [string, Record<string, string>, string | Uint8Array, number, string][] = [
      ['wrong secret', { 'x-hub-signature-256': sign('not-the-secret', body) }, body, 403, 'mismatch'],
      ['one byte changed', { 'x-hub-signature-256': signed(body) }, body.replace('money', 'monex'), 403, 'mismatch'],
      ['a final newline added', { 'x-hub-signature-256': signed(body) }, `${body}\n`, 403, 'mismatch'],
      ['no header', {}, body, 401, 'missing_header'],
      ['malformed header', { 'x-hub-signature-256': 'sha256=abc' }, body, 400, 'malformed_header'],
      ['sha1 only', { 'x-hub-signature': `sha1=${'0'.repeat(40)}` }, body, 401, 'missing_header'],
    ]
    for (const [name, headers, sent, status, reason] of cases) {
      const from = listener.lines.length
      const r = await post(`${listener.origin}/webhook`, sent, headers)
      requests++
      refused++
      expect([r.status, r.body], name).toEqual([status, reason])
      const line = await listener.waitFor(new RegExp(`POST /webhook {2}${status} {2}refused \\(${reason}\\): `), from)
      expect(line.length, 'the hint follows the reason').toBeGreaterThan(60)
    }
    expect(listener.lines.join('\n')).toContain('The signature does not match this body and secret')
    expect(listener.lines.join('\n')).not.toContain('give me money')
  })

  it('refuses a body over 5 MiB with 413 (by Content-Length, and while streaming), and takes one of exactly 5 MiB', async () => {
    const from = listener.lines.length
    const declared = await send(`${listener.origin}/webhook`, {
      method: 'POST',
      headers: { 'content-length': String(5 * 1024 * 1024 + 1), 'x-hub-signature-256': sign(SECRET, 'x') },
      headersOnly: true,
    })
    requests++
    refused++
    expect([declared.status, declared.body]).toEqual([413, 'the body is larger than maxBodyBytes'])
    expect(declared.headers.connection).toBe('close')
    const streamed = await send(`${listener.origin}/webhook`, {
      method: 'POST',
      headers: { 'x-hub-signature-256': sign(SECRET, 'x') },
      body: Buffer.alloc(6 * 1024 * 1024, 0x20),
      chunked: 256 * 1024,
    })
    requests++
    refused++
    expect(streamed.status).toBe(413)
    await listener.waitFor(/413 {2}refused: the body is larger than --max-body-bytes \(5242880 bytes\)/, from)
    // Exactly at the limit: authentic, answered 200 and captured (its own line of 5 MiB).
    const base = JSON.stringify(pageBody(messageItem('m_big', '')))
    const big = Buffer.from(JSON.stringify(pageBody(messageItem('m_big', 'x'.repeat(5 * 1024 * 1024 - base.length)))))
    expect(big.byteLength).toBe(5 * 1024 * 1024)
    AUTHENTIC.push({ name: 'exactly 5 MiB', body: big })
    const r = await post(`${listener.origin}/webhook`, big, { 'x-hub-signature-256': signed(big) })
    requests++
    expect(r.status).toBe(200)
  })

  it('answers 405 to other methods', async () => {
    const r = await send(`${listener.origin}/webhook`, { method: 'PUT', body: '{}' })
    requests++
    refused++
    expect(r.status).toBe(405)
    expect(r.headers.allow).toBe('GET, POST')
  })

  it('stops on SIGINT: the summary line, exit 0, nothing on stderr', async () => {
    stopped = await listener.stop('SIGINT')
    const why = describeRun(['listen', '…'], stopped)
    expect(stopped.code, why).toBe(0)
    expect(stopped.stderr, why).toBe('')
    expectClean(['listen'], stopped)
    const last = stopped.stdout.trimEnd().split('\n').at(-1) ?? ''
    const m = SUMMARY_LINE.exec(last)
    expect(m, why).not.toBeNull()
    const events = AUTHENTIC.reduce((n, a) => n + eventsIn(a.body), 0)
    expect(m?.slice(1, 6), why).toEqual([
      String(requests),
      String(events),
      String(refused),
      String(AUTHENTIC.length),
      out,
    ])
  })

  it('captured every authentic request, in order, byte for byte, and only those', () => {
    const text = readFileSync(out, 'utf8')
    expect(text.endsWith('\n')).toBe(true)
    const lines = text.split('\n').slice(0, -1)
    expect(lines).toHaveLength(AUTHENTIC.length)
    lines.forEach((line, i) => {
      const record = JSON.parse(line) as CaptureRecord
      const sent = AUTHENTIC[i] as (typeof AUTHENTIC)[number]
      expect(isCaptureRecord(record), sent.name).toBe(true)
      expect(Object.keys(record).sort(), sent.name).toEqual(
        ['received_at', 'method', 'path', 'headers', 'body' in record ? 'body' : 'body_base64'].sort(),
      )
      expect(record.method).toBe('POST')
      expect(record.path).toBe('/webhook')
      expect(Number.isNaN(Date.parse(record.received_at))).toBe(false)
      expect(Buffer.from(recordBody(record) ?? []).equals(Buffer.from(sent.body)), sent.name).toBe(true)
      expect(record.headers['x-hub-signature-256']).toBe(sign(sent.secret ?? SECRET, sent.body))
      expect(record.headers['content-type']).toBe('application/json')
      // Not UTF-8: kept exactly, in base64.
      expect('body_base64' in record, sent.name).toBe(sent.name === 'authentic but not UTF-8')
      // Re-verifies with the library, with node:crypto and with openssl.
      const body = recordBody(record) as Uint8Array
      const again = verifySignatureSync({ body, headers: record.headers, secret: [SECRET, OLD_SECRET] })
      expect(again._tag, sent.name).toBe('Right')
      const hex = record.headers['x-hub-signature-256']?.slice('sha256='.length)
      if (HAS_OPENSSL) expect(opensslHmac('sha256', sent.secret ?? SECRET, body)).toBe(hex)
    })
  })

  it('validate reads the capture file: one body per line, the bad ones reported at their line', async () => {
    const { report } = await validateJson([out], 1, { timeout: 60_000 })
    const good = AUTHENTIC.filter((a) => decodable(a.body))
    expect(report.bodies).toBe(good.length)
    expect(report.events).toBe(AUTHENTIC.reduce((n, a) => n + eventsIn(a.body), 0))
    const unusableLines = AUTHENTIC.flatMap((a, i) => (decodable(a.body) ? [] : [i + 1]))
    expect(report.unusable.map((u) => u.line)).toEqual(unusableLines)
    expect(report.unusable.map((u) => u.message)).toEqual([
      expect.stringMatching(/^the body is not valid JSON/),
      'not valid UTF-8 text',
      expect.stringMatching(/^the body is not valid JSON/),
    ])
    const midless = AUTHENTIC.findIndex((a) => a.name === 'an invalid item') + 1
    expect(report.invalid).toEqual([
      expect.objectContaining({ line: midless, path: 'entry[0].messaging[0].message.mid', type: 'message' }),
    ])
  })

  it('doctor verifies every captured request (--line n), and the first one without --line', async () => {
    for (let n = 1; n <= AUTHENTIC.length; n++) {
      const args = ['doctor', '--secret', SECRET, '--secret', OLD_SECRET, '--line', String(n), out]
      const r = await runExpect(args, 0)
      expect(r.stdout.split('\n')[0], describeRun(args, r)).toBe('verdict: ok')
      expect(r.stdout, describeRun(args, r)).toContain(
        `(Line ${n} of ${out}, which holds ${AUTHENTIC.length} capture lines.)`,
      )
      expect(r.stdout).toContain(`secret #${AUTHENTIC[n - 1]?.secret === OLD_SECRET ? 1 : 0}`)
    }
    const args = ['doctor', '--secret', 'wrong-secret', out]
    const r = await runExpect(args, 1)
    expect(r.stdout.split('\n')[0]).toBe('verdict: wrong-secret-or-modified')
    expect(r.stdout).toContain(
      `(Line 1 of ${out}, which holds ${AUTHENTIC.length} capture lines; check another with --line <n>.)`,
    )
  })
})

describe('listen: options and stops', () => {
  it('--port 0 picks a free port; --path serves that path only (404 elsewhere); SIGTERM stops it with exit 0', async () => {
    const l = await startListen(['--port', '0', '--path', '/hooks/meta', '--secret', SECRET, '--verify-token', TOKEN])
    expect(l.port).toBeGreaterThan(0)
    expect(l.lines[0]).toBe(`listening on http://127.0.0.1:${l.port}/hooks/meta (/hooks/meta only); Ctrl-C to stop`)
    const other = await send(`${l.origin}/webhook?hub.mode=subscribe&hub.verify_token=${TOKEN}&hub.challenge=7`)
    expect(other.status).toBe(404)
    const right = await send(`${l.origin}/hooks/meta?hub.mode=subscribe&hub.verify_token=${TOKEN}&hub.challenge=7`)
    expect([right.status, right.body]).toEqual([200, '7'])
    const body = JSON.stringify(pageBody(messageItem('m_1')))
    expect((await post(`${l.origin}/hooks/meta`, body, { 'x-hub-signature-256': sign(SECRET, body) })).status).toBe(200)
    expect((await post(`${l.origin}/hooks`, body, { 'x-hub-signature-256': sign(SECRET, body) })).status).toBe(404)
    const r = await l.stop('SIGTERM')
    expect(r.code, describeRun(['listen'], r)).toBe(0)
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('stopped: 4 requests, 1 event, 2 refused')
    expect(r.stdout).toContain('not found: listen serves /hooks/meta only (--path)')
  })

  it('without --verify-token, refuses GETs and says how to set one', async () => {
    const l = await startListen(['--port', '0'], { MESSENGER_APP_SECRET: SECRET })
    await l.waitFor(/GETs are refused; pass --verify-token <token> \(the one you type in the App Dashboard\)/)
    const from = l.lines.length
    const r = await send(`${l.origin}/?hub.mode=subscribe&hub.verify_token=anything&hub.challenge=1`)
    expect(r.status).toBeGreaterThanOrEqual(400)
    expect(r.body).not.toBe('1')
    await l.waitFor(/handshake refused: no verify token; restart with --verify-token/, from)
    const stopped = await l.stop()
    expect(stopped.code).toBe(0)
    expect(stopped.stdout.trimEnd().split('\n').at(-1)).toBe('stopped: 1 request, 0 events, 1 refused')
  })

  it('--max-body-bytes changes the limit; --secret-env names the variable', async () => {
    const l = await startListen(['--port', '0', '--max-body-bytes', '1024', '--secret-env', 'MY_SECRET'], {
      MY_SECRET: SECRET,
    })
    const small = JSON.stringify(pageBody(messageItem('m_1')))
    expect((await post(`${l.origin}/`, small, { 'x-hub-signature-256': sign(SECRET, small) })).status).toBe(200)
    const big = JSON.stringify(pageBody(messageItem('m_2', 'y'.repeat(2000))))
    const declared = await post(`${l.origin}/`, big, { 'x-hub-signature-256': sign(SECRET, big) })
    expect(declared.status).toBe(413)
    const streamed = await send(`${l.origin}/`, {
      method: 'POST',
      headers: { 'x-hub-signature-256': sign(SECRET, big) },
      body: big,
      chunked: 700,
    })
    expect(streamed.status).toBe(413)
    await l.waitFor(/413 {2}refused: the body is larger than --max-body-bytes \(1024 bytes\)/)
    const r = await l.stop()
    expect(r.code).toBe(0)
  })

  it('a second SIGINT while a request is in flight exits 130 at once; one SIGINT waits for it, then exits 0', async () => {
    for (const second of [true, false]) {
      const l = await startListen(['--port', '0', '--secret', SECRET])
      // A request whose body never completes keeps the server from closing (given a second to arrive).
      const pending = send(`${l.origin}/`, {
        method: 'POST',
        headers: { 'content-length': '100', 'x-hub-signature-256': sign(SECRET, 'x') },
        headersOnly: true,
      }).catch(() => undefined)
      await new Promise((resolve) => setTimeout(resolve, 1000))
      l.child.kill('SIGINT')
      if (second) {
        await new Promise((resolve) => setTimeout(resolve, 200))
        l.child.kill('SIGINT')
      }
      const r = await l.exited
      await pending
      if (second) {
        expect(r.code, describeRun(['listen'], r)).toBe(130)
      } else {
        expect(r.code, describeRun(['listen'], r)).toBe(0)
        expect(r.ms).toBeLessThan(15_000)
        expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^stopped: 1 request, 0 events, 1 refused$/)
      }
    }
  })
})

describe.skipIf(!existsSync('/dev/full'))('listen: a capture that cannot be written', () => {
  it('answers 500 (Meta sends it again), says why, and stops with exit 2 after the summary', async () => {
    const l = await startListen(['--port', '0', '--secret', SECRET, '--out', '/dev/full'])
    const body = JSON.stringify(pageBody(messageItem('m_1')))
    const r = await post(`${l.origin}/`, body, { 'x-hub-signature-256': sign(SECRET, body) })
    expect([r.status, r.body]).toEqual([500, 'the request could not be captured'])
    const done = await l.exited
    expect(done.code, describeRun(['listen'], done)).toBe(2)
    expect(done.stderr).toBe(
      'messenger-webhooks: cannot write --out /dev/full: no space left on the device; stopping\n',
    )
    expect(done.stdout).toMatch(/POST \/ {2}500 {2}not captured: cannot write --out \/dev\/full: no space left/)
    expect(done.stdout.trimEnd().split('\n').at(-1)).toBe(
      'stopped: 1 request, 0 events, 1 refused, 0 requests captured to /dev/full',
    )
  })
})

describe('listen: start-up failures exit 2 with one clear line', () => {
  let busy: Server
  let busyPort = 0

  beforeAll(async () => {
    busy = createServer((_, res) => res.end())
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve))
    const address = busy.address()
    busyPort = typeof address === 'object' && address !== null ? address.port : 0
  })
  afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())))

  it('a port in use', async () => {
    const args = ['listen', '--port', String(busyPort), '--secret', SECRET]
    const r = await runExpect(args, 2)
    expect(r.stderr, describeRun(args, r)).toBe(
      `messenger-webhooks: cannot listen on 127.0.0.1:${busyPort}: the port is in use (another listen, or your server?); pick another with --port\n`,
    )
    expect(r.stdout).toBe('')
  })

  it('a host that is not this machine, or does not resolve', async () => {
    for (const [host, message] of [
      ['192.0.2.1', 'is not an address of this machine'],
      ['no-such-host.invalid', 'does not resolve'],
    ]) {
      const args = ['listen', '--port', '0', '--host', host as string, '--secret', SECRET]
      const r = await runExpect(args, 2)
      expect(r.stderr, describeRun(args, r)).toContain(message)
    }
  })

  it('usage errors: no --port, a bad port, no secret, a secret with a newline, an empty token, a bad --path or limit', async () => {
    const dir = tempDir()
    for (const [args, message] of [
      [['--secret', SECRET], /listen needs --port/],
      [['--port', '65536', '--secret', SECRET], /--port must be a whole number from 0 to 65535/],
      [['--port', '3000x', '--secret', SECRET], /--port must be a whole number/],
      [['--port', '0'], /no secret: pass --secret or set MESSENGER_APP_SECRET/],
      [['--port', '0', '--secret', `${SECRET}\n`], /spaces or a newline around it/],
      [['--port', '0', '--secret', ''], /--secret is empty/],
      [['--port', '0', '--secret', SECRET, '--verify-token='], /--verify-token is empty/],
      [['--port', '0', '--secret', SECRET, '--path', 'webhook'], /--path must be a path that starts with \//],
      [['--port', '0', '--secret', SECRET, '--max-body-bytes', '0'], /--max-body-bytes must be a whole number/],
      [
        ['--port', '0', '--secret', SECRET, '--out', join(dir, 'missing', 'x.ndjson')],
        /cannot open --out .*its folder does not exist/,
      ],
      [['--port', '0', '--secret', SECRET, '--out', dir], /cannot open --out .*it is a folder/],
      [['--port', '0', '--secret', SECRET, '--frobnicate'], /frobnicate/],
    ] as [string[], RegExp][]) {
      const all = ['listen', ...args]
      const r = await runExpect(all, 2)
      expect(r.stderr, describeRun(all, r)).toMatch(message)
      expect(r.stderr.split('\n').filter((l) => l !== '')).toHaveLength(1)
    }
  })
})

describe('listen --out under load', () => {
  it('two listeners appending to one file under concurrent load: every line whole, none lost, none mixed', async () => {
    const out = join(tempDir('mw-listen-'), 'shared.ndjson')
    writeFileSync(out, '')
    const a = await startListen(['--port', '0', '--secret', SECRET, '--out', out])
    const b = await startListen(['--port', '0', '--secret', SECRET, '--out', out])
    // Bodies of different sizes (up to 200 KiB), so a torn write would show.
    const bodies = Array.from({ length: 120 }, (_, i) =>
      JSON.stringify(pageBody(messageItem(`m_${i}`, String.fromCharCode(97 + (i % 26)).repeat((i * 1777) % 200_000)))),
    )
    const answers = await Promise.all(
      bodies.map((body, i) =>
        post(`${(i % 2 === 0 ? a : b).origin}/`, body, { 'x-hub-signature-256': sign(SECRET, body) }),
      ),
    )
    expect(answers.map((r) => r.status)).toEqual(bodies.map(() => 200))
    const [ra, rb] = await Promise.all([a.stop(), b.stop()])
    expect([ra.code, rb.code]).toEqual([0, 0])
    const lines = readFileSync(out, 'utf8').split('\n')
    expect(lines.pop()).toBe('')
    expect(lines).toHaveLength(bodies.length)
    const got = lines.map((l) => Buffer.from(recordBody(JSON.parse(l) as CaptureRecord) ?? []).toString('utf8')).sort()
    expect(got).toEqual([...bodies].sort())
    const { report } = await validateJson([out], 0)
    expect(report.bodies).toBe(bodies.length)
  })
})
