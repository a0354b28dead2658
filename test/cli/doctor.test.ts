/**
 * `messenger-webhooks doctor`: captured requests (raw HTTP with CRLF or LF, and the JSON form)
 * for every verdict: ok, reserialized, unicode-reencoded, secret-whitespace, wrong-secret-or-modified,
 * header-missing, header-malformed, parsed-body; and the missing-secret usage error.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeRun, hmacHex, type RunResult, removeTempDirs, requireBuiltCli, runExpect, tempDir } from './helpers.js'

beforeAll(requireBuiltCli)
afterAll(removeTempDirs)

const SECRET = 'app-secret-0123456789abcdef'

/** A body as Meta sends it: compact, `/` escaped as `\/`, non-ASCII as lowercase \uXXXX. */
const META_BODY =
  '{"object":"page","entry":[{"id":"104857600000001","time":1718003000123,"messaging":[{"sender":{"id":"2400000000000001"},' +
  '"recipient":{"id":"104857600000001"},"timestamp":1718002999876,"message":{"mid":"m_AbC1dEf2",' +
  '"text":"caf\\u00e9 \\u00fcber \\ud83d\\ude00 see https:\\/\\/example.com\\/a?b=1","attachments":[{"type":"image",' +
  '"payload":{"url":"https:\\/\\/scontent.xx.fbcdn.net\\/v\\/t1.png"}}]}}]}]}'

/** Meta's compact form rebuilt from a value (what the doctor tries). */
function metaForm(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll('/', '\\/')
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** The same body with its \uXXXX escapes decoded into characters (and nothing else changed). */
function unicodeDecoded(body: string): string {
  return body.replace(/\\u([0-9a-f]{4})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
}

const sig256 = (body: string, secret = SECRET) => `sha256=${hmacHex('sha256', secret, body)}`

type Form = 'crlf' | 'lf' | 'lf-no-request-line' | 'json'

/** A captured request file, in one of the supported forms. */
function capture(form: Form, headers: Record<string, string>, body: string): string {
  if (form === 'json') return JSON.stringify({ method: 'POST', url: '/webhook', headers, body }, null, 2)
  const all = { Host: 'hooks.example.com', 'Content-Type': 'application/json', ...headers }
  const lines = Object.entries(all).map(([k, v]) => `${k}: ${v}`)
  if (form !== 'lf-no-request-line') lines.unshift('POST /webhook HTTP/1.1')
  const eol = form === 'crlf' ? '\r\n' : '\n'
  return `${lines.join(eol)}${eol}${eol}${body}`
}

const FORMS: Form[] = ['crlf', 'lf', 'lf-no-request-line', 'json']

async function doctor(content: string | Buffer, code: number, extra: string[] = ['--secret', SECRET], env = {}) {
  const dir = tempDir()
  const file = join(dir, 'captured.http')
  writeFileSync(file, content)
  const args = ['doctor', ...extra, file]
  const r = await runExpect(args, code, { env })
  return { r, why: describeRun(args, r) }
}

function verdictOf(r: RunResult): string | undefined {
  return /^verdict: (\S+)$/.exec(r.stdout.split('\n')[0] ?? '')?.[1]
}

/** First line `verdict: <v>`, then at least one line of explanation. */
function expectVerdict(r: RunResult, why: string, verdict: string): void {
  expect(r.stdout.split('\n')[0], why).toBe(`verdict: ${verdict}`)
  const rest = r.stdout
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '')
  expect(rest.length, `explanation lines after the verdict\n${why}`).toBeGreaterThan(0)
}

describe('doctor: the body set-up', () => {
  it("META_BODY is already in Meta's compact form (a sanity check of this test)", () => {
    expect(metaForm(JSON.parse(META_BODY))).toBe(META_BODY)
    expect(META_BODY).toContain('\\/')
    expect(META_BODY).toMatch(/\\u[0-9a-f]{4}/)
  })
})

describe('doctor verdicts', () => {
  it.each(FORMS)('ok: the captured bytes verify (%s) → exit 0', async (form) => {
    const { r, why } = await doctor(capture(form, { 'X-Hub-Signature-256': sig256(META_BODY) }, META_BODY), 0)
    expectVerdict(r, why, 'ok')
  })

  it('ok with lower-case header names and a legacy X-Hub-Signature next to it', async () => {
    const headers = {
      'x-hub-signature': `sha1=${hmacHex('sha1', SECRET, META_BODY)}`,
      'x-hub-signature-256': sig256(META_BODY),
    }
    for (const form of ['crlf', 'json'] as const) {
      const { r, why } = await doctor(capture(form, headers, META_BODY), 0)
      expectVerdict(r, why, 'ok')
    }
  })

  it('ok with the secret from MESSENGER_APP_SECRET, from --secret-env, and as the second of two --secret', async () => {
    const content = capture('crlf', { 'X-Hub-Signature-256': sig256(META_BODY) }, META_BODY)
    const a = await doctor(content, 0, [], { MESSENGER_APP_SECRET: SECRET })
    expectVerdict(a.r, a.why, 'ok')
    const b = await doctor(content, 0, ['--secret-env', 'HOOK_SECRET'], { HOOK_SECRET: SECRET })
    expectVerdict(b.r, b.why, 'ok')
    const c = await doctor(content, 0, ['--secret', 'old-one', '--secret', SECRET])
    expectVerdict(c.r, c.why, 'ok')
  })

  it.each(FORMS)('reserialized: signed compact, captured pretty-printed (%s) → exit 1', async (form) => {
    const pretty = JSON.stringify(JSON.parse(META_BODY), null, 2)
    const { r, why } = await doctor(capture(form, { 'X-Hub-Signature-256': sig256(META_BODY) }, pretty), 1)
    expectVerdict(r, why, 'reserialized')
  })

  it('reserialized: re-stringified compactly (escapes of "/" and non-ASCII lost) → exit 1', async () => {
    const compact = JSON.stringify(JSON.parse(META_BODY))
    expect(compact).not.toBe(META_BODY)
    const { r, why } = await doctor(capture('lf', { 'X-Hub-Signature-256': sig256(META_BODY) }, compact), 1)
    expectVerdict(r, why, 'reserialized')
  })

  it.each(FORMS)(
    'unicode-reencoded: signed escaped, captured with the characters decoded (%s) → exit 0',
    async (form) => {
      const decoded = unicodeDecoded(META_BODY)
      expect(decoded).toContain('café')
      expect(decoded).toContain('\\/') // only the \uXXXX escapes changed
      const { r, why } = await doctor(capture(form, { 'X-Hub-Signature-256': sig256(META_BODY) }, decoded), 0)
      expectVerdict(r, why, 'unicode-reencoded')
    },
  )

  it.each(FORMS)('wrong-secret-or-modified: signed with another secret (%s) → exit 1', async (form) => {
    const { r, why } = await doctor(
      capture(form, { 'X-Hub-Signature-256': sig256(META_BODY, 'somebody-elses-secret') }, META_BODY),
      1,
    )
    expectVerdict(r, why, 'wrong-secret-or-modified')
  })

  it('wrong-secret-or-modified: keys re-ordered (cannot be undone) → exit 1', async () => {
    const value = JSON.parse(META_BODY) as Record<string, unknown>
    const reordered = metaForm({ entry: value.entry, object: value.object })
    const { r, why } = await doctor(capture('crlf', { 'X-Hub-Signature-256': sig256(META_BODY) }, reordered), 1)
    expectVerdict(r, why, 'wrong-secret-or-modified')
  })

  it('secret-whitespace: the configured secret has a trailing newline (from the environment) → exit 1', async () => {
    const { r, why } = await doctor(capture('lf', { 'X-Hub-Signature-256': sig256(META_BODY) }, META_BODY), 1, [], {
      MESSENGER_APP_SECRET: `${SECRET}\n`,
    })
    expectVerdict(r, why, 'secret-whitespace')
    expect(r.stdout, why).toMatch(/newline/)
  })

  it('trailing-newline: the body differs from the signed one by a final line break, added or removed → exit 1', async () => {
    for (const [signed, captured, how] of [
      [META_BODY, `${META_BODY}\n`, 'without its final line break (LF)'],
      [META_BODY, `${META_BODY}\r\n`, 'without its final line break (CRLF)'],
      [`${META_BODY}\n`, META_BODY, 'with a line break added at its end'],
    ] as const) {
      const { r, why } = await doctor(capture('json', { 'X-Hub-Signature-256': sig256(signed) }, captured), 1)
      expectVerdict(r, why, 'trailing-newline')
      expect(r.stdout, why).toContain(how)
      expect(r.stdout, why).toContain('--data-binary')
    }
    // Two line breaks are not "a line break": only the rebuilt compact form verifies, so the verdict
    // is the general one about whitespace (reserialized), not trailing-newline.
    const { r, why } = await doctor(
      capture('json', { 'X-Hub-Signature-256': sig256(META_BODY) }, `${META_BODY}\n\n`),
      1,
    )
    expectVerdict(r, why, 'reserialized')
  })

  it('a secret with surrounding spaces that still does not match is wrong-secret-or-modified', async () => {
    const { r, why } = await doctor(
      capture('lf', { 'X-Hub-Signature-256': sig256(META_BODY, 'somebody-elses-secret') }, META_BODY),
      1,
      ['--secret', ` ${SECRET} `],
    )
    expectVerdict(r, why, 'wrong-secret-or-modified')
  })

  it('wrong-secret-or-modified with several secrets, none right → exit 1', async () => {
    const { r, why } = await doctor(capture('lf', { 'X-Hub-Signature-256': sig256(META_BODY) }, META_BODY), 1, [
      '--secret',
      'one',
      '--secret',
      'two',
    ])
    expectVerdict(r, why, 'wrong-secret-or-modified')
  })

  it.each(FORMS)('header-missing: no signature header (%s) → exit 1', async (form) => {
    const { r, why } = await doctor(capture(form, { 'User-Agent': 'facebookexternalua' }, META_BODY), 1)
    expectVerdict(r, why, 'header-missing')
  })

  it('header-missing: an empty X-Hub-Signature-256 → exit 1', async () => {
    const { r, why } = await doctor(capture('crlf', { 'X-Hub-Signature-256': '' }, META_BODY), 1)
    expectVerdict(r, why, 'header-missing')
  })

  it.each([
    ['not hex', 'sha256=zzzz'],
    ['too short', `sha256=${'a'.repeat(63)}`],
    ['too long', `sha256=${'a'.repeat(65)}`],
    ['no algorithm', 'a'.repeat(64)],
    ['garbage', 'hello world'],
  ])('header-malformed: %s → exit 1', async (_, value) => {
    for (const form of ['crlf', 'json'] as const) {
      const { r, why } = await doctor(capture(form, { 'X-Hub-Signature-256': value }, META_BODY), 1)
      expectVerdict(r, why, 'header-malformed')
    }
  })

  it('parsed-body: a JSON capture whose body is an object → exit 1', async () => {
    const content = JSON.stringify({
      headers: { 'X-Hub-Signature-256': sig256(META_BODY) },
      body: JSON.parse(META_BODY),
    })
    const { r, why } = await doctor(content, 1)
    expectVerdict(r, why, 'parsed-body')
  })

  it('without any secret: exit 2, asking for --secret (and no verdict about the signature)', async () => {
    const content = capture('crlf', { 'X-Hub-Signature-256': sig256(META_BODY) }, META_BODY)
    for (const env of [{}, { MESSENGER_APP_SECRET: '' }]) {
      const { r, why } = await doctor(content, 2, [], env)
      expect(`${r.stdout}${r.stderr}`, why).toMatch(/--secret/)
      expect(['ok', 'reserialized', 'unicode-reencoded', 'wrong-secret-or-modified'], why).not.toContain(verdictOf(r))
    }
    // --secret-env naming an unset variable: no secret either.
    const { r, why } = await doctor(content, 2, ['--secret-env', 'UNSET_VARIABLE_FOR_DOCTOR'], {
      MESSENGER_APP_SECRET: SECRET,
    })
    expect(`${r.stdout}${r.stderr}`, why).toMatch(/--secret/)
  })

  it('a body nested 200,000 deep, wrong secret: wrong-secret-or-modified (the compact form cannot be rebuilt) → exit 1', async () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`
    for (const form of ['crlf', 'json'] as const) {
      const { r, why } = await doctor(capture(form, { 'X-Hub-Signature-256': sig256(deep, 'another-secret') }, deep), 1)
      expectVerdict(r, why, 'wrong-secret-or-modified')
    }
    // With the right secret the captured bytes still verify.
    const { r, why } = await doctor(capture('lf', { 'X-Hub-Signature-256': sig256(deep) }, deep), 0)
    expectVerdict(r, why, 'ok')
  })

  it('bytes that only look like a head (a colon in one line, then a blank line) are no capture: exit 2, no verdict', async () => {
    const dir = tempDir()
    for (const [name, bytes] of [
      ['binary.bin', Buffer.from([0x8f, 0x01, 0x3a, 0x7f, 0x0a, 0x0a, 0x7b, 0x7d])],
      ['prose.txt', Buffer.from('Dear team: the webhook broke\n\n{"object":"page"}')],
      ['control.txt', Buffer.from('X-Hub-Signature-256: sha256=\u0001\n\n{}')],
    ] as const) {
      const file = join(dir, name)
      writeFileSync(file, bytes)
      const args = ['doctor', '--secret', SECRET, file]
      const r = await runExpect(args, 2)
      expect(verdictOf(r), describeRun(args, r)).toBeUndefined()
      expect(r.stderr, describeRun(args, r)).toContain('is neither raw HTTP')
    }
  })

  it('a missing capture file or no argument: an error, never a verdict or a stack trace', async () => {
    const dir = tempDir()
    const args = ['doctor', '--secret', SECRET, join(dir, 'nope.http')]
    const r = await runExpect(args, 2)
    expect(verdictOf(r), describeRun(args, r)).toBeUndefined()
    await runExpect(['doctor', '--secret', SECRET], 2)
  })
})
