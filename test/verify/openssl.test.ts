/**
 * Signatures computed by an independent implementation — the `openssl dgst -hmac` binary over the
 * body written to a file — verified by both builds: `verifySignature` (Web Crypto) and
 * `verifySignatureSync` (node:crypto). docs/reference.md and docs/signatures.md (why
 * signatures fail in practice: re-serialized bodies, non-ASCII text).
 *
 * fast-check draws the bodies, secrets and corruptions; openssl runs only a few dozen times.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type SignatureMatch, type VerifyOptions, verifySignature } from '../../src/index.js'
import { verifySignatureSync } from '../../src/node.js'
import { readFixtureText } from '../fixtures.js'
import {
  type Algorithm,
  bytesOf,
  changeHexDigit,
  flipByte,
  hasOpenssl,
  metaEscape,
  opensslCallCount,
  opensslHmac,
} from './reference.js'

const APP_SECRET = '4f1d9c0e8b7a6d5c4b3a29181706f5e4'

/** App secrets: Meta's 32 hex digits, or any trimmed non-empty text openssl can take as an argument. */
const secretArb = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 32, maxLength: 32 }),
  fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: 24 })
    .filter((s) => s.length > 0 && s.trim() === s && !s.includes('\0')),
)

/** Webhook-like bodies with drawn text, optionally with `\/` escapes, CRLF and indentation, or raw bytes. */
const bodyArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc
    .record({
      text: fc.string({ unit: 'grapheme', maxLength: 40 }),
      escapeSlashes: fc.boolean(),
      crlf: fc.boolean(),
      indent: fc.constantFrom(0, 2),
    })
    .map(({ text, escapeSlashes, crlf, indent }) => {
      let body = JSON.stringify(JSON.parse(messageBody(text)), null, indent)
      if (escapeSlashes) body = body.replaceAll('/', '\\/')
      if (crlf) body = body.replaceAll('\n', '\r\n')
      return bytesOf(body)
    }),
  fc.uint8Array({ maxLength: 300 }),
)

/** Runs both builds on the same options and checks they agree before returning the result. */
async function verifyBoth(options: VerifyOptions) {
  const web = await verifySignature(options)
  const node = verifySignatureSync(options)
  expect(node).toEqual(web)
  return web
}

function match(algorithm: Algorithm, form: SignatureMatch['form'] = 'raw') {
  return { _tag: 'Right', right: { algorithm, secretIndex: 0, form } }
}

const MISMATCH = expect.objectContaining({
  _tag: 'Left',
  left: expect.objectContaining({ _tag: 'SignatureError', reason: 'mismatch', status: 403 }),
})

/** A Messenger text message body as Meta serializes it, with the text chosen by the caller. */
function messageBody(text: string, url = 'https://scontent.xx.fbcdn.net/v/t1.15752-9/photo.jpg'): string {
  return JSON.stringify({
    object: 'page',
    entry: [
      {
        id: '104857600000001',
        time: 1718003000123,
        messaging: [
          {
            sender: { id: '2400000000000001' },
            recipient: { id: '104857600000001' },
            timestamp: 1718002999876,
            message: { mid: 'm_AbCdEf', text, attachments: [{ type: 'image', payload: { url } }] },
          },
        ],
      },
    ],
  })
}

/** About `size` bytes of realistic batched messages with accents and emoji. */
function largeBody(size: number): string {
  const item = JSON.parse(messageBody("Bonjour, j'ai mangé des pâtes 🍝 — ça va? 👍🏽"))
  const messaging: unknown[] = []
  let body = ''
  while (bytesOf(body).byteLength < size) {
    messaging.push(item.entry[0].messaging[0])
    body = JSON.stringify({ object: 'page', entry: [{ ...item.entry[0], messaging }] })
  }
  return body
}

interface Case {
  readonly name: string
  readonly body: string | Uint8Array
}

/** Bodies that have broken other verifiers (escapes, non-ASCII, slashes). */
const CORPUS: readonly Case[] = [
  {
    name: 'a real Instagram batch with a raw UTF-8 emoji (fixture)',
    body: readFixtureText('batch/instagram-mixed.json'),
  },
  { name: 'accents', body: messageBody("J'ai mangé des pâtes, äöå, Ñandú, Œuvre") },
  { name: 'emoji, skin tones, a ZWJ family and a flag', body: messageBody('hi 😀👍🏽👩‍👩‍👧🇫🇷 ❤️') },
  {
    name: 'Meta-style escapes: \\/ and \\uXXXX (pure ASCII)',
    body: '{"object":"page","entry":[{"id":"1","time":1,"messaging":[{"message":{"mid":"m_1","text":"caf\\u00e9 \\ud83d\\ude00","url":"https:\\/\\/scontent.xx.fbcdn.net\\/v\\/t1"}}]}]}',
  },
  {
    name: 'CRLF line endings and a trailing CRLF',
    body: `${JSON.stringify(JSON.parse(messageBody('line')), null, 2).replaceAll('\n', '\r\n')}\r\n`,
  },
  { name: 'a 100 KB batch', body: largeBody(100 * 1024) },
  { name: 'bytes that are not UTF-8', body: new Uint8Array([0x7b, 0xff, 0xfe, 0x00, 0xc3, 0x28, 0x7d]) },
  { name: 'the empty body', body: '' },
]

describe.skipIf(!hasOpenssl())('signatures computed by openssl', () => {
  describe.each(CORPUS)('$name', ({ body }) => {
    const bytes = bytesOf(body)
    const sha256 = opensslHmac('sha256', APP_SECRET, bytes)
    const sha1 = opensslHmac('sha1', APP_SECRET, bytes)

    it('verifies the X-Hub-Signature-256 header in both builds, from a string or bytes', async () => {
      expect(await verifyBoth({ body, signature: `sha256=${sha256}`, secret: APP_SECRET })).toEqual(match('sha256'))
      expect(
        await verifyBoth({ body: bytes, headers: { 'X-Hub-Signature-256': `sha256=${sha256}` }, secret: APP_SECRET }),
      ).toEqual(match('sha256'))
    })

    it('verifies the legacy X-Hub-Signature header when allowSha1 is set', async () => {
      expect(
        await verifyBoth({
          body: bytes,
          headers: new Headers({ 'X-Hub-Signature': `sha1=${sha1}` }),
          secret: APP_SECRET,
          allowSha1: true,
        }),
      ).toEqual(match('sha1'))
    })

    it.skipIf(bytes.byteLength === 0)('any single changed byte of the body fails with mismatch (403)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.nat(bytes.byteLength - 1), fc.integer({ min: 1, max: 255 }), async (index, mask) => {
          const changed = flipByte(bytes, index, mask)
          expect(await verifyBoth({ body: changed, signature: `sha256=${sha256}`, secret: APP_SECRET })).toEqual(
            MISMATCH,
          )
        }),
        { numRuns: 15 },
      )
    })

    it('any changed hex digit of the header fails with mismatch (403)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.nat(63), fc.nat(14), async (index, shift) => {
          const forged = `sha256=${changeHexDigit(sha256, index, shift)}`
          expect(await verifyBoth({ body, signature: forged, secret: APP_SECRET })).toEqual(MISMATCH)
        }),
        { numRuns: 15 },
      )
    })

    it('a different secret fails with mismatch (403)', async () => {
      await fc.assert(
        fc.asyncProperty(
          secretArb.filter((s) => s !== APP_SECRET),
          async (other) => {
            expect(await verifyBoth({ body, signature: `sha256=${sha256}`, secret: other })).toEqual(MISMATCH)
          },
        ),
        { numRuns: 10 },
      )
    })
  })

  it("verifies a raw UTF-8 body against openssl's HMAC of Meta's escaped-unicode form", async () => {
    const text = "J'ai mangé des pâtes äöå 😀"
    const raw = messageBody(text)
    const escaped = metaEscape(raw)
    expect(escaped).toContain('\\u00e4\\u00f6\\u00e5 \\ud83d\\ude00') // Meta's own example, plus an astral character
    const signature = `sha256=${opensslHmac('sha256', APP_SECRET, escaped)}`
    expect(await verifyBoth({ body: raw, signature, secret: APP_SECRET })).toEqual(match('sha256', 'escaped-unicode'))
    expect(await verifyBoth({ body: escaped, signature, secret: APP_SECRET })).toEqual(match('sha256', 'raw'))
  })

  it('law: for drawn bodies and secrets, the openssl signatures verify and a one-byte change does not', async () => {
    await fc.assert(
      fc.asyncProperty(
        bodyArb,
        secretArb,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (body, secret, at, mask) => {
          const sha256 = `sha256=${opensslHmac('sha256', secret, body)}`
          const sha1 = `sha1=${opensslHmac('sha1', secret, body)}`
          expect(await verifyBoth({ body, signature: sha256, secret })).toEqual(match('sha256'))
          expect(await verifyBoth({ body, headers: { 'x-hub-signature': sha1 }, secret, allowSha1: true })).toEqual(
            match('sha1'),
          )
          if (body.byteLength > 0) {
            const changed = flipByte(body, at % body.byteLength, mask)
            expect(await verifyBoth({ body: changed, signature: sha256, secret })).toEqual(MISMATCH)
          }
        },
      ),
      { numRuns: 10 },
    )
  })

  it('kept the openssl invocations to a few dozen', () => {
    // 2 per corpus body, 1 for the escaped form, 2 per drawn case.
    expect(opensslCallCount()).toBeLessThanOrEqual(2 * CORPUS.length + 1 + 2 * 10)
  })
})
