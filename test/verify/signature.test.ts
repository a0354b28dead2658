/**
 * `verifySignature` (Web Crypto), `verifySignatureSync` (node:crypto), `signPayload` and
 * `signPayloadSync`: the contract of docs/signatures.md, sections 5 to 12, and of
 * docs/reference.md on signatures. Every check runs on both builds, which must agree.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type HeaderSource,
  type SignatureError,
  type SignatureFailure,
  signPayload,
  type VerifyOptions,
  verifySignature,
} from '../../src/index.js'
import {
  signPayload as signPayloadNode,
  signPayloadSync,
  verifySignature as verifySignatureNode,
  verifySignatureSync,
} from '../../src/node.js'
import { readFixtureText } from '../fixtures.js'
import { bytesOf, hasOpenssl, hmacHex, metaEscape, opensslHmac, sha1Header, sha256Header } from './reference.js'

const SECRET = 'app-secret-0123456789abcdef'
const OLD_SECRET = 'app-secret-previous'
const BODY = readFixtureText('messenger/message.text.json')
const GOOD = sha256Header(SECRET, BODY)

type Outcome = Awaited<ReturnType<typeof verifySignature>>

/** Runs the Web Crypto build, the node:crypto sync build and its async wrapper; they must agree. */
async function verify(options: VerifyOptions): Promise<Outcome> {
  const web = await verifySignature(options)
  const sync = verifySignatureSync(options)
  const nodeAsync = await verifySignatureNode(options)
  expect(sync).toEqual(web)
  expect(nodeAsync).toEqual(web)
  return web
}

/** Options with a body or secret of a type the signature does not allow (what JS callers can pass). */
function loose(options: {
  body?: unknown
  secret?: unknown
  signature?: unknown
  headers?: unknown
  allowSha1?: unknown
}) {
  return options as unknown as VerifyOptions
}

function failure(r: Outcome): SignatureError {
  if (r._tag === 'Right') throw new Error(`expected a Left, got ${JSON.stringify(r.right)}`)
  return r.left
}

function expectFailure(r: Outcome, reason: SignatureFailure, status: number) {
  const e = failure(r)
  expect(e).toEqual({ _tag: 'SignatureError', reason, status, hint: expect.any(String) })
  expect(e.hint.length).toBeGreaterThan(20)
  return e
}

const RAW_SHA256 = { _tag: 'Right', right: { algorithm: 'sha256', secretIndex: 0, form: 'raw' } }

describe('verifySignature and verifySignatureSync', () => {
  describe('success', () => {
    it('accepts the X-Hub-Signature-256 of the exact body and names the algorithm, secret and form', async () => {
      expect(await verify({ body: BODY, signature: GOOD, secret: SECRET })).toEqual(RAW_SHA256)
    })

    it('accepts uppercase hex digits, an uppercase algorithm name and surrounding whitespace in the header', async () => {
      const hex = hmacHex('sha256', SECRET, BODY)
      for (const signature of [`sha256=${hex.toUpperCase()}`, `SHA256=${hex}`, `  sha256=${hex}\t`]) {
        expect(await verify({ body: BODY, signature, secret: SECRET })).toEqual(RAW_SHA256)
      }
    })

    it('returns an Either, never a boolean: Right and Left are objects tagged by _tag', async () => {
      const ok = await verify({ body: BODY, signature: GOOD, secret: SECRET })
      const bad = await verify({ body: BODY, signature: sha256Header('wrong', BODY), secret: SECRET })
      for (const r of [ok, bad]) expect(typeof r).toBe('object')
      expect(ok._tag).toBe('Right')
      expect(bad._tag).toBe('Left')
      expect(verifySignature({ body: BODY, signature: GOOD, secret: SECRET })).toBeInstanceOf(Promise)
    })
  })

  describe('failure reasons, each with its HTTP status and a hint', () => {
    it('missing_header (401) when there is no signature at all, or it is empty', async () => {
      for (const options of [
        { body: BODY, secret: SECRET },
        { body: BODY, headers: {}, secret: SECRET },
        { body: BODY, headers: new Headers(), secret: SECRET },
        { body: BODY, signature: '', secret: SECRET },
        { body: BODY, signature: '   ', secret: SECRET },
        { body: BODY, headers: { 'x-hub-signature-256': '' }, secret: SECRET },
      ] satisfies VerifyOptions[]) {
        const e = expectFailure(await verify(options), 'missing_header', 401)
        expect(e.hint).toMatch(/X-Hub-Signature-256/)
      }
    })

    it('malformed_header (400) for a wrong length, non-hex digits, or no "sha256=" prefix', async () => {
      const hex = hmacHex('sha256', SECRET, BODY)
      for (const signature of [
        `sha256=${hex.slice(0, 63)}`, // one digit short
        `sha256=${hex}0`, // one digit long
        `sha256=${hex}${hex}`, // a sha512-length digest under the sha256 name
        `sha256=${'g'.repeat(64)}`, // not hex
        `sha256=${hex.slice(0, 62)}zz`,
        `sha256= ${hex.slice(1)}`,
        hex, // the hex alone, without the prefix
        `=${hex}`,
        `sha256:${hex}`,
        `sha256=`,
      ]) {
        const e = expectFailure(await verify({ body: BODY, signature, secret: SECRET }), 'malformed_header', 400)
        expect(e.hint).toContain('sha256=')
      }
    })

    it('unsupported_algorithm (400) for another algorithm such as sha512', async () => {
      const sha512 = `sha512=${'ab'.repeat(64)}`
      for (const signature of [sha512, `md5=${'ab'.repeat(16)}`, `sha3-256=${'ab'.repeat(32)}`]) {
        expectFailure(await verify({ body: BODY, signature, secret: SECRET }), 'unsupported_algorithm', 400)
      }
    })

    it('empty_secret (500) for an empty secret, an empty list, or an empty string in the list', async () => {
      for (const secret of ['', [], [SECRET, '']] as const) {
        const e = expectFailure(await verify({ body: BODY, signature: GOOD, secret }), 'empty_secret', 500)
        expect(e.hint).toMatch(/secret is empty/)
      }
    })

    it('secret_whitespace (500) for a secret with spaces or a newline around it, even one the signature used', async () => {
      for (const secret of [`${SECRET}\n`, ` ${SECRET}`, '   ', '\t', [SECRET, `${OLD_SECRET} `]]) {
        const signature = sha256Header(typeof secret === 'string' ? secret : SECRET, BODY)
        const e = expectFailure(await verify({ body: BODY, signature, secret }), 'secret_whitespace', 500)
        expect(e.hint).toMatch(/trim/)
      }
    })

    it('parsed_body (500) for a parsed object, with a hint that says so plainly', async () => {
      for (const body of [JSON.parse(BODY), [], new Map(), { toString: () => BODY }]) {
        const signature = sha256Header(SECRET, JSON.stringify(body))
        const e = expectFailure(await verify(loose({ body, signature, secret: SECRET })), 'parsed_body', 500)
        expect(e.hint).toMatch(/parsed object, not the raw bytes/)
        expect(e.hint).toMatch(/express\.raw\(\)|request\.text\(\)/)
      }
    })

    it('invalid_body (500) for a number, a boolean, null or undefined', async () => {
      for (const body of [42, true, null, undefined, 10n]) {
        const e = expectFailure(await verify(loose({ body, signature: GOOD, secret: SECRET })), 'invalid_body', 500)
        expect(e.hint).toMatch(/raw request bytes/)
      }
    })

    it('mismatch (403) for a signature of another body or another secret', async () => {
      for (const signature of [sha256Header(SECRET, `${BODY} `), sha256Header('another-secret', BODY)]) {
        const e = expectFailure(await verify({ body: BODY, signature, secret: SECRET }), 'mismatch', 403)
        expect(e.hint).toMatch(/wrong app secret|re-serialized/)
      }
    })

    it('reports a server misconfiguration before anything about the request (fail closed, no HMAC)', async () => {
      // An empty secret must never be hidden behind a missing header: it would reject every request.
      expectFailure(await verify({ body: BODY, secret: '' }), 'empty_secret', 500)
      expectFailure(await verify(loose({ body: {}, signature: 'nonsense', secret: SECRET })), 'parsed_body', 500)
    })
  })

  describe('where the signature is read from', () => {
    it('reads X-Hub-Signature-256 from Fetch Headers', async () => {
      const headers = new Headers({ 'X-Hub-Signature-256': GOOD, 'content-type': 'application/json' })
      expect(await verify({ body: BODY, headers, secret: SECRET })).toEqual(RAW_SHA256)
    })

    it('reads it from a plain object whatever the case of the header name', async () => {
      for (const name of ['x-hub-signature-256', 'X-Hub-Signature-256', 'X-HUB-SIGNATURE-256', 'x-Hub-signature-256']) {
        expect(await verify({ body: BODY, headers: { [name]: GOOD }, secret: SECRET })).toEqual(RAW_SHA256)
      }
    })

    it("reads Node's string[] form: one value is the header, several are malformed, none is missing", async () => {
      expect(await verify({ body: BODY, headers: { 'x-hub-signature-256': [GOOD] }, secret: SECRET })).toEqual(
        RAW_SHA256,
      )
      expectFailure(
        await verify({ body: BODY, headers: { 'x-hub-signature-256': [GOOD, GOOD] }, secret: SECRET }),
        'malformed_header',
        400,
      )
      expectFailure(
        await verify({ body: BODY, headers: { 'x-hub-signature-256': [] }, secret: SECRET }),
        'missing_header',
        401,
      )
    })

    it('does not read a header whose name merely contains the right one', async () => {
      for (const headers of [{ 'x-hub-signature-2566': GOOD }, { 'x-x-hub-signature-256': GOOD }] as HeaderSource[]) {
        expectFailure(await verify({ body: BODY, headers, secret: SECRET }), 'missing_header', 401)
      }
    })

    it('the signature option wins over headers, even when it is null', async () => {
      const forged = sha256Header('forger', BODY)
      expect(
        await verify({ body: BODY, signature: GOOD, headers: { 'x-hub-signature-256': forged }, secret: SECRET }),
      ).toEqual(RAW_SHA256)
      expectFailure(
        await verify({ body: BODY, signature: forged, headers: { 'x-hub-signature-256': GOOD }, secret: SECRET }),
        'mismatch',
        403,
      )
      expectFailure(
        await verify({ body: BODY, signature: null, headers: { 'x-hub-signature-256': GOOD }, secret: SECRET }),
        'missing_header',
        401,
      )
    })

    it('a header source that throws fails closed as verification_error (500), without throwing', async () => {
      const throwing = {
        get(): string {
          throw new Error('boom')
        },
      }
      const getter = Object.defineProperty({}, 'x-hub-signature-256', {
        enumerable: true,
        get() {
          throw new Error('boom')
        },
      })
      for (const headers of [throwing, getter]) {
        const e = expectFailure(await verify({ body: BODY, headers, secret: SECRET }), 'verification_error', 500)
        expect(e.hint).toMatch(/refused/)
      }
    })
  })

  describe('legacy sha1 (X-Hub-Signature)', () => {
    const SHA1 = sha1Header(SECRET, BODY)
    const SHA1_MATCH = { _tag: 'Right', right: { algorithm: 'sha1', secretIndex: 0, form: 'raw' } }

    it('is ignored without allowSha1: an X-Hub-Signature alone is a missing header', async () => {
      expectFailure(
        await verify({ body: BODY, headers: { 'x-hub-signature': SHA1 }, secret: SECRET }),
        'missing_header',
        401,
      )
    })

    it('is never accepted in place of the sha256 one, with or without allowSha1: unsupported_algorithm', async () => {
      for (const allowSha1 of [false, true]) {
        expectFailure(
          await verify({ body: BODY, signature: SHA1, secret: SECRET, allowSha1 }),
          'unsupported_algorithm',
          400,
        )
        expectFailure(
          await verify({ body: BODY, headers: { 'x-hub-signature-256': SHA1 }, secret: SECRET, allowSha1 }),
          'unsupported_algorithm',
          400,
        )
      }
    })

    it('is refused without allowSha1 when given as the signature: unsupported_algorithm', async () => {
      expectFailure(await verify({ body: BODY, signature: SHA1, secret: SECRET }), 'unsupported_algorithm', 400)
      expectFailure(
        await verify({ body: BODY, headers: { 'x-hub-signature-256': SHA1 }, secret: SECRET }),
        'unsupported_algorithm',
        400,
      )
    })

    it('is accepted with allowSha1 when X-Hub-Signature-256 is absent or empty', async () => {
      for (const headers of [
        { 'x-hub-signature': SHA1 },
        new Headers({ 'X-Hub-Signature': SHA1 }),
        { 'X-Hub-Signature': SHA1, 'X-Hub-Signature-256': '' },
      ]) {
        expect(await verify({ body: BODY, headers, secret: SECRET, allowSha1: true })).toEqual(SHA1_MATCH)
      }
    })

    it('is not consulted when X-Hub-Signature-256 is present: a wrong sha256 plus a right sha1 fails', async () => {
      const headers = { 'x-hub-signature-256': sha256Header('forger', BODY), 'x-hub-signature': SHA1 }
      expectFailure(await verify({ body: BODY, headers, secret: SECRET, allowSha1: true }), 'mismatch', 403)
      const malformed = { 'x-hub-signature-256': 'sha256=nothex', 'x-hub-signature': SHA1 }
      expectFailure(
        await verify({ body: BODY, headers: malformed, secret: SECRET, allowSha1: true }),
        'malformed_header',
        400,
      )
    })

    it('with both headers right, the sha256 one is the one checked', async () => {
      const headers = { 'x-hub-signature-256': GOOD, 'x-hub-signature': SHA1 }
      expect(await verify({ body: BODY, headers, secret: SECRET, allowSha1: true })).toEqual(RAW_SHA256)
    })

    it('a sha256 value in X-Hub-Signature is not accepted as the legacy header', async () => {
      expectFailure(
        await verify({ body: BODY, headers: { 'x-hub-signature': GOOD }, secret: SECRET, allowSha1: true }),
        'unsupported_algorithm',
        400,
      )
    })

    it('a malformed or forged sha1 fails', async () => {
      expectFailure(
        await verify({ body: BODY, headers: { 'x-hub-signature': 'sha1=abc' }, secret: SECRET, allowSha1: true }),
        'malformed_header',
        400,
      )
      expectFailure(
        await verify({
          body: BODY,
          headers: { 'x-hub-signature': sha1Header('forger', BODY) },
          secret: SECRET,
          allowSha1: true,
        }),
        'mismatch',
        403,
      )
    })
  })

  describe('secret rotation', () => {
    const secrets = [SECRET, OLD_SECRET, 'app-secret-oldest'] as const

    it('reports the index of the secret that matched', async () => {
      // Twice each: the second call runs with the keys already imported and cached.
      for (let round = 0; round < 2; round++) {
        for (const [index, secret] of secrets.entries()) {
          const r = await verify({ body: BODY, signature: sha256Header(secret, BODY), secret: secrets })
          expect(r).toEqual({ _tag: 'Right', right: { algorithm: 'sha256', secretIndex: index, form: 'raw' } })
        }
      }
    })

    it('fails with mismatch when no secret in the list matches', async () => {
      expectFailure(
        await verify({ body: BODY, signature: sha256Header('retired-secret', BODY), secret: secrets }),
        'mismatch',
        403,
      )
    })

    it('reports the index with the escaped-unicode form too', async () => {
      const raw = '{"text":"ça va? 😀"}'
      const signature = sha256Header(OLD_SECRET, metaEscape(raw))
      expect(await verify({ body: raw, signature, secret: secrets })).toEqual({
        _tag: 'Right',
        right: { algorithm: 'sha256', secretIndex: 1, form: 'escaped-unicode' },
      })
    })
  })

  describe("Meta's escaped-unicode form", () => {
    const text = 'äöå é ñ 中文 😀 👍🏽 𝄞'
    const raw = JSON.stringify({ object: 'page', entry: [{ id: '1', time: 1, messaging: [{ message: { text } }] }] })

    it("the reference escape matches Meta's example and uses surrogate pairs for astral characters", () => {
      expect(metaEscape('äöå')).toBe('\\u00e4\\u00f6\\u00e5')
      expect(metaEscape('😀')).toBe('\\ud83d\\ude00')
      expect(metaEscape('𝄞')).toBe('\\ud834\\udd1e')
      expect(metaEscape('a/"b')).toBe('a/"b')
    })

    it("verifies a raw UTF-8 body whose signature was computed over its escaped form, as form 'escaped-unicode'", async () => {
      const signature = sha256Header(SECRET, metaEscape(raw))
      for (const body of [raw, bytesOf(raw), Buffer.from(raw)]) {
        expect(await verify({ body, signature, secret: SECRET })).toEqual({
          _tag: 'Right',
          right: { algorithm: 'sha256', secretIndex: 0, form: 'escaped-unicode' },
        })
      }
    })

    it("verifies the signature of the raw bytes as form 'raw'", async () => {
      expect(await verify({ body: raw, signature: sha256Header(SECRET, raw), secret: SECRET })).toEqual(RAW_SHA256)
    })

    it("verifies an already-escaped (pure ASCII) body as form 'raw'", async () => {
      const escaped = metaEscape(raw)
      expect(await verify({ body: escaped, signature: sha256Header(SECRET, escaped), secret: SECRET })).toEqual(
        RAW_SHA256,
      )
    })

    it('does not accept an escape with uppercase hex digits (Meta uses lowercase)', async () => {
      const upper = metaEscape(raw).replace(/\\u([0-9a-f]{4})/g, (_, h: string) => `\\u${h.toUpperCase()}`)
      expect(upper).not.toBe(metaEscape(raw))
      expectFailure(
        await verify({ body: raw, signature: sha256Header(SECRET, upper), secret: SECRET }),
        'mismatch',
        403,
      )
    })

    it('does not accept an escape of whole code points (\\u{1f600}-style, no surrogate pair)', async () => {
      const codePoints = raw.replace(
        /[^\p{ASCII}]/gu,
        (c) => `\\u${(c.codePointAt(0) as number).toString(16).padStart(4, '0')}`,
      )
      expectFailure(
        await verify({ body: raw, signature: sha256Header(SECRET, codePoints), secret: SECRET }),
        'mismatch',
        403,
      )
    })

    describe('a byte-order mark counts only when it was signed', () => {
      const BOM = [0xef, 0xbb, 0xbf]
      const withBom = (text: string) => Uint8Array.from([...BOM, ...bytesOf(text)])

      it('refuses a BOM put in front of a signed body (bytes that were never signed)', async () => {
        for (const signed of [raw, metaEscape(raw)]) {
          const r = await verify({ body: withBom(raw), signature: sha256Header(SECRET, signed), secret: SECRET })
          expectFailure(r, 'mismatch', 403)
        }
      })

      it('accepts a BOM that was signed, in the raw bytes or escaped as \\ufeff', async () => {
        const body = withBom(raw)
        expect(await verify({ body, signature: sha256Header(SECRET, body), secret: SECRET })).toEqual(RAW_SHA256)
        const escaped = `\\ufeff${metaEscape(raw)}`
        expect(await verify({ body, signature: sha256Header(SECRET, escaped), secret: SECRET })).toEqual({
          _tag: 'Right',
          right: { algorithm: 'sha256', secretIndex: 0, form: 'escaped-unicode' },
        })
      })
    })

    it('refuses bytes that are not UTF-8, whatever was signed in their place', async () => {
      const body = Uint8Array.from([...bytesOf('{"t":"'), 0xe9, ...bytesOf('"}')]) // é in Latin-1
      for (const signed of ['{"t":"\\u00e9"}', '{"t":"\\ufffd"}', '{"t":""}']) {
        expectFailure(await verify({ body, signature: sha256Header(SECRET, signed), secret: SECRET }), 'mismatch', 403)
      }
    })

    it('tries the escaped form with every secret while rotating', async () => {
      const signature = sha256Header(OLD_SECRET, metaEscape(raw))
      expect(await verify({ body: raw, signature, secret: [SECRET, 'third-secret', OLD_SECRET] })).toEqual({
        _tag: 'Right',
        right: { algorithm: 'sha256', secretIndex: 2, form: 'escaped-unicode' },
      })
    })

    it('works for the legacy sha1 header too', async () => {
      const headers = { 'x-hub-signature': sha1Header(SECRET, metaEscape(raw)) }
      expect(await verify({ body: raw, headers, secret: SECRET, allowSha1: true })).toEqual({
        _tag: 'Right',
        right: { algorithm: 'sha1', secretIndex: 0, form: 'escaped-unicode' },
      })
    })

    it('law: for any text with non-ASCII characters, the signature of its escaped form verifies the raw text', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter((s) => /[^\p{ASCII}]/u.test(s)),
          async (t) => {
            const body = JSON.stringify({ text: t })
            const r = await verify({ body, signature: sha256Header(SECRET, metaEscape(body)), secret: SECRET })
            expect(r).toEqual({
              _tag: 'Right',
              right: { algorithm: 'sha256', secretIndex: 0, form: 'escaped-unicode' },
            })
          },
        ),
        { numRuns: 50 },
      )
    })
  })

  describe('body forms: the raw bytes however the runtime holds them', () => {
    const signature = sha256Header(SECRET, BODY)
    const bytes = bytesOf(BODY)

    it('verifies a Buffer, a Uint8Array, an ArrayBuffer and a DataView of the same bytes', async () => {
      for (const body of [Buffer.from(BODY), bytes, bytes.slice().buffer, new DataView(bytes.slice().buffer)]) {
        expect(await verify({ body, signature, secret: SECRET })).toEqual(RAW_SHA256)
      }
    })

    it('verifies a pooled Buffer (byteOffset ≠ 0 inside a larger ArrayBuffer) over its own bytes only', async () => {
      const small = '{"object":"page","entry":[]}'
      Buffer.from('warm up the pool')
      const pooled = Buffer.from(small)
      expect(pooled.byteOffset).toBeGreaterThan(0) // precondition: Node's pool shares one ArrayBuffer
      expect(pooled.buffer.byteLength).toBeGreaterThan(pooled.byteLength)
      expect(await verify({ body: pooled, signature: sha256Header(SECRET, small), secret: SECRET })).toEqual(RAW_SHA256)
      // The header value pattern from the brief: a pooled Buffer holding a header-like string.
      const headerish = Buffer.from('sha256=aaaa')
      expect(await verify({ body: headerish, signature: sha256Header(SECRET, 'sha256=aaaa'), secret: SECRET })).toEqual(
        RAW_SHA256,
      )
    })

    it('verifies subarray views of Uint8Array and Buffer, and a typed array of another element size', async () => {
      const padded = new Uint8Array(bytes.byteLength + 16)
      padded.set(bytes, 7)
      const view = padded.subarray(7, 7 + bytes.byteLength)
      const big = Buffer.alloc(bytes.byteLength + 100, 0x20)
      big.set(bytes, 50)
      const even = bytes.byteLength % 2 === 0 ? bytes : bytesOf(`${BODY} `)
      const words = new Uint16Array(even.slice().buffer)
      for (const [body, signed] of [
        [view, BODY],
        [big.subarray(50, 50 + bytes.byteLength), BODY],
        [new DataView(padded.buffer, 7, bytes.byteLength), BODY],
        [words, even],
      ] as const) {
        expect(await verify({ body, signature: sha256Header(SECRET, signed), secret: SECRET })).toEqual(RAW_SHA256)
      }
    })

    it('a view is not verified against the bytes around it', async () => {
      const padded = Buffer.concat([Buffer.from('xx'), bytes, Buffer.from('yy')])
      const view = padded.subarray(2, 2 + bytes.byteLength)
      expectFailure(
        await verify({ body: view, signature: sha256Header(SECRET, padded), secret: SECRET }),
        'mismatch',
        403,
      )
    })

    it('a string body is taken as UTF-8', async () => {
      const text = '{"text":"pâtes 😀"}'
      expect(
        await verify({
          body: text,
          signature: `sha256=${hmacHex('sha256', SECRET, Buffer.from(text, 'utf8'))}`,
          secret: SECRET,
        }),
      ).toEqual(RAW_SHA256)
    })
  })

  describe('laws', () => {
    const secretArb = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() === s && s.length > 0)
    const bodyArb = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.uint8Array({ maxLength: 300 }),
    )
    const headerArb = (body: string | Uint8Array, secret: string) =>
      fc.oneof(
        fc.constant(sha256Header(secret, body)),
        fc.constant(sha1Header(secret, body)),
        fc.constant(sha256Header(secret, typeof body === 'string' ? metaEscape(body) : body)),
        fc.string({ maxLength: 80 }),
        fc
          .string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: 64, maxLength: 64 })
          .map((h) => `sha256=${h}`),
        fc.constant(undefined),
      )

    it('sign then verify round-trips for arbitrary bodies and secrets, in both builds and with both signers', async () => {
      await fc.assert(
        fc.asyncProperty(bodyArb, secretArb, async (body, secret) => {
          const headers = await signPayload(body, secret)
          expect(signPayloadSync(body, secret)).toEqual(headers)
          expect(await verify({ body, signature: headers['X-Hub-Signature-256'], secret })).toEqual(RAW_SHA256)
          // SignatureHeaders is an interface, so it needs a spread to be a HeaderSource.
          expect(await verify({ body, headers: { ...headers }, secret })).toEqual(RAW_SHA256)
          expect(
            await verify({ body, headers: { 'X-Hub-Signature': headers['X-Hub-Signature'] }, secret, allowSha1: true }),
          ).toEqual({ _tag: 'Right', right: { algorithm: 'sha1', secretIndex: 0, form: 'raw' } })
        }),
        { numRuns: 100 },
      )
    })

    it('sync and async give identical results on the same inputs', async () => {
      await fc.assert(
        fc.asyncProperty(
          bodyArb.chain((body) =>
            secretArb.chain((secret) =>
              fc.record({
                body: fc.constant(body),
                secret: fc.oneof(fc.constant(secret), fc.constant([OLD_SECRET, secret]), fc.constant(`${secret} `)),
                signature: headerArb(body, secret),
                allowSha1: fc.boolean(),
              }),
            ),
          ),
          async ({ body, secret, signature, allowSha1 }) => {
            const options: VerifyOptions = { body, secret, allowSha1, headers: { 'x-hub-signature': signature } }
            expect(verifySignatureSync(options)).toEqual(await verifySignature(options))
            const direct: VerifyOptions = { body, secret, signature }
            expect(verifySignatureSync(direct)).toEqual(await verifySignature(direct))
          },
        ),
        { numRuns: 200 },
      )
    })

    it('verify never throws or rejects, whatever the body, header and secret, and always returns a tagged Either', async () => {
      const anything = fc.anything({ withNullPrototype: true, withTypedArray: true, withBigInt: true, withMap: true })
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(anything, fc.string(), fc.uint8Array()),
          fc.oneof(anything, fc.string(), fc.array(fc.string(), { maxLength: 3 })),
          fc.oneof(anything, fc.string(), fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.array(fc.string())))),
          fc.oneof(anything, fc.string()),
          fc.oneof(anything, fc.boolean()),
          async (body, secret, headers, signature, allowSha1) => {
            for (const options of [
              loose({ body, secret, headers, allowSha1 }),
              loose({ body, secret, signature, allowSha1 }),
            ]) {
              let sync: unknown
              expect(() => {
                sync = verifySignatureSync(options)
              }).not.toThrow()
              const web = await verifySignature(options) // a rejection fails the property
              expect(web).toEqual(sync)
              expect(['Left', 'Right']).toContain(web._tag)
              if (web._tag === 'Left') expect([400, 401, 403, 500]).toContain(web.left.status)
            }
          },
        ),
        { numRuns: 300 },
      )
      // And the options object itself missing or of the wrong type.
      for (const options of [undefined, null, 1, 'x']) {
        expect(verifySignatureSync(options as unknown as VerifyOptions)._tag).toBe('Left')
        expect((await verifySignature(options as unknown as VerifyOptions))._tag).toBe('Left')
      }
    })

    it('verify never throws on arbitrary header strings', async () => {
      await fc.assert(
        fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 200 }), async (value) => {
          const r = await verify({ body: BODY, headers: { 'X-Hub-Signature-256': value }, secret: SECRET })
          expect(r._tag).toBe(value.trim() === GOOD ? 'Right' : 'Left')
        }),
        { numRuns: 300 },
      )
    })
  })
})

describe('signPayload and signPayloadSync', () => {
  it('return both header values, identical in the Web Crypto build, the node build and its async wrapper', async () => {
    const headers = await signPayload(BODY, SECRET)
    expect(headers).toEqual({
      'X-Hub-Signature-256': sha256Header(SECRET, BODY),
      'X-Hub-Signature': sha1Header(SECRET, BODY),
    })
    expect(signPayloadSync(BODY, SECRET)).toEqual(headers)
    expect(await signPayloadNode(BODY, SECRET)).toEqual(headers)
    expect(headers['X-Hub-Signature-256']).toMatch(/^sha256=[0-9a-f]{64}$/)
    expect(headers['X-Hub-Signature']).toMatch(/^sha1=[0-9a-f]{40}$/)
  })

  it.skipIf(!hasOpenssl())("equal openssl's HMACs for ASCII, accented, emoji and binary bodies", async () => {
    const secret = 'meta-app-secret'
    for (const body of [
      BODY,
      readFixtureText('batch/instagram-mixed.json'),
      'pâtes 😀\r\n',
      new Uint8Array([0, 255, 128, 10]),
    ]) {
      const expected = {
        'X-Hub-Signature-256': `sha256=${opensslHmac('sha256', secret, body)}`,
        'X-Hub-Signature': `sha1=${opensslHmac('sha1', secret, body)}`,
      }
      expect(await signPayload(body, secret)).toEqual(expected)
      expect(signPayloadSync(body, secret)).toEqual(expected)
    }
  })

  it('sign a string, its UTF-8 bytes and an ArrayBuffer of them the same way', async () => {
    const text = '{"text":"ça 😀"}'
    const bytes = bytesOf(text)
    const expected = signPayloadSync(text, SECRET)
    for (const body of [bytes, bytes.slice().buffer, Buffer.from(text)]) {
      expect(signPayloadSync(body, SECRET)).toEqual(expected)
      expect(await signPayload(body, SECRET)).toEqual(expected)
    }
  })

  it('throw (sync) or reject (async) with a TypeError for an empty or untrimmed secret or a parsed body', async () => {
    for (const [body, secret, message] of [
      [BODY, '', /secret is empty/],
      [BODY, ' s ', /trim/],
      [{ object: 'page' }, SECRET, /parsed object/],
    ] as const) {
      const b = body as unknown as string
      expect(() => signPayloadSync(b, secret)).toThrow(TypeError)
      expect(() => signPayloadSync(b, secret)).toThrow(message)
      await expect(signPayload(b, secret)).rejects.toThrow(TypeError)
      await expect(signPayloadNode(b, secret)).rejects.toThrow(message)
    }
  })
})
