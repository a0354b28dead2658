/**
 * `handleWebhook` and `signedRequest`: the Fetch-standard handler, as docs/signatures.md §4 states
 * what it answers (docs/reference.md: 200 to every authentic request). Every check
 * runs on the Web Crypto build (`src/index.ts`) and on the `node` condition's build
 * (`src/index.node.ts`, node:crypto).
 */
import { describe, expect, it, vi } from 'vitest'
import {
  type DecodedWebhook,
  type HandleWebhook,
  type HandleWebhookOptions,
  handleWebhook as handleWebhookWeb,
  parseWebhook,
  type SignatureError,
  type SignatureMatch,
  signedRequest,
  signPayload,
  type WebhookError,
} from '../../src/index.js'
import { handleWebhook as handleWebhookNode } from '../../src/index.node.js'
import { manifest, readFixtureText } from '../fixtures.js'

const SECRET = 'handler-test-secret'
const TOKEN = 'handler-verify-token'
const URL_ = 'https://example.com/webhook'
const encoder = new TextEncoder()

/** The body of a fixture exactly as stored: the bytes a test sends and signs. */
function fixtureBytes(file: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(readFixtureText(file))
}

/** Options with spies, and what they received. */
function spies(extra: Partial<HandleWebhookOptions> = {}) {
  const received: DecodedWebhook[] = []
  const matches: SignatureMatch[] = []
  const unusable: WebhookError[] = []
  const rejected: SignatureError[] = []
  const requests: Request[] = []
  const options: HandleWebhookOptions = {
    secret: SECRET,
    verifyToken: TOKEN,
    onEvents: vi.fn((webhook: DecodedWebhook, request: Request, signature: SignatureMatch) => {
      received.push(webhook)
      requests.push(request)
      matches.push(signature)
    }),
    onUnusable: vi.fn((error: WebhookError) => {
      unusable.push(error)
    }),
    onRejected: vi.fn((error: SignatureError) => {
      rejected.push(error)
    }),
    ...extra,
  }
  return { options, received, matches, unusable, rejected, requests }
}

async function expectText(response: Response, status: number, body: string | RegExp) {
  const text = await response.text()
  expect({ status: response.status, text }).toEqual({
    status,
    text: typeof body === 'string' ? body : expect.stringMatching(body),
  })
  expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8')
}

const UNKNOWN_OBJECT = JSON.stringify({
  object: 'user',
  entry: [{ id: '42', time: 1718003000, changes: [{ field: 'email', value: { verified: true } }] }],
})

describe.each<[string, HandleWebhook]>([
  ['Web Crypto build (messenger-webhooks)', handleWebhookWeb],
  ['node build (messenger-webhooks under the node condition)', handleWebhookNode],
])('handleWebhook — %s', (_, handleWebhook) => {
  describe('GET: the subscription handshake', () => {
    const handshake = (params: string) => new Request(`${URL_}?${params}`)

    it('echoes hub.challenge verbatim as text/plain when the token matches', async () => {
      const { options, received } = spies()
      const r = await handleWebhook(
        handshake(`hub.mode=subscribe&hub.verify_token=${TOKEN}&hub.challenge=1158201444`),
        options,
      )
      await expectText(r, 200, '1158201444')
      expect(received).toHaveLength(0)
    })

    it('keeps a challenge with spaces and unicode unchanged', async () => {
      const challenge = 'défi 😀 + 01'
      const params = new URLSearchParams({
        'hub.mode': 'subscribe',
        'hub.verify_token': TOKEN,
        'hub.challenge': challenge,
      })
      await expectText(await handleWebhook(handshake(params.toString()), spies().options), 200, challenge)
    })

    it('refuses a wrong token with 403, another mode with 400', async () => {
      const { options } = spies()
      await expectText(
        await handleWebhook(handshake('hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1'), options),
        403,
        'hub.verify_token does not match',
      )
      await expectText(
        await handleWebhook(handshake(`hub.mode=unsubscribe&hub.verify_token=${TOKEN}&hub.challenge=1`), options),
        400,
        'hub.mode must be "subscribe"',
      )
    })

    it('refuses every GET with 500 when no verifyToken is configured', async () => {
      const { verifyToken: _, ...options } = spies().options
      await expectText(
        await handleWebhook(handshake('hub.mode=subscribe&hub.verify_token=&hub.challenge=1'), options),
        500,
        'the server has no verify token configured',
      )
    })

    it('answers HEAD like GET', async () => {
      const r = await handleWebhook(
        new Request(`${URL_}?hub.mode=subscribe&hub.verify_token=${TOKEN}&hub.challenge=7`, { method: 'HEAD' }),
        spies().options,
      )
      expect(r.status).toBe(200)
    })
  })

  describe('POST: authentic bodies get 200 and their decoded events', () => {
    it('decodes a signed batch (batch/mixed.json) and hands every event to onEvents', async () => {
      const body = fixtureBytes('batch/mixed.json')
      const { options, received, requests } = spies()
      const request = await signedRequest(URL_, body, SECRET)
      await expectText(await handleWebhook(request, options), 200, 'EVENT_RECEIVED')
      expect(options.onEvents).toHaveBeenCalledTimes(1)
      expect(options.onUnusable).not.toHaveBeenCalled()
      const webhook = received[0] as DecodedWebhook
      expect(webhook.object).toBe('page')
      expect(webhook.events).toHaveLength(12)
      expect(webhook.events.map((e) => e.type)).toEqual(
        manifest.valid.find((f) => f.file === 'batch/mixed.json')?.types,
      )
      expect(webhook.invalid).toEqual([])
      expect(requests[0]).toBe(request)
    })

    it('passes onEvents the signature match: algorithm, secret index and body form', async () => {
      const { options, matches } = spies()
      await handleWebhook(await signedRequest(URL_, fixtureBytes('batch/mixed.json'), SECRET), options)
      expect(matches).toEqual([{ algorithm: 'sha256', secretIndex: 0, form: 'raw' }])
    })

    it('hands over exactly what parseWebhook decodes from the same bytes', async () => {
      const body = fixtureBytes('batch/instagram-mixed.json') // contains a raw UTF-8 emoji
      const { options, received } = spies()
      await expectText(await handleWebhook(await signedRequest(URL_, body, SECRET), options), 200, 'EVENT_RECEIVED')
      const parsed = parseWebhook(body)
      if (!parsed.ok) throw new Error(parsed.error.message)
      expect(received[0]).toEqual(parsed.value)
    })

    it('answers 200 for every valid fixture with the events, in order, that the manifest lists', async () => {
      for (const fixture of manifest.valid) {
        const { options, received } = spies()
        const r = await handleWebhook(await signedRequest(URL_, fixtureBytes(fixture.file), SECRET), options)
        expect({ file: fixture.file, status: r.status }).toEqual({ file: fixture.file, status: 200 })
        expect(received[0]?.events.map((e) => [e.type, e.channel])).toEqual(
          fixture.types.map((t, i) => [t, fixture.channels[i]]),
        )
      }
    })

    it('answers 200 for an authentic body of an unknown object (Graph "user")', async () => {
      const { options, received } = spies()
      await expectText(
        await handleWebhook(await signedRequest(URL_, UNKNOWN_OBJECT, SECRET), options),
        200,
        'EVENT_RECEIVED',
      )
      expect(received[0]?.object).toBe('user')
      expect(received[0]?.platform).toBe('other')
    })

    it('answers 200 for an authentic body with an unknown event, which reaches onEvents as "unknown"', async () => {
      const { options, received } = spies()
      const body = fixtureBytes('strict/unknown.event-key.json')
      await expectText(await handleWebhook(await signedRequest(URL_, body, SECRET), options), 200, 'EVENT_RECEIVED')
      expect(received[0]?.events.map((e) => e.type)).toEqual(['unknown'])
    })

    it('answers 200 for authentic items that fail their codec, reported in webhook.invalid', async () => {
      const { options, received } = spies()
      const body = fixtureBytes('invalid/batch.two-bad-of-four.json')
      await expectText(await handleWebhook(await signedRequest(URL_, body, SECRET), options), 200, 'EVENT_RECEIVED')
      expect(received[0]?.events).toHaveLength(2)
      expect(received[0]?.invalid.map((i) => i.path)).toEqual([
        'entry[0].messaging[1].message.mid',
        'entry[0].messaging[3].reaction.action',
      ])
    })

    it('answers 200 for authentic bad JSON and calls onUnusable, not onEvents', async () => {
      const { options, unusable } = spies()
      await expectText(
        await handleWebhook(await signedRequest(URL_, '{"object":"page",', SECRET), options),
        200,
        'EVENT_RECEIVED',
      )
      expect(options.onEvents).not.toHaveBeenCalled()
      expect(unusable).toHaveLength(1)
      expect(unusable[0]?.reason).toBe('json')
    })

    it('answers 200 for an authentic body without entry, bad UTF-8 or empty, calling onUnusable with the reason', async () => {
      for (const [body, reason] of [
        ['{"object":"page"}', 'envelope'],
        [new Uint8Array([0x7b, 0xff, 0x7d]), 'encoding'],
        ['', 'json'],
      ] as const) {
        const { options, unusable } = spies()
        await expectText(await handleWebhook(await signedRequest(URL_, body, SECRET), options), 200, 'EVENT_RECEIVED')
        expect(unusable.map((e) => e.reason)).toEqual([reason])
        expect(options.onEvents).not.toHaveBeenCalled()
      }
    })

    it('answers 200 for an unusable body when no onUnusable is given', async () => {
      const { onUnusable: _, ...options } = spies().options
      await expectText(
        await handleWebhook(await signedRequest(URL_, 'not json', SECRET), options),
        200,
        'EVENT_RECEIVED',
      )
    })

    it('accepts a body signed with an older secret while rotating, and says which one matched', async () => {
      const { options, received, matches } = spies({ secret: ['new-secret', SECRET] })
      const r = await handleWebhook(
        await signedRequest(URL_, fixtureBytes('messenger/message.text.json'), SECRET),
        options,
      )
      expect(r.status).toBe(200)
      expect(received).toHaveLength(1)
      expect(matches[0]?.secretIndex).toBe(1)
    })

    it("accepts a raw UTF-8 body signed over Meta's escaped-unicode form", async () => {
      const raw = readFixtureText('batch/instagram-mixed.json')
      expect(raw).toMatch(/[^\p{ASCII}]/u) // precondition: the fixture has non-ASCII text
      const escaped = raw.replace(/[^\p{ASCII}]/gu, (c) =>
        Array.from({ length: c.length }, (_, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''),
      )
      const headers = await signPayload(escaped, SECRET)
      const { options, received, matches } = spies()
      const request = new Request(URL_, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': headers['X-Hub-Signature-256'] },
        body: raw,
      })
      await expectText(await handleWebhook(request, options), 200, 'EVENT_RECEIVED')
      expect(received[0]?.events).toHaveLength(8)
      expect(matches[0]?.form).toBe('escaped-unicode')
    })

    it('decodes in strict mode when asked', async () => {
      const { options, received } = spies({ strict: true })
      const body = fixtureBytes('strict/unknown.event-key.json')
      await expectText(await handleWebhook(await signedRequest(URL_, body, SECRET), options), 200, 'EVENT_RECEIVED')
      expect(received[0]?.events).toEqual([])
      expect(received[0]?.invalid).toHaveLength(1)
    })
  })

  describe('POST: requests that are not authentic are refused before onEvents', () => {
    const body = fixtureBytes('batch/mixed.json')

    it('403 for a forged signature (signed with another secret)', async () => {
      const { options, rejected } = spies()
      await expectText(await handleWebhook(await signedRequest(URL_, body, 'forger'), options), 403, 'mismatch')
      expect(options.onEvents).not.toHaveBeenCalled()
      expect(options.onUnusable).not.toHaveBeenCalled()
      expect(rejected.map((e) => e.reason)).toEqual(['mismatch'])
    })

    it('403 for a signed body changed afterwards', async () => {
      const signed = await signedRequest(URL_, body, SECRET)
      const tampered = new Request(URL_, {
        method: 'POST',
        headers: signed.headers,
        body: readFixtureText('batch/mixed.json').replace('I need help', 'I need hel!'),
      })
      const { options } = spies()
      await expectText(await handleWebhook(tampered, options), 403, 'mismatch')
      expect(options.onEvents).not.toHaveBeenCalled()
    })

    it('401 without a signature header, even for a well-formed body', async () => {
      const { options } = spies()
      const unsigned = new Request(URL_, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
      await expectText(await handleWebhook(unsigned, options), 401, 'missing_header')
      expect(options.onEvents).not.toHaveBeenCalled()
    })

    it('400 for a malformed signature header', async () => {
      const request = new Request(URL_, { method: 'POST', headers: { 'x-hub-signature-256': 'sha256=xyz' }, body })
      await expectText(await handleWebhook(request, spies().options), 400, 'malformed_header')
    })

    it('500 (server misconfiguration) when the configured secret is empty', async () => {
      const { options } = spies({ secret: '' })
      await expectText(await handleWebhook(await signedRequest(URL_, body, SECRET), options), 500, 'empty_secret')
      expect(options.onEvents).not.toHaveBeenCalled()
    })

    it('sends only the reason, never the hint, which can describe the server configuration', async () => {
      const { options, rejected } = spies({ secret: `${SECRET}\n` })
      const r = await handleWebhook(await signedRequest(URL_, body, SECRET), options)
      await expectText(r, 500, 'secret_whitespace')
      expect(rejected[0]?.hint).toMatch(/trim/) // the hint goes to onRejected, for the logs
    })

    it('calls onRejected once with the typed error and the request, and never for authentic requests', async () => {
      const { options, rejected } = spies()
      const request = new Request(URL_, { method: 'POST', body })
      await handleWebhook(request, options)
      expect(options.onRejected).toHaveBeenCalledTimes(1)
      expect(options.onRejected).toHaveBeenCalledWith(rejected[0], request)
      expect(rejected[0]).toEqual({
        _tag: 'SignatureError',
        reason: 'missing_header',
        status: 401,
        hint: expect.stringMatching(/X-Hub-Signature-256/),
      })
      const authentic = spies()
      await handleWebhook(await signedRequest(URL_, body, SECRET), authentic.options)
      expect(authentic.options.onRejected).not.toHaveBeenCalled()
    })

    it('keeps the refusal when onRejected throws', async () => {
      const { options } = spies({
        onRejected: () => {
          throw new Error('logger down')
        },
      })
      await expectText(await handleWebhook(await signedRequest(URL_, body, 'forger'), options), 403, 'mismatch')
      expect(options.onEvents).not.toHaveBeenCalled()
    })

    it('absorbs an async onRejected that rejects: same refusal, no unhandled rejection, one log line', async () => {
      const unhandled: unknown[] = []
      const onUnhandled = (e: unknown) => unhandled.push(e)
      process.on('unhandledRejection', onUnhandled)
      const log = vi.spyOn(console, 'error').mockImplementation(() => {})
      try {
        const { options } = spies({ onRejected: async () => Promise.reject(new Error('log sink down')) })
        await expectText(await handleWebhook(await signedRequest(URL_, body, 'forger'), options), 403, 'mismatch')
        await new Promise((resolve) => setTimeout(resolve, 20))
        expect(unhandled).toEqual([])
        expect(log).toHaveBeenCalledTimes(1)
        expect(String(log.mock.calls[0]?.[0])).toMatch(
          /^messenger-webhooks: on_rejected: onRejected failed: log sink down\n/,
        )
      } finally {
        log.mockRestore()
        process.off('unhandledRejection', onUnhandled)
      }
    })

    it('ignores the legacy sha1 header unless allowSha1 is set', async () => {
      const headers = await signPayload(body, SECRET)
      const sha1Only = () =>
        new Request(URL_, { method: 'POST', headers: { 'x-hub-signature': headers['X-Hub-Signature'] }, body })
      expect((await handleWebhook(sha1Only(), spies().options)).status).toBe(401)
      const allowed = spies({ allowSha1: true })
      expect((await handleWebhook(sha1Only(), allowed.options)).status).toBe(200)
      expect(allowed.matches[0]?.algorithm).toBe('sha1')
    })
  })

  describe('POST: failures of the handler itself', () => {
    const body = fixtureBytes('messenger/message.text.json')

    it('500 when onEvents throws, so Meta retries', async () => {
      const options = spies({
        onEvents: () => {
          throw new Error('database down')
        },
      }).options
      await expectText(
        await handleWebhook(await signedRequest(URL_, body, SECRET), options),
        500,
        'the event handler failed',
      )
    })

    it('500 when onEvents rejects, and only after it settles', async () => {
      let settled = false
      const options = spies({
        onEvents: async () => {
          await new Promise((resolve) => setTimeout(resolve, 20))
          settled = true
          throw new Error('queue full')
        },
      }).options
      await expectText(
        await handleWebhook(await signedRequest(URL_, body, SECRET), options),
        500,
        'the event handler failed',
      )
      expect(settled).toBe(true)
    })

    it('still 200 when onUnusable throws or rejects: the failure is logged, a retry would bring the same body', async () => {
      const errors: unknown[][] = []
      const log = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
        errors.push(args)
      })
      try {
        for (const onUnusable of [
          () => {
            throw new Error('logger down')
          },
          () => Promise.reject(new Error('logger down')),
        ]) {
          const options = spies({ onUnusable }).options
          await expectText(await handleWebhook(await signedRequest(URL_, '[', SECRET), options), 200, 'EVENT_RECEIVED')
        }
      } finally {
        log.mockRestore()
      }
      expect(errors.map((e) => String(e[0]).split('\n')[0])).toEqual([
        'messenger-webhooks: on_unusable: onUnusable failed: logger down',
        'messenger-webhooks: on_unusable: onUnusable failed: logger down',
      ])
    })

    it('waits for an async onEvents before answering 200', async () => {
      let done = false
      const options = spies({
        onEvents: async () => {
          await new Promise((resolve) => setTimeout(resolve, 20))
          done = true
        },
      }).options
      const r = await handleWebhook(await signedRequest(URL_, body, SECRET), options)
      expect(done).toBe(true)
      expect(r.status).toBe(200)
    })
  })

  describe('POST: body size', () => {
    const body = fixtureBytes('batch/mixed.json')

    it('413 by Content-Length before reading, without calling onEvents', async () => {
      const signed = await signedRequest(URL_, body, SECRET)
      const headers = new Headers(signed.headers)
      headers.set('content-length', String(body.byteLength))
      const request = new Request(URL_, { method: 'POST', headers, body })
      const { options } = spies({ maxBodyBytes: body.byteLength - 1 })
      await expectText(await handleWebhook(request, options), 413, 'the body is larger than maxBodyBytes')
      expect(options.onEvents).not.toHaveBeenCalled()
      expect(request.bodyUsed).toBe(false) // rejected on the declared length alone
    })

    it('413 while streaming when there is no Content-Length, without calling onEvents', async () => {
      const request = await signedRequest(URL_, body, SECRET)
      expect(request.headers.get('content-length')).toBeNull() // precondition
      const { options } = spies({ maxBodyBytes: body.byteLength - 1 })
      await expectText(await handleWebhook(request, options), 413, 'the body is larger than maxBodyBytes')
      expect(options.onEvents).not.toHaveBeenCalled()
    })

    it('413 for a Content-Length that understates a body that keeps coming: stops reading and cancels the stream', async () => {
      let pulled = 0
      let cancelled = false
      // 2 MiB in 16 KiB chunks: "endless" next to the 64 KiB limit, but finite, so a handler that
      // reads everything fails this test instead of spinning forever in microtasks.
      const endless = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled++
          if (pulled > 128) controller.close()
          else controller.enqueue(new Uint8Array(16 * 1024).fill(0x20))
        },
        cancel() {
          cancelled = true
        },
      })
      const request = new Request(URL_, {
        method: 'POST',
        headers: { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}`, 'content-length': '10' },
        body: endless,
        duplex: 'half',
      } as RequestInit)
      const { options } = spies({ maxBodyBytes: 64 * 1024 })
      await expectText(await handleWebhook(request, options), 413, 'the body is larger than maxBodyBytes')
      expect(options.onEvents).not.toHaveBeenCalled()
      expect(cancelled).toBe(true)
      expect(pulled).toBeLessThan(16)
    })

    it('accepts a body of exactly maxBodyBytes', async () => {
      const { options, received } = spies({ maxBodyBytes: body.byteLength })
      const signed = await signedRequest(URL_, body, SECRET)
      const headers = new Headers(signed.headers)
      headers.set('content-length', String(body.byteLength))
      await expectText(
        await handleWebhook(new Request(URL_, { method: 'POST', headers, body }), options),
        200,
        'EVENT_RECEIVED',
      )
      expect(received).toHaveLength(1)
    })

    it('defaults maxBodyBytes to 5 MiB', async () => {
      const signed = await signedRequest(URL_, body, SECRET)
      const at = (length: number) => {
        const headers = new Headers(signed.headers)
        headers.set('content-length', String(length))
        return new Request(URL_, { method: 'POST', headers, body })
      }
      expect((await handleWebhook(at(5 * 1024 * 1024 + 1), spies().options)).status).toBe(413)
      // A declared length within the limit goes on to the real body, which is authentic.
      expect((await handleWebhook(at(5 * 1024 * 1024), spies().options)).status).toBe(200)
    })
  })

  describe('other methods and misuse', () => {
    it.each(['PUT', 'DELETE', 'PATCH', 'OPTIONS'])('%s → 405 with Allow: GET, POST', async (method) => {
      const { options } = spies()
      const r = await handleWebhook(
        new Request(URL_, { method, ...(method === 'PUT' || method === 'PATCH' ? { body: '{}' } : {}) }),
        options,
      )
      await expectText(r, 405, 'use GET (handshake) or POST (events)')
      expect(r.headers.get('allow')).toBe('GET, POST')
      expect(options.onEvents).not.toHaveBeenCalled()
    })

    it('500 with a hint when the request body was already read', async () => {
      const request = await signedRequest(URL_, fixtureBytes('messenger/message.text.json'), SECRET)
      await request.text()
      const { options } = spies()
      await expectText(
        await handleWebhook(request, options),
        500,
        'the request body was already read before handleWebhook: pass the untouched request',
      )
      expect(options.onEvents).not.toHaveBeenCalled()
    })

    it('500 with the same hint when middleware locked the body stream by peeking at it', async () => {
      const request = await signedRequest(URL_, fixtureBytes('messenger/message.text.json'), SECRET)
      request.body?.getReader()
      const { options } = spies()
      await expectText(
        await handleWebhook(request, options),
        500,
        'the request body was already read before handleWebhook: pass the untouched request',
      )
      expect(options.onEvents).not.toHaveBeenCalled()
    })

    it('400 (not a rejection) when the body stream fails part-way, e.g. the client disconnects', async () => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"object":'))
          controller.error(new Error('socket hang up'))
        },
      })
      const request = new Request(URL_, { method: 'POST', body, duplex: 'half' } as RequestInit)
      const { options } = spies()
      await expectText(await handleWebhook(request, options), 400, 'the request body could not be read')
      expect(options.onEvents).not.toHaveBeenCalled()
    })
  })
})

describe('signedRequest', () => {
  it('builds a POST with a JSON content type and both signature headers of the body', async () => {
    const body = readFixtureText('messenger/message.text.json')
    const request = await signedRequest(URL_, body, SECRET)
    const headers = await signPayload(body, SECRET)
    expect(request.method).toBe('POST')
    expect(request.url).toBe(URL_)
    expect(request.headers.get('content-type')).toBe('application/json')
    expect(request.headers.get('x-hub-signature-256')).toBe(headers['X-Hub-Signature-256'])
    expect(request.headers.get('x-hub-signature')).toBe(headers['X-Hub-Signature'])
    expect(await request.text()).toBe(body)
  })

  it('keeps a content type and other headers given in init, and forces POST', async () => {
    const request = await signedRequest(URL_, '{}', SECRET, {
      method: 'PUT',
      headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'abc' },
    })
    expect(request.method).toBe('POST')
    expect(request.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(request.headers.get('x-request-id')).toBe('abc')
  })

  it('signs bytes as given, so a body that is not UTF-8 still verifies', async () => {
    const bytes = new Uint8Array([0x7b, 0xff, 0x7d])
    const { options, unusable } = spies()
    expect((await handleWebhookWeb(await signedRequest(URL_, bytes, SECRET), options)).status).toBe(200)
    expect(unusable[0]?.reason).toBe('encoding')
  })

  it('rejects with a TypeError for an empty secret', async () => {
    await expect(signedRequest(URL_, '{}', '')).rejects.toThrow(TypeError)
  })
})
