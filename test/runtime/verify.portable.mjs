// One runtime-agnostic test of the signature verifier, the handshake and the Fetch handler,
// run unchanged on Node, Bun, Deno, workerd (Miniflare) and headless Chromium (see README.md).
//
// Rules for this file: plain ESM JavaScript, no test framework, no `node:` imports, no `Buffer`,
// no file or network access; only the package's built ESM bundle and Web-standard globals
// (TextEncoder, Uint8Array, Headers, Request, Response, URL, URLSearchParams, crypto.subtle).
// Every check runs unconditionally, so each runtime must report the same `passed` count.
//
// The known vectors below were computed outside JavaScript, with OpenSSL:
//   printf '%s' '<body>' > b.txt && openssl dgst -sha256 -hmac test-secret b.txt
//   (and -sha1 for the legacy header).
import {
  handleWebhook,
  parseWebhook,
  signedRequest,
  signPayload,
  verifySignature,
  verifySubscription,
} from '../../dist/index.js'

const SECRET = 'test-secret'
const OLD_SECRET = 'old-secret'

// `{"object":"page","entry":[]}`
const ASCII_BODY = '{"object":"page","entry":[]}'
const ASCII_SHA256 = 'b5a88eb16fa1b0bd3526754d185ffe266abe023a8d0d305aa57e5f244aaf399d'
const ASCII_SHA1 = '27d9e470bcea1f5f01dbc3f35dbb9a866cb18122'
// Same body signed with OLD_SECRET.
const ASCII_SHA256_OLD = 'd8354ea4f9731f48e1b87b303c0ab16f9b6b51ea326287ae5f03fb1389bf1a7c'

// `{"text":"Héllo wörld 😀 café","url":"https:\/\/example.com\/a\/b"}`: accents, an astral emoji
// and JSON `\/` escapes, signed over its raw UTF-8 bytes.
const UNICODE_BODY = '{"text":"H\u00e9llo w\u00f6rld \u{1F600} caf\u00e9","url":"https:\\/\\/example.com\\/a\\/b"}'
const UNICODE_SHA256 = '13cde5381ac15be2011d182137460f0216c1cc0d1f558cb2747a88054792fdc5'
const UNICODE_SHA1 = '489fb162553ff50f18cb7ca0d8fa4e470fff13be'

// `{"text":"äöå😀"}` as received; Meta may sign the escaped form
// `{"text":"\u00e4\u00f6\u00e5\ud83d\ude00"}` (lowercase \uXXXX, surrogate pairs).
const ESCAPED_RAW_BODY = '{"text":"\u00e4\u00f6\u00e5\u{1F600}"}'
const ESCAPED_FORM_SHA256 = 'c4a6d4155593f213bb781643cf1d07cf0b25ec0608a8de7f97a475518936ff84'
const ESCAPED_RAW_SHA256 = '6f5b1f9fecf343e8347602256b8f77d3ea6f360317d15ed0de31c3f84bd73213'

// A one-message Messenger body, like fixtures/messenger/message.text.json.
const MESSAGE_BODY = JSON.stringify({
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
          message: { mid: 'm_AbC1dEf2GhI3jKl4MnO5pQr6', text: 'hello, world! h\u00e9 \u{1F600}' },
        },
      ],
    },
  ],
})

/** How many checks `run()` makes; every runtime must pass exactly this many. */
export const CHECKS = 68

const encoder = new TextEncoder()

function isRight(r, fields) {
  if (r === null || typeof r !== 'object' || r._tag !== 'Right') return false
  for (const k of Object.keys(fields)) if (r.right[k] !== fields[k]) return false
  return true
}

function isLeft(r, reason, status) {
  return (
    r !== null &&
    typeof r === 'object' &&
    r._tag === 'Left' &&
    r.left._tag === 'SignatureError' &&
    r.left.reason === reason &&
    r.left.status === status &&
    typeof r.left.hint === 'string' &&
    r.left.hint.length > 0
  )
}

function show(v) {
  try {
    return JSON.stringify(v)
  } catch {
    return String(v)
  }
}

/**
 * Runs every check. Never throws: an exception inside a check counts as that check failing.
 * @returns {Promise<{ passed: number, failed: string[] }>}
 */
export async function run() {
  let passed = 0
  const failed = []

  const check = (name, cond, detail) => {
    if (cond === true) passed++
    else failed.push(detail === undefined ? name : `${name}: ${show(detail)}`)
  }
  // Runs an async block of checks; a throw is recorded as a failure of that block.
  const block = async (name, fn) => {
    try {
      await fn()
    } catch (e) {
      failed.push(`${name} threw: ${e?.stack ?? String(e)}`)
    }
  }

  await block('known vectors', async () => {
    // signPayload reproduces OpenSSL's HMACs, for an ASCII and a non-ASCII body.
    const a = await signPayload(ASCII_BODY, SECRET)
    check('signPayload ascii sha256 = openssl', a['X-Hub-Signature-256'] === `sha256=${ASCII_SHA256}`, a)
    check('signPayload ascii sha1 = openssl', a['X-Hub-Signature'] === `sha1=${ASCII_SHA1}`, a)
    const u = await signPayload(UNICODE_BODY, SECRET)
    check('signPayload unicode sha256 = openssl', u['X-Hub-Signature-256'] === `sha256=${UNICODE_SHA256}`, u)
    check('signPayload unicode sha1 = openssl', u['X-Hub-Signature'] === `sha1=${UNICODE_SHA1}`, u)
    const ub = await signPayload(encoder.encode(UNICODE_BODY), SECRET)
    check('signPayload Uint8Array = string', ub['X-Hub-Signature-256'] === `sha256=${UNICODE_SHA256}`, ub)

    // verifySignature accepts the OpenSSL vectors, as string, Uint8Array and ArrayBuffer bodies.
    let r = await verifySignature({ body: ASCII_BODY, signature: `sha256=${ASCII_SHA256}`, secret: SECRET })
    check('verify ascii vector', isRight(r, { algorithm: 'sha256', secretIndex: 0, form: 'raw' }), r)
    r = await verifySignature({ body: UNICODE_BODY, signature: `sha256=${UNICODE_SHA256}`, secret: SECRET })
    check('verify unicode vector (string)', isRight(r, { algorithm: 'sha256', secretIndex: 0, form: 'raw' }), r)
    const bytes = encoder.encode(UNICODE_BODY)
    r = await verifySignature({ body: bytes, signature: `sha256=${UNICODE_SHA256}`, secret: SECRET })
    check('verify unicode vector (Uint8Array)', isRight(r, { form: 'raw' }), r)
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
    r = await verifySignature({ body: buffer, signature: `sha256=${UNICODE_SHA256}`, secret: SECRET })
    check('verify unicode vector (ArrayBuffer)', isRight(r, { form: 'raw' }), r)
    // A view into a larger buffer: only the viewed bytes are signed.
    const padded = new Uint8Array(bytes.byteLength + 8)
    padded.set(bytes, 4)
    r = await verifySignature({
      body: padded.subarray(4, 4 + bytes.byteLength),
      signature: `sha256=${UNICODE_SHA256}`,
      secret: SECRET,
    })
    check('verify unicode vector (offset subarray)', isRight(r, { form: 'raw' }), r)
    // Uppercase hex in the header is accepted.
    r = await verifySignature({ body: ASCII_BODY, signature: `sha256=${ASCII_SHA256.toUpperCase()}`, secret: SECRET })
    check('verify uppercase hex', isRight(r, { algorithm: 'sha256' }), r)
  })

  await block('round trip', async () => {
    const bodies = [ASCII_BODY, UNICODE_BODY, MESSAGE_BODY, '']
    let ok = 0
    for (const body of bodies) {
      const h = await signPayload(body, SECRET)
      const r = await verifySignature({ body, signature: h['X-Hub-Signature-256'], secret: SECRET })
      if (isRight(r, { algorithm: 'sha256', secretIndex: 0, form: 'raw' })) ok++
    }
    check('sign then verify (4 bodies)', ok === bodies.length, ok)
    // The same key twice (the cached-key fast path) still verifies.
    const h = await signPayload(MESSAGE_BODY, SECRET)
    const again = await verifySignature({ body: MESSAGE_BODY, signature: h['X-Hub-Signature-256'], secret: SECRET })
    check('verify again with cached key', isRight(again, { secretIndex: 0 }), again)
  })

  await block('mismatch', async () => {
    // Change one byte of the body.
    const bytes = encoder.encode(UNICODE_BODY)
    const changed = bytes.slice()
    changed[2] ^= 0x01
    let r = await verifySignature({ body: changed, signature: `sha256=${UNICODE_SHA256}`, secret: SECRET })
    check('one changed body byte: mismatch 403', isLeft(r, 'mismatch', 403), r)
    // Change the last hex digit of the signature.
    const last = ASCII_SHA256.slice(-1) === '0' ? '1' : '0'
    r = await verifySignature({
      body: ASCII_BODY,
      signature: `sha256=${ASCII_SHA256.slice(0, -1)}${last}`,
      secret: SECRET,
    })
    check('one changed signature digit: mismatch 403', isLeft(r, 'mismatch', 403), r)
    r = await verifySignature({ body: ASCII_BODY, signature: `sha256=${ASCII_SHA256}`, secret: 'wrong-secret' })
    check('wrong secret: mismatch 403', isLeft(r, 'mismatch', 403), r)
    // The cached-key fast path must not accept a changed body either.
    r = await verifySignature({ body: `${ASCII_BODY} `, signature: `sha256=${ASCII_SHA256}`, secret: SECRET })
    check('appended byte (cached key): mismatch 403', isLeft(r, 'mismatch', 403), r)
  })

  await block('header errors', async () => {
    let r = await verifySignature({ body: ASCII_BODY, secret: SECRET })
    check('no signature, no headers: missing_header 401', isLeft(r, 'missing_header', 401), r)
    r = await verifySignature({ body: ASCII_BODY, headers: new Headers(), secret: SECRET })
    check('empty Headers: missing_header 401', isLeft(r, 'missing_header', 401), r)
    r = await verifySignature({ body: ASCII_BODY, signature: '   ', secret: SECRET })
    check('blank signature: missing_header 401', isLeft(r, 'missing_header', 401), r)
    r = await verifySignature({ body: ASCII_BODY, signature: 'sha256=abc', secret: SECRET })
    check('short hex: malformed_header 400', isLeft(r, 'malformed_header', 400), r)
    r = await verifySignature({ body: ASCII_BODY, signature: ASCII_SHA256, secret: SECRET })
    check('no "sha256=": malformed_header 400', isLeft(r, 'malformed_header', 400), r)
    r = await verifySignature({ body: ASCII_BODY, signature: `sha256=${'z'.repeat(64)}`, secret: SECRET })
    check('non-hex digits: malformed_header 400', isLeft(r, 'malformed_header', 400), r)
    r = await verifySignature({ body: ASCII_BODY, signature: `sha1=${ASCII_SHA1}`, secret: SECRET })
    check('sha1 without allowSha1: unsupported_algorithm 400', isLeft(r, 'unsupported_algorithm', 400), r)
    r = await verifySignature({ body: ASCII_BODY, signature: `md5=${'0'.repeat(32)}`, secret: SECRET })
    check('md5: unsupported_algorithm 400', isLeft(r, 'unsupported_algorithm', 400), r)
  })

  await block('configuration errors', async () => {
    let r = await verifySignature({ body: ASCII_BODY, signature: `sha256=${ASCII_SHA256}`, secret: '' })
    check('empty secret: empty_secret 500', isLeft(r, 'empty_secret', 500), r)
    r = await verifySignature({ body: ASCII_BODY, signature: `sha256=${ASCII_SHA256}`, secret: [] })
    check('no secrets: empty_secret 500', isLeft(r, 'empty_secret', 500), r)
    r = await verifySignature({ body: ASCII_BODY, signature: `sha256=${ASCII_SHA256}`, secret: `${SECRET}\n` })
    check('secret with newline: secret_whitespace 500', isLeft(r, 'secret_whitespace', 500), r)
    r = await verifySignature({ body: JSON.parse(ASCII_BODY), signature: `sha256=${ASCII_SHA256}`, secret: SECRET })
    check('parsed object body: parsed_body 500', isLeft(r, 'parsed_body', 500), r)
    r = await verifySignature({ body: 42, signature: `sha256=${ASCII_SHA256}`, secret: SECRET })
    check('number body: invalid_body 500', isLeft(r, 'invalid_body', 500), r)
    let threw = false
    try {
      await signPayload(ASCII_BODY, '')
    } catch (e) {
      threw = e instanceof TypeError
    }
    check('signPayload with empty secret rejects with TypeError', threw)
  })

  await block('rotation', async () => {
    let r = await verifySignature({
      body: ASCII_BODY,
      signature: `sha256=${ASCII_SHA256_OLD}`,
      secret: [SECRET, OLD_SECRET],
    })
    check('old secret second: secretIndex 1', isRight(r, { algorithm: 'sha256', secretIndex: 1, form: 'raw' }), r)
    r = await verifySignature({ body: ASCII_BODY, signature: `sha256=${ASCII_SHA256}`, secret: [SECRET, OLD_SECRET] })
    check('new secret first: secretIndex 0', isRight(r, { secretIndex: 0 }), r)
    r = await verifySignature({ body: ASCII_BODY, signature: `sha256=${ASCII_SHA256}`, secret: ['other-1', 'other-2'] })
    check('neither secret: mismatch 403', isLeft(r, 'mismatch', 403), r)
  })

  await block('escaped-unicode form', async () => {
    let r = await verifySignature({
      body: ESCAPED_RAW_BODY,
      signature: `sha256=${ESCAPED_FORM_SHA256}`,
      secret: SECRET,
    })
    check(
      'escaped form signature: form escaped-unicode',
      isRight(r, { algorithm: 'sha256', secretIndex: 0, form: 'escaped-unicode' }),
      r,
    )
    r = await verifySignature({
      body: encoder.encode(ESCAPED_RAW_BODY),
      signature: `sha256=${ESCAPED_FORM_SHA256}`,
      secret: [OLD_SECRET, SECRET],
    })
    check('escaped form, rotated secret: secretIndex 1', isRight(r, { secretIndex: 1, form: 'escaped-unicode' }), r)
    r = await verifySignature({ body: ESCAPED_RAW_BODY, signature: `sha256=${ESCAPED_RAW_SHA256}`, secret: SECRET })
    check('raw signature of the same body: form raw', isRight(r, { form: 'raw' }), r)
    const h = await signPayload('{"text":"\\u00e4\\u00f6\\u00e5\\ud83d\\ude00"}', SECRET)
    check('signPayload of the escaped text = openssl', h['X-Hub-Signature-256'] === `sha256=${ESCAPED_FORM_SHA256}`, h)
    // A changed character is still a mismatch in either form.
    r = await verifySignature({
      body: '{"text":"\u00e4\u00f6\u00e6\u{1F600}"}',
      signature: `sha256=${ESCAPED_FORM_SHA256}`,
      secret: SECRET,
    })
    check('escaped form, changed character: mismatch 403', isLeft(r, 'mismatch', 403), r)
    // An uppercase-escaped form is not what Meta signs: no match.
    const upper = await signPayload('{"text":"\\u00E4\\u00F6\\u00E5\\uD83D\\uDE00"}', SECRET)
    r = await verifySignature({ body: ESCAPED_RAW_BODY, signature: upper['X-Hub-Signature-256'], secret: SECRET })
    check('uppercase-escaped signature: mismatch 403', isLeft(r, 'mismatch', 403), r)
  })

  await block('headers', async () => {
    const cases = [
      ['Headers, canonical case', new Headers({ 'X-Hub-Signature-256': `sha256=${ASCII_SHA256}` })],
      ['Headers, upper case', new Headers({ 'X-HUB-SIGNATURE-256': `sha256=${ASCII_SHA256}` })],
      ['plain object, lower case', { 'x-hub-signature-256': `sha256=${ASCII_SHA256}` }],
      ['plain object, mixed case', { 'X-Hub-SIGNATURE-256': `sha256=${ASCII_SHA256}` }],
      ['plain object, one-element array', { 'x-hub-signature-256': [`sha256=${ASCII_SHA256}`] }],
    ]
    for (const [name, headers] of cases) {
      const r = await verifySignature({ body: ASCII_BODY, headers, secret: SECRET })
      check(`headers: ${name}`, isRight(r, { algorithm: 'sha256', secretIndex: 0 }), r)
    }
    // Legacy sha1 header: only with allowSha1, only when the sha256 header is absent.
    const legacy = new Headers({ 'X-Hub-Signature': `sha1=${UNICODE_SHA1}` })
    let r = await verifySignature({ body: UNICODE_BODY, headers: legacy, secret: SECRET, allowSha1: true })
    check('legacy sha1 header with allowSha1', isRight(r, { algorithm: 'sha1', secretIndex: 0, form: 'raw' }), r)
    r = await verifySignature({ body: UNICODE_BODY, headers: legacy, secret: SECRET })
    check('legacy sha1 header without allowSha1: missing_header 401', isLeft(r, 'missing_header', 401), r)
    const both = new Headers({
      'X-Hub-Signature': `sha1=${UNICODE_SHA1}`,
      'X-Hub-Signature-256': `sha256=${'0'.repeat(64)}`,
    })
    r = await verifySignature({ body: UNICODE_BODY, headers: both, secret: SECRET, allowSha1: true })
    check('sha256 header wins over a valid sha1 header', isLeft(r, 'mismatch', 403), r)
  })

  await block('verifySubscription', async () => {
    const q = new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.verify_token': 'tok', 'hub.challenge': '1158201444' })
    let r = verifySubscription(q, 'tok')
    check('handshake echoes the challenge', r.ok === true && r.status === 200 && r.body === '1158201444', r)
    check(
      'handshake answers text/plain',
      typeof r.headers['content-type'] === 'string' && r.headers['content-type'].startsWith('text/plain'),
      r,
    )
    r = verifySubscription(
      new URL('https://example.com/webhook?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=x'),
      'tok',
    )
    check('wrong token: 403 token_mismatch', r.ok === false && r.status === 403 && r.reason === 'token_mismatch', r)
    r = verifySubscription({ hub: { mode: 'subscribe', verify_token: 'tok', challenge: 'c\u00e9' } }, 'tok')
    check('qs-style object echoes the challenge verbatim', r.ok === true && r.body === 'c\u00e9', r)
    r = verifySubscription(q, '')
    check('empty configured token: 500', r.ok === false && r.status === 500 && r.reason === 'empty_verify_token', r)
  })

  await block('handleWebhook', async () => {
    const url = 'https://example.com/webhook'
    let calls = 0
    let seen
    const options = {
      secret: SECRET,
      verifyToken: 'tok',
      onEvents: (webhook) => {
        calls++
        seen = webhook
      },
    }
    let res = await handleWebhook(await signedRequest(url, MESSAGE_BODY, SECRET), options)
    check(
      'signed request: 200 EVENT_RECEIVED',
      res.status === 200 && (await res.text()) === 'EVENT_RECEIVED',
      res.status,
    )
    check(
      'onEvents called once with 1 message event',
      calls === 1 && seen.events.length === 1 && seen.invalid.length === 0,
      seen && { events: seen.events.length, invalid: seen.invalid },
    )
    const e = seen ? seen.events[0] : undefined
    check(
      'decoded event fields',
      e !== undefined &&
        e.type === 'message' &&
        e.platform === 'messenger' &&
        e.sender.id === '2400000000000001' &&
        e.message.text === 'hello, world! h\u00e9 \u{1F600}',
      e,
    )

    // Forged: signed with another secret.
    res = await handleWebhook(await signedRequest(url, MESSAGE_BODY, 'attacker-secret'), options)
    const forged = await res.text()
    check(
      'forged request: 403 mismatch, onEvents not called',
      res.status === 403 && forged.startsWith('mismatch') && calls === 1,
      { status: res.status, forged, calls },
    )

    // Tampered: valid headers from one body, another body sent.
    const signed = await signedRequest(url, MESSAGE_BODY, SECRET)
    const tampered = new Request(url, {
      method: 'POST',
      headers: signed.headers,
      body: MESSAGE_BODY.replace('hello', 'HELLO'),
    })
    res = await handleWebhook(tampered, options)
    check('tampered body: 403', res.status === 403 && calls === 1, res.status)

    res = await handleWebhook(new Request(url, { method: 'POST', body: MESSAGE_BODY }), options)
    check('unsigned request: 401', res.status === 401 && calls === 1, res.status)

    res = await handleWebhook(
      new Request(`${url}?hub.mode=subscribe&hub.verify_token=tok&hub.challenge=abc123`),
      options,
    )
    check('GET handshake: 200 with challenge', res.status === 200 && (await res.text()) === 'abc123', res.status)

    res = await handleWebhook(new Request(url, { method: 'PUT', body: 'x' }), options)
    check('PUT: 405 with Allow', res.status === 405 && res.headers.get('allow') === 'GET, POST', res.status)

    res = await handleWebhook(await signedRequest(url, MESSAGE_BODY, SECRET), { ...options, maxBodyBytes: 16 })
    check('body over maxBodyBytes: 413', res.status === 413 && calls === 1, res.status)

    let unusable
    res = await handleWebhook(await signedRequest(url, '{not json', SECRET), {
      ...options,
      onUnusable: (err) => {
        unusable = err
      },
    })
    check(
      'authentic but unusable body: 200 and onUnusable',
      res.status === 200 && unusable !== undefined && calls === 1,
      { status: res.status, unusable },
    )

    // Reported to onError (without one, to console.error, which a browser run counts as a failure).
    const reported = []
    res = await handleWebhook(await signedRequest(url, MESSAGE_BODY, SECRET), {
      ...options,
      onEvents: () => {
        throw new Error('boom')
      },
      onError: (failure) => {
        reported.push(failure.phase)
      },
    })
    check('onEvents throws: 500, reported to onError', res.status === 500 && reported.join() === 'on_events', {
      status: res.status,
      reported,
    })
  })

  await block('parseWebhook', async () => {
    const r = parseWebhook(MESSAGE_BODY)
    check(
      'parseWebhook ok with one event',
      r.ok === true && r.value.events.length === 1 && r.value.invalid.length === 0,
      r.ok ? { events: r.value.events.length } : r,
    )
    const e = r.ok ? r.value.events[0] : undefined
    check(
      'parseWebhook event',
      e !== undefined && e.type === 'message' && e.timestamp === 1718002999876 && e.recipient.id === '104857600000001',
      e,
    )
    const fromBytes = parseWebhook(encoder.encode(MESSAGE_BODY))
    check(
      'parseWebhook from bytes',
      fromBytes.ok === true && fromBytes.value.events[0].message.text === 'hello, world! h\u00e9 \u{1F600}',
      fromBytes.ok,
    )
    const bad = parseWebhook('{"object":"page"')
    check('parseWebhook bad JSON: ok false, no throw', bad.ok === false && bad.error !== undefined, bad)
  })

  if (passed + failed.length !== CHECKS && failed.length === 0) {
    failed.push(`check count: ran ${passed} checks, CHECKS says ${CHECKS}`)
  }
  return { passed, failed }
}
