/**
 * `messenger-webhooks send` against real local servers: the exact bytes of every body (a trailing
 * newline, CRLF, non-ASCII, a BOM, bytes that are not UTF-8) as the server received them, both
 * signature headers checked with `openssl dgst -hmac` over those bytes, Meta's headers; files,
 * folders, globs, NDJSON, capture lines and stdin; the answer table and exit codes; a 403 with
 * doctor's verdict; --concurrency, --rate, --repeat and --timeout; an unreachable URL; usage errors
 * that send nothing.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { opensslHmac } from '../verify/reference.js'
import {
  describeRun,
  FIXTURES,
  line,
  messageItem,
  pageBody,
  type RunResult,
  removeTempDirs,
  requireBuiltCli,
  runExpect,
  tempDir,
} from './helpers.js'
import { type Answer, closedPort, type RecordingServer, startServer } from './server-helpers.js'

beforeAll(requireBuiltCli)
afterAll(removeTempDirs)

const SECRET = 'send-secret 0123'
const servers: RecordingServer[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close()
})

async function server(answer?: (body: Buffer, index: number) => Answer): Promise<RecordingServer> {
  const s = await startServer(answer === undefined ? {} : { answer })
  servers.push(s)
  return s
}

function send(
  args: string[],
  code: number,
  options: { input?: string | Uint8Array; env?: Record<string, string> } = {},
) {
  return runExpect(['send', ...args], code, options)
}

interface Summary {
  bodies: number
  repeat: number
  requests: number
  url: string
  accepted: number
  refused: number
  failed: number
  unreadable: number
}

const SUMMARY =
  /^(\d+) (?:body|bodies)(?: \(× (\d+)\))?, (\d+) requests? to (\S+) in [\d.]+ s \([\d.]+\/s\): (\d+) accepted \(2xx\), (\d+) refused, (\d+) without an answer, (\d+) unreadable inputs?$/

function summaryOf(r: RunResult): Summary {
  const last = r.stdout.trimEnd().split('\n').at(-1) ?? ''
  const m = SUMMARY.exec(last)
  if (m === null) throw new Error(`the last line is not the summary line:\n${r.stdout}`)
  const n = (i: number) => Number(m[i] ?? 1)
  return {
    bodies: n(1),
    repeat: n(2),
    requests: n(3),
    url: m[4] as string,
    accepted: n(5),
    refused: n(6),
    failed: n(7),
    unreadable: n(8),
  }
}

/** The answer table: label → [count, first answer]. */
function tableOf(r: RunResult): Map<string, [number, string]> {
  const lines = r.stdout.split('\n')
  const head = lines.findIndex((l) => /^answer +requests +first answer$/.test(l))
  const rows = new Map<string, [number, string]>()
  if (head < 0) return rows
  for (const l of lines.slice(head + 1)) {
    if (l.trim() === '') break
    const m = /^(.+?) +(\d+)(?: {2}(.*))?$/.exec(l)
    if (m === null) throw new Error(`not a table row: ${JSON.stringify(l)}`)
    rows.set(m[1] as string, [Number(m[2]), m[3] ?? ''])
  }
  return rows
}

/** Both signature headers of a received request, checked with openssl over the bytes received. */
function expectSignedAsMeta(received: { headers: Record<string, unknown>; body: Buffer }, why: string): void {
  expect(received.headers['x-hub-signature-256'], why).toBe(`sha256=${opensslHmac('sha256', SECRET, received.body)}`)
  expect(received.headers['x-hub-signature'], why).toBe(`sha1=${opensslHmac('sha1', SECRET, received.body)}`)
}

const BODY = line(pageBody(messageItem('m_1', 'hello')))

describe('send: the exact bytes, signed as Meta signs them', () => {
  it('sends each file byte for byte: trailing newline, CRLF, non-ASCII, BOM, non-UTF-8 bytes; openssl agrees on both signatures', async () => {
    const s = await server()
    const dir = tempDir()
    const cases: [string, Buffer][] = [
      ['a-newline.json', Buffer.from(`${BODY}\n`)],
      ['b-crlf.json', Buffer.from(JSON.stringify(pageBody(messageItem('m_2')), null, 2).replaceAll('\n', '\r\n'))],
      ['c-unicode.json', Buffer.from(line(pageBody(messageItem('m_3', 'café 😀 \u2028 ü'))), 'utf8')],
      ['d-bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(BODY)])],
      ['e-escaped.json', Buffer.from(BODY.replace('hello', 'caf\\u00e9 \\/ \\ud83d\\ude00'))],
      ['f-latin1.json', Buffer.concat([Buffer.from('{"x":"'), Buffer.from([0xe9, 0xff]), Buffer.from('"}')])],
    ]
    for (const [name, bytes] of cases) writeFileSync(join(dir, name), bytes)
    const args = [...cases.map(([name]) => join(dir, name)), '--to', s.url, '--secret', SECRET, '--concurrency', '1']
    const r = await send(args, 0)
    const why = describeRun(['send', ...args], r)
    expect(s.requests.length, why).toBe(cases.length)
    cases.forEach(([name, bytes], i) => {
      const got = s.requests[i]!
      expect(got.body.equals(bytes), `${name}: bytes received\n${why}`).toBe(true)
      expectSignedAsMeta(got, `${name}\n${why}`)
    })
    expect(summaryOf(r), why).toMatchObject({ bodies: 6, requests: 6, accepted: 6, refused: 0, failed: 0 })
  })

  it("sends Meta's headers: POST to the URL's path and query, application/json, facebookexternalua, Content-Length", async () => {
    const s = await server()
    const dir = tempDir()
    const file = join(dir, 'body.json')
    writeFileSync(file, BODY)
    const url = s.url.replace('/webhook', '/hooks/meta?x=1&y=%20')
    await send([file, '--to', url, '--secret', SECRET], 0)
    const got = s.requests[0]!
    expect(got.method).toBe('POST')
    expect(got.url).toBe('/hooks/meta?x=1&y=%20')
    expect(got.headers['content-type']).toBe('application/json')
    expect(got.headers['user-agent']).toBe('facebookexternalua')
    expect(got.headers['content-length']).toBe(String(Buffer.byteLength(BODY)))
    expect(got.headers['transfer-encoding']).toBeUndefined()
    expect(got.rawNames).toEqual(expect.arrayContaining(['X-Hub-Signature-256', 'X-Hub-Signature', 'User-Agent']))
  })

  it('reads the secret from MESSENGER_APP_SECRET or --secret-env, exactly as set', async () => {
    const s = await server()
    const dir = tempDir()
    const file = join(dir, 'body.json')
    writeFileSync(file, BODY)
    await send([file, '--to', s.url], 0, { env: { MESSENGER_APP_SECRET: SECRET } })
    await send([file, '--to', s.url, '--secret-env', 'MY_SECRET'], 0, { env: { MY_SECRET: SECRET } })
    for (const got of s.requests) expectSignedAsMeta(got, 'secret from the environment')
  })
})

describe('send: inputs', () => {
  it('NDJSON: one request per non-blank line, without its line break (LF or CRLF); line numbers count blank lines', async () => {
    const s = await server((body) => ({ status: body.includes('"m_bad"') ? 500 : 200, body: 'ok' }))
    const dir = tempDir()
    const lines = [
      line(pageBody(messageItem('m_a'))),
      line(pageBody(messageItem('m_b', 'naïve'))),
      line(pageBody(messageItem('m_bad'))),
    ]
    const file = join(dir, 'day.ndjson')
    writeFileSync(file, `${lines[0]}\r\n\n  \n${lines[1]}\n${lines[2]}`)
    const args = [file, '--to', s.url, '--secret', SECRET, '--concurrency', '1']
    const r = await send(args, 1)
    const why = describeRun(['send', ...args], r)
    expect(
      s.requests.map((q) => q.body.toString('utf8')),
      why,
    ).toEqual(lines)
    for (const q of s.requests) expectSignedAsMeta(q, why)
    // The refused line is named by its line number.
    expect(r.stdout, why).toContain(`${file}:5  500 Internal Server Error  ok`)
    expect(summaryOf(r), why).toMatchObject({ bodies: 3, requests: 3, accepted: 2, refused: 1 })
  })

  it('capture lines (as listen --out writes them) send the body they hold, body or body_base64, mixed with plain lines', async () => {
    const s = await server()
    const dir = tempDir()
    const inner = `${line(pageBody(messageItem('m_cap', 'é')))}\n`
    const binary = Buffer.from([0x7b, 0xff, 0x00, 0x7d])
    const record = (body: Record<string, string>) =>
      line({
        received_at: '2026-01-01T00:00:00.000Z',
        method: 'POST',
        path: '/webhook',
        headers: { 'x-hub-signature-256': 'sha256=00', 'content-type': 'application/json' },
        ...body,
      })
    const file = join(dir, 'capture.ndjson')
    writeFileSync(file, `${record({ body: inner })}\n${BODY}\n${record({ body_base64: binary.toString('base64') })}\n`)
    const args = [file, '--to', s.url, '--secret', SECRET, '--concurrency', '1']
    const r = await send(args, 0)
    const why = describeRun(['send', ...args], r)
    expect(s.requests.length, why).toBe(3)
    expect(s.requests[0]!.body.equals(Buffer.from(inner)), why).toBe(true)
    expect(s.requests[1]!.body.toString(), why).toBe(BODY)
    expect(s.requests[2]!.body.equals(binary), why).toBe(true)
    for (const q of s.requests) expectSignedAsMeta(q, why)
  })

  it('a captured request as doctor reads it (raw HTTP, or JSON { headers, body }) sends its body', async () => {
    const s = await server()
    const dir = tempDir()
    writeFileSync(join(dir, 'a.http'), `POST /webhook HTTP/1.1\r\nX-Hub-Signature-256: sha256=00\r\n\r\n${BODY}\n`)
    writeFileSync(
      join(dir, 'b.json'),
      JSON.stringify({ headers: { 'x-hub-signature-256': 'sha256=00' }, body: BODY }, null, 2),
    )
    await send([join(dir, 'a.http'), join(dir, 'b.json'), '--to', s.url, '--secret', SECRET, '--concurrency', '1'], 0)
    expect(s.requests.map((q) => q.body.toString())).toEqual([`${BODY}\n`, BODY])
  })

  it('folders (every .json, .ndjson and .jsonl below, in name order) and glob patterns', async () => {
    const s = await server()
    const dir = tempDir()
    mkdirSync(join(dir, 'caps', 'deep'), { recursive: true })
    writeFileSync(join(dir, 'caps', 'a.json'), BODY)
    writeFileSync(join(dir, 'caps', 'b.ndjson'), `${BODY}\n${BODY}\n`)
    writeFileSync(join(dir, 'caps', 'deep', 'c.jsonl'), `${BODY}\n`)
    writeFileSync(join(dir, 'caps', 'notes.txt'), 'not a body')
    let r = await send([join(dir, 'caps'), '--to', s.url, '--secret', SECRET], 0)
    expect(summaryOf(r).requests, r.stdout).toBe(4)
    r = await send(
      [join(dir, 'caps', '**', '*.json*'), join(dir, 'caps', '*.ndjson'), '--to', s.url, '--secret', SECRET],
      0,
    )
    // a.json and deep/c.jsonl, then b.ndjson's two lines.
    expect(summaryOf(r).requests, r.stdout).toBe(4)
    expect(s.requests.length).toBe(8)
  })

  it('stdin: NDJSON streams line by line; one body alone (compact with its newline, or pretty-printed) is sent exactly', async () => {
    const s = await server()
    const pretty = `${JSON.stringify(pageBody(messageItem('m_p', 'ü')), null, 2)}\n`
    await send(['-', '--to', s.url, '--secret', SECRET, '--concurrency', '1'], 0, { input: `${BODY}\n${BODY}\n` })
    await send(['-', '--to', s.url, '--secret', SECRET], 0, { input: `${BODY}\n` })
    await send(['-', '--to', s.url, '--secret', SECRET], 0, { input: pretty })
    expect(s.requests.map((q) => q.body.toString())).toEqual([BODY, BODY, `${BODY}\n`, pretty])
    for (const q of s.requests) expectSignedAsMeta(q, 'stdin')
  })

  it('the shipped fixtures, as files: every body arrives byte for byte', async () => {
    const s = await server()
    const r = await send([join(FIXTURES, 'messenger'), '--to', s.url, '--secret', SECRET], 0)
    const files = s.requests.length
    expect(files).toBeGreaterThan(80)
    expect(summaryOf(r)).toMatchObject({ bodies: files, requests: files, accepted: files })
    const one = readFileSync(join(FIXTURES, 'messenger', 'message.text.json'))
    expect(s.requests.some((q) => q.body.equals(one))).toBe(true)
  })
})

describe('send: answers and exit codes', () => {
  it('counts answers per status with the first line of the first answer; exit 0 only when every answer is 2xx', async () => {
    const statuses = [200, 202, 204]
    const s = await server((_, i) => ({ status: statuses[i % 3]!, body: 'fine\nsecond line' }))
    const dir = tempDir()
    const file = join(dir, 'six.ndjson')
    writeFileSync(file, `${BODY}\n`.repeat(6))
    const r = await send([file, '--to', s.url, '--secret', SECRET, '--concurrency', '1'], 0)
    const table = tableOf(r)
    expect([...table.keys()], r.stdout).toEqual(['200 OK', '202 Accepted', '204 No Content'])
    expect(table.get('200 OK'), r.stdout).toEqual([2, 'fine'])
    expect(table.get('204 No Content')?.[0], r.stdout).toBe(2)
    expect(r.stdout, r.stdout).toMatch(/^latency: p50 [\d.]+ ms, p95 [\d.]+ ms, p99 [\d.]+ ms, max [\d.]+ ms$/m)
  })

  it('any answer that is not 2xx (3xx, 4xx, 5xx) exits 1 and is listed with its first line', async () => {
    const s = await server((body) => {
      const t = body.toString()
      if (t.includes('m_redirect')) return { status: 302, body: '' }
      if (t.includes('m_gone')) return { status: 410, body: 'no such webhook\nat all' }
      if (t.includes('m_crash')) return { status: 500, body: '  TypeError: x is undefined\n    at handler' }
      return { status: 200, body: 'EVENT_RECEIVED' }
    })
    const dir = tempDir()
    const file = join(dir, 'mixed.ndjson')
    const lines = ['m_ok', 'm_redirect', 'm_gone', 'm_crash', 'm_ok2'].map((mid) => line(pageBody(messageItem(mid))))
    writeFileSync(file, `${lines.join('\n')}\n`)
    const args = [file, '--to', s.url, '--secret', SECRET, '--concurrency', '1']
    const r = await send(args, 1)
    const why = describeRun(['send', ...args], r)
    expect(r.stdout, why).toContain(`${file}:2  302 Found\n`)
    expect(r.stdout, why).toContain(`${file}:3  410 Gone  no such webhook\n`)
    expect(r.stdout, why).toContain(`${file}:4  500 Internal Server Error  TypeError: x is undefined\n`)
    expect(summaryOf(r), why).toMatchObject({ requests: 5, accepted: 2, refused: 3, failed: 0 })
    const table = tableOf(r)
    expect(table.get('200 OK')?.[0], why).toBe(2)
    expect(table.get('410 Gone'), why).toEqual([1, 'no such webhook'])
  })

  it('a 403 shows what doctor says about the request as sent (ok: it verifies), why a server refuses it anyway, and the library reason', async () => {
    const s = await server(() => ({ status: 403, body: 'mismatch' }))
    const dir = tempDir()
    const pretty = join(dir, 'pretty.json')
    writeFileSync(pretty, JSON.stringify(pageBody(messageItem('m_1')), null, 2))
    const args = [pretty, '--to', s.url, '--secret', SECRET]
    const r = await send(args, 1)
    const why = describeRun(['send', ...args], r)
    expect(r.stdout, why).toContain(`${pretty}  403 Forbidden  mismatch\n`)
    expect(r.stdout, why).toMatch(
      /^ {2}doctor on the request as sent: ok\. The captured bytes verify \(sha256, secret #0\)\.$/m,
    )
    expect(r.stdout, why).toContain('another App Secret')
    expect(r.stdout, why).toContain('The answer "mismatch" is handleWebhook\'s reason: The signature does not match')
    expect(r.stdout, why).toContain("not in Meta's compact form")
    expect(tableOf(r).get('403 Forbidden'), why).toEqual([1, 'mismatch'])
  })

  it('lists the first 10 refused requests, counts the rest, and explains the 403 once', async () => {
    const s = await server(() => ({ status: 403, body: 'mismatch' }))
    const dir = tempDir()
    const file = join(dir, 'many.ndjson')
    writeFileSync(file, `${BODY}\n`.repeat(25))
    const r = await send([file, '--to', s.url, '--secret', SECRET], 1)
    expect(r.stdout.match(/ {2}403 Forbidden {2}mismatch$/gm)?.length, r.stdout).toBe(10)
    expect(r.stdout.match(/doctor on the request as sent/g)?.length, r.stdout).toBe(1)
    expect(r.stdout, r.stdout).toContain('(more refused requests are counted below, not listed)')
    expect(tableOf(r).get('403 Forbidden')?.[0], r.stdout).toBe(25)
  })

  it('--timeout: a request without an answer in time counts as "no answer: timeout", exit 1', async () => {
    const s = await server((body) =>
      body.includes('"m_slow"') ? { status: 200, delay: Number.POSITIVE_INFINITY } : { status: 200 },
    )
    const dir = tempDir()
    const file = join(dir, 'slow.ndjson')
    writeFileSync(file, `${BODY}\n${line(pageBody(messageItem('m_slow')))}\n${BODY}\n`)
    const args = [file, '--to', s.url, '--secret', SECRET, '--timeout', '300']
    const r = await send(args, 1)
    const why = describeRun(['send', ...args], r)
    expect(r.stdout, why).toContain(`${file}:2  no answer  no answer within 300 ms`)
    expect(tableOf(r).get('no answer: timeout'), why).toEqual([1, 'no answer within 300 ms'])
    expect(summaryOf(r), why).toMatchObject({ requests: 3, accepted: 2, failed: 1 })
    expect(r.ms, why).toBeLessThan(5000)
  })

  it('a URL that cannot be reached at all (refused, unknown host): exit 2 at once, without trying every body', async () => {
    const port = await closedPort()
    const dir = tempDir()
    const file = join(dir, 'many.ndjson')
    writeFileSync(file, `${BODY}\n`.repeat(5000))
    for (const url of [`http://127.0.0.1:${port}/webhook`, 'http://no-such-host.invalid/webhook']) {
      const args = [file, '--to', url, '--secret', SECRET]
      const r = await send(args, 2)
      const why = describeRun(['send', ...args], r)
      expect(r.stderr, why).toMatch(
        /^messenger-webhooks: cannot reach http:\/\/\S+: .*(ECONNREFUSED|ENOTFOUND|EAI_AGAIN)/,
      )
      expect(r.stdout, why).toBe('')
    }
  })

  it('an unreadable input stops nothing before it, but makes the exit code 2', async () => {
    const s = await server()
    const dir = tempDir()
    const big = join(dir, 'big.json')
    // Not NDJSON, and larger than 64 MiB: not sent.
    writeFileSync(big, Buffer.alloc(64 * 1024 * 1024 + 10, 0x20).fill('[', 0, 1))
    const ok = join(dir, 'ok.json')
    writeFileSync(ok, BODY)
    const args = [ok, big, ok, '--to', s.url, '--secret', SECRET, '--concurrency', '1']
    const r = await send(args, 2)
    const why = describeRun(['send', ...args], r)
    expect(r.stdout, why).toContain(`${big}  not sent  larger than 67108864 bytes (64 MiB) and not NDJSON`)
    expect(summaryOf(r), why).toMatchObject({ requests: 2, accepted: 2, unreadable: 1 })
    expect(s.requests.length, why).toBe(2)
  })
})

describe('send: --concurrency, --rate, --repeat', () => {
  it('--concurrency bounds the requests in flight (and reaches the bound); the default is 8', async () => {
    const s = await server(() => ({ status: 200, delay: 60 }))
    const dir = tempDir()
    const file = join(dir, 'thirty.ndjson')
    writeFileSync(file, `${BODY}\n`.repeat(30))
    await send([file, '--to', s.url, '--secret', SECRET, '--concurrency', '3'], 0)
    expect(s.maxInFlight()).toBe(3)
    const d = await server(() => ({ status: 200, delay: 60 }))
    await send([file, '--to', d.url, '--secret', SECRET], 0)
    expect(d.maxInFlight()).toBe(8)
    const one = await server(() => ({ status: 200, delay: 20 }))
    await send([file, '--to', one.url, '--secret', SECRET, '--concurrency', '1'], 0)
    expect(one.maxInFlight()).toBe(1)
  })

  it('--rate spaces the requests out (roughly: 12 at 40/s take about 0.28 s, not a burst)', async () => {
    const s = await server()
    const dir = tempDir()
    const file = join(dir, 'twelve.ndjson')
    writeFileSync(file, `${BODY}\n`.repeat(12))
    await send([file, '--to', s.url, '--secret', SECRET, '--rate', '40/s'], 0)
    const at = s.requests.map((q) => q.at)
    const span = at[at.length - 1]! - at[0]!
    expect(span).toBeGreaterThan(11 * 25 * 0.8)
    expect(span).toBeLessThan(11 * 25 * 8)
    // Per minute too: 2 at 600/m are 100 ms apart.
    const m = await server()
    await send([file, '--to', m.url, '--secret', SECRET, '--rate', '600/m', '--repeat', '1'], 0)
    expect(m.requests[1]!.at - m.requests[0]!.at).toBeGreaterThan(80)
  })

  it('--repeat n sends each body n times in a row, the same bytes and signature each time', async () => {
    const s = await server()
    const dir = tempDir()
    const file = join(dir, 'two.ndjson')
    const a = line(pageBody(messageItem('m_a')))
    const b = line(pageBody(messageItem('m_b')))
    writeFileSync(file, `${a}\n${b}\n`)
    const r = await send([file, '--to', s.url, '--secret', SECRET, '--repeat', '3', '--concurrency', '1'], 0)
    expect(s.requests.map((q) => q.body.toString())).toEqual([a, a, a, b, b, b])
    expect(new Set(s.requests.map((q) => q.headers['x-hub-signature-256'])).size).toBe(2)
    expect(summaryOf(r)).toMatchObject({ bodies: 2, repeat: 3, requests: 6, accepted: 6 })
  })
})

describe('send: usage errors send nothing (exit 2)', () => {
  it.each([
    ['no input', ['--to', 'URL', '--secret', SECRET], /at least one input/],
    ['no --to', ['BODY', '--secret', SECRET], /send needs --to URL/],
    ['a --to that is no URL', ['BODY', '--to', 'localhost:3000', '--secret', SECRET], /--to must be/],
    ['an ftp URL', ['BODY', '--to', 'ftp://127.0.0.1/x', '--secret', SECRET], /http:\/\/ or https:\/\//],
    ['no secret', ['BODY', '--to', 'URL'], /no secret/],
    ['an empty --secret', ['BODY', '--to', 'URL', '--secret='], /--secret is empty/],
    ['two secrets', ['BODY', '--to', 'URL', '--secret', 'a', '--secret', 'b'], /one secret/],
    ['a secret with a newline', ['BODY', '--to', 'URL', '--secret', 'abc\n'], /spaces or a newline/],
    ['--concurrency 0', ['BODY', '--to', 'URL', '--secret', SECRET, '--concurrency', '0'], /--concurrency must be/],
    ['--concurrency 1e3', ['BODY', '--to', 'URL', '--secret', SECRET, '--concurrency', '1e3'], /--concurrency must be/],
    ['--rate fast', ['BODY', '--to', 'URL', '--secret', SECRET, '--rate', 'fast'], /--rate must be/],
    ['--rate 0/s', ['BODY', '--to', 'URL', '--secret', SECRET, '--rate', '0/s'], /--rate must be/],
    ['--repeat 0', ['BODY', '--to', 'URL', '--secret', SECRET, '--repeat', '0'], /--repeat must be/],
    ['--timeout 0', ['BODY', '--to', 'URL', '--secret', SECRET, '--timeout', '0'], /--timeout must be/],
    [
      'a missing file',
      ['BODY', 'no-such-file.json', '--to', 'URL', '--secret', SECRET],
      /no such file.*\n.*nothing was sent/,
    ],
    [
      'a pattern that matches nothing',
      ['BODY', 'nothing-*.ndjson', '--to', 'URL', '--secret', SECRET],
      /no file matches/,
    ],
    ['--to twice', ['BODY', '--to', 'URL', '--to', 'URL', '--secret', SECRET], /--to can be given only once/],
    ['an unknown option', ['BODY', '--to', 'URL', '--secret', SECRET, '--frobnicate'], /frobnicate/],
  ])('%s', async (_, template, message) => {
    const s = await server()
    const dir = tempDir()
    const file = join(dir, 'body.json')
    writeFileSync(file, BODY)
    const args = template.map((a) => (a === 'BODY' ? file : a === 'URL' ? s.url : a))
    const r = await send(args, 2)
    expect(r.stderr, describeRun(['send', ...args], r)).toMatch(message)
    expect(s.requests.length).toBe(0)
  })
})
