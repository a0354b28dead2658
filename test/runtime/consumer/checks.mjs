// The checks of the package matrix (see ../README.md): what a user of the published package does
// with it, run unchanged on every runtime × module format. This file imports nothing: the entry
// (report.mjs, main.cjs, ...) imports the package through its `exports` map, the way a user's
// code does, and hands the module namespaces in. Every check runs unconditionally, so a runtime
// that passes them all reports exactly PORTABLE_CHECKS (plus NODE_CHECKS with `messenger-webhooks/node`).
//
// Plain ESM, no `node:` imports, no Buffer, no I/O: only Web-standard globals.

/** How many checks `check()` makes with `main`, `decode` and `verify`. */
export const PORTABLE_CHECKS = 24
/** How many more it makes when it is also given `messenger-webhooks/node`. */
export const NODE_CHECKS = 6

const SECRET = 'test-secret'
const OTHER_SECRET = 'not-the-secret'
// OpenSSL: printf '%s' '{"object":"page","entry":[]}' | openssl dgst -sha256 -hmac test-secret
const ASCII_BODY = '{"object":"page","entry":[]}'
const ASCII_SHA256 = 'sha256=b5a88eb16fa1b0bd3526754d185ffe266abe023a8d0d305aa57e5f244aaf399d'

function show(value) {
  try {
    return JSON.stringify(value, (k, v) => (k === 'raw' ? undefined : v))
  } catch {
    return String(value)
  }
}

/** Throws `what: expected … got …` unless the two JSON-serialise the same. */
function same(actual, expected, what) {
  if (show(actual) !== show(expected)) throw new Error(`${what}: expected ${show(expected)}, got ${show(actual)}`)
}

function right(r, what) {
  if (r === null || typeof r !== 'object' || r._tag !== 'Right')
    throw new Error(`${what}: expected Right, got ${show(r)}`)
  return r.right
}

function signatureLeft(r, reason, status, what) {
  if (r === null || typeof r !== 'object' || r._tag !== 'Left')
    throw new Error(`${what}: expected Left, got ${show(r)}`)
  same(
    { _tag: r.left._tag, reason: r.left.reason, status: r.left.status },
    { _tag: 'SignatureError', reason, status },
    what,
  )
  if (typeof r.left.hint !== 'string' || r.left.hint.length === 0)
    throw new Error(`${what}: no hint in ${show(r.left)}`)
}

function subscriptionQuery(token, challenge) {
  return new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.verify_token': token, 'hub.challenge': challenge })
}

/** The decoder checks, for the main entry and for `messenger-webhooks/decode`. */
function decoderChecks(name, api, fixtures) {
  const { mixed, invalid } = fixtures
  return [
    [
      `${name}: decodeWebhook decodes batch/mixed.json (${mixed.types.length} events, types and channels in order)`,
      () => {
        const w = right(api.decodeWebhook(JSON.parse(mixed.body)), 'decodeWebhook(mixed)')
        same(
          w.events.map((e) => e.type),
          mixed.types,
          'event types',
        )
        same(
          w.events.map((e) => e.channel),
          mixed.channels,
          'event channels',
        )
        same(w.invalid, [], 'invalid items')
      },
    ],
    [
      `${name}: parseWebhook reads the raw body of batch/mixed.json`,
      () => {
        const r = api.parseWebhook(mixed.body)
        if (r?.ok !== true) throw new Error(`parseWebhook: expected ok, got ${show(r)}`)
        same(r.value.events.length, mixed.types.length, 'event count')
      },
    ],
    [
      `${name}: decodeWebhook keeps the good items of ${invalid.file} and reports each bad one with its path`,
      () => {
        const w = right(api.decodeWebhook(JSON.parse(invalid.body)), `decodeWebhook(${invalid.file})`)
        same(w.events.length, invalid.events, 'event count')
        same(
          w.invalid.map((i) => i.path),
          invalid.paths,
          'invalid paths',
        )
        for (const i of w.invalid) {
          if (typeof i.message !== 'string' || !i.message.startsWith(`${i.path}: `)) {
            throw new Error(`invalid item message should start with its path: ${show(i)}`)
          }
        }
      },
    ],
  ]
}

/** The verifier checks, for the main entry and for `messenger-webhooks/verify`. */
function verifierChecks(name, api, body) {
  let headers
  return [
    [
      `${name}: signPayload gives OpenSSL's HMAC-SHA256`,
      async () => {
        const h = await api.signPayload(ASCII_BODY, SECRET)
        same(h['X-Hub-Signature-256'], ASCII_SHA256, 'X-Hub-Signature-256')
      },
    ],
    [
      `${name}: signPayload then verifySignature is Right`,
      async () => {
        headers = await api.signPayload(body, SECRET)
        const m = right(await api.verifySignature({ body, headers, secret: SECRET }), 'verifySignature')
        same(m, { algorithm: 'sha256', secretIndex: 0, form: 'raw' }, 'SignatureMatch')
      },
    ],
    [
      `${name}: verifySignature accepts the bytes as well as the string`,
      async () => {
        const bytes = new TextEncoder().encode(body)
        right(await api.verifySignature({ body: bytes, headers, secret: SECRET }), 'verifySignature(Uint8Array)')
      },
    ],
    [
      `${name}: verifySignature fails closed on a tampered body (mismatch, 403)`,
      async () => {
        const tampered = body.replace('"hi"', '"ho"')
        if (tampered === body) throw new Error('the fixture body has no "hi" to tamper with')
        signatureLeft(
          await api.verifySignature({ body: tampered, headers, secret: SECRET }),
          'mismatch',
          403,
          'tampered',
        )
      },
    ],
    [
      `${name}: verifySignature fails closed with the wrong secret (mismatch, 403)`,
      async () => {
        signatureLeft(
          await api.verifySignature({ body, headers, secret: OTHER_SECRET }),
          'mismatch',
          403,
          'wrong secret',
        )
      },
    ],
    [
      `${name}: verifySignature fails closed without a signature header (missing_header, 401)`,
      async () => {
        signatureLeft(
          await api.verifySignature({ body, headers: {}, secret: SECRET }),
          'missing_header',
          401,
          'no header',
        )
      },
    ],
    [
      `${name}: verifySubscription answers the challenge, and refuses a wrong token`,
      () => {
        const ok = api.verifySubscription(subscriptionQuery('verify-me', '1158201444'), 'verify-me')
        same(
          { ok: ok.ok, status: ok.status, body: ok.body },
          { ok: true, status: 200, body: '1158201444' },
          'handshake',
        )
        const no = api.verifySubscription(subscriptionQuery('guess', '1158201444'), 'verify-me')
        same(
          { ok: no.ok, status: no.status, reason: no.reason },
          { ok: false, status: 403, reason: 'token_mismatch' },
          'wrong token',
        )
      },
    ],
  ]
}

/**
 * Runs every check. `main`, `decode`, `verify` (and `node`, on Node) are the namespaces of
 * `messenger-webhooks`, `messenger-webhooks/decode`, `messenger-webhooks/verify` (and
 * `messenger-webhooks/node`); `fixtures` holds the raw fixture bodies and what the manifest says of them.
 * @returns `{ checks, passed, failed }`: `failed` lists `name: message` per failed check.
 */
export async function check({ main, decode, verify, node }, fixtures) {
  const body = fixtures.mixed.body
  const checks = [
    ...decoderChecks('messenger-webhooks', main, fixtures),
    ...verifierChecks('messenger-webhooks', main, body),
    ...decoderChecks('messenger-webhooks/decode', decode, fixtures),
    [
      'messenger-webhooks/decode: has no verifier',
      () => same([typeof decode.verifySignature, typeof decode.signPayload], ['undefined', 'undefined'], 'exports'),
    ],
    ...verifierChecks('messenger-webhooks/verify', verify, body),
    [
      'messenger-webhooks/verify: has no decoder',
      () => same([typeof verify.decodeWebhook, typeof verify.parseWebhook], ['undefined', 'undefined'], 'exports'),
    ],
    [
      'messenger-webhooks and messenger-webhooks/verify sign alike and accept each other',
      async () => {
        const a = await main.signPayload(body, SECRET)
        const b = await verify.signPayload(body, SECRET)
        same(a, b, 'signatures')
        right(await verify.verifySignature({ body, headers: a, secret: SECRET }), '/verify on main signature')
        right(await main.verifySignature({ body, headers: b, secret: SECRET }), 'main on /verify signature')
      },
    ],
    [
      'messenger-webhooks/decode and the main entry decode alike',
      () => {
        const raw = JSON.parse(body)
        same(
          right(decode.decodeWebhook(raw), '/decode').events,
          right(main.decodeWebhook(raw), 'main').events,
          'events',
        )
      },
    ],
  ]
  if (node !== undefined) {
    checks.push(
      [
        'messenger-webhooks/node: signPayloadSync gives OpenSSL HMAC-SHA256',
        () =>
          same(node.signPayloadSync(ASCII_BODY, SECRET)['X-Hub-Signature-256'], ASCII_SHA256, 'X-Hub-Signature-256'),
      ],
      [
        'messenger-webhooks/node: signPayloadSync agrees with signPayload of the main entry and of /verify',
        async () => {
          const sync = node.signPayloadSync(body, SECRET)
          same(sync, await main.signPayload(body, SECRET), 'main')
          same(sync, await verify.signPayload(body, SECRET), '/verify')
        },
      ],
      [
        'messenger-webhooks/node: verifySignatureSync is Right, synchronously',
        () => {
          const headers = node.signPayloadSync(body, SECRET)
          const r = node.verifySignatureSync({ body, headers, secret: SECRET })
          if (r instanceof Promise) throw new Error('verifySignatureSync returned a Promise')
          same(right(r, 'verifySignatureSync'), { algorithm: 'sha256', secretIndex: 0, form: 'raw' }, 'SignatureMatch')
        },
      ],
      [
        'messenger-webhooks/node: verifySignatureSync fails closed on a tampered body and a wrong secret',
        () => {
          const headers = node.signPayloadSync(body, SECRET)
          signatureLeft(
            node.verifySignatureSync({ body: `${body} `, headers, secret: SECRET }),
            'mismatch',
            403,
            'tampered',
          )
          signatureLeft(
            node.verifySignatureSync({ body, headers, secret: OTHER_SECRET }),
            'mismatch',
            403,
            'wrong secret',
          )
        },
      ],
      [
        'messenger-webhooks/node: nodeHandler is a (req, res) handler factory',
        () => {
          same(typeof node.nodeHandler, 'function', 'typeof nodeHandler')
          same(typeof node.nodeHandler({ secret: SECRET, verifyToken: 't', onEvents: () => {} }), 'function', 'handler')
        },
      ],
      [
        'messenger-webhooks/node: the main entry verifies the same as verifySignatureSync',
        async () => {
          const headers = node.signPayloadSync(body, SECRET)
          same(
            await main.verifySignature({ body, headers, secret: SECRET }),
            node.verifySignatureSync({ body, headers, secret: SECRET }),
            'result',
          )
        },
      ],
    )
  }
  const passed = []
  const failed = []
  for (const [name, fn] of checks) {
    try {
      await fn()
      passed.push(name)
    } catch (e) {
      failed.push(`${name}: ${e?.message ?? String(e)}`)
    }
  }
  const expected = PORTABLE_CHECKS + (node === undefined ? 0 : NODE_CHECKS)
  if (checks.length !== expected)
    failed.push(`ran ${checks.length} checks, expected ${expected}: update PORTABLE_CHECKS/NODE_CHECKS`)
  return { checks: expected, passed: passed.length, failed }
}
