/**
 * `verifySubscription`: Meta's GET verification handshake (docs/handshake.md:
 * challenges JSON-quoted or sent with the wrong type are the common mistakes).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type SubscriptionQuery, type SubscriptionResponse, verifySubscription } from '../../src/index.js'

const TOKEN = 'my-verify-token'
const CHALLENGE = '1158201444'
const TEXT = { 'content-type': 'text/plain; charset=utf-8' }

function query(params: Record<string, string>): URLSearchParams {
  return new URLSearchParams(params)
}

const valid = { 'hub.mode': 'subscribe', 'hub.verify_token': TOKEN, 'hub.challenge': CHALLENGE }

function accepted(challenge: string): SubscriptionResponse {
  return { ok: true, status: 200, headers: TEXT, body: challenge }
}

describe('verifySubscription', () => {
  describe('accepts the handshake in every query form', () => {
    it.each<[string, SubscriptionQuery]>([
      ['URLSearchParams', query(valid)],
      ['URL (its searchParams)', new URL(`https://example.com/webhook?${query(valid)}`)],
      ['a plain object with dotted keys (Express/Fastify req.query)', { ...valid }],
      ['PHP-style underscored keys', { hub_mode: 'subscribe', hub_verify_token: TOKEN, hub_challenge: CHALLENGE }],
      [
        "Express's qs parser nesting (allowDots)",
        { hub: { mode: 'subscribe', verify_token: TOKEN, challenge: CHALLENGE } },
      ],
      [
        'repeated parameters as arrays (first value wins)',
        { 'hub.mode': ['subscribe', 'x'], 'hub.verify_token': [TOKEN], 'hub.challenge': [CHALLENGE, '9'] },
      ],
      [
        'PHP-style keys in URLSearchParams',
        query({ hub_mode: 'subscribe', hub_verify_token: TOKEN, hub_challenge: CHALLENGE }),
      ],
    ])('%s', (_, q) => {
      expect(verifySubscription(q, TOKEN)).toEqual(accepted(CHALLENGE))
    })

    it("reads Meta's exact request URL from the spec", () => {
      const url = new URL(
        'https://example.com/webhooks?hub.mode=subscribe&hub.verify_token=mytoken&hub.challenge=1158201444',
      )
      expect(verifySubscription(url, 'mytoken')).toEqual(accepted('1158201444'))
    })

    it('prefers hub.X over hub_X when both are present', () => {
      const q = { ...valid, hub_challenge: 'php', hub_verify_token: 'wrong' }
      expect(verifySubscription(q, TOKEN)).toEqual(accepted(CHALLENGE))
    })

    it('uses the first value of a repeated URLSearchParams parameter', () => {
      const q = new URLSearchParams(
        'hub.mode=subscribe&hub.verify_token=my-verify-token&hub.challenge=1&hub.challenge=2',
      )
      expect(verifySubscription(q, TOKEN)).toEqual(accepted('1'))
    })
  })

  describe('echoes the challenge verbatim as text/plain', () => {
    it('never JSON-quotes it: 1158201444 stays 1158201444', () => {
      const r = verifySubscription(query(valid), TOKEN)
      expect(r.body).toBe('1158201444')
      expect(r.body).not.toBe(JSON.stringify('1158201444'))
      expect(r.headers['content-type']).toMatch(/^text\/plain/)
    })

    it.each([
      ['leading zeros', '000123'],
      ['digits beyond 2^53', '123456789012345678901234567890'],
      ['spaces', 'a challenge with  spaces '],
      ['unicode', 'défi 😀 挑战'],
      ['quotes, as if already JSON', '"1158201444"'],
      ['JSON-looking text', '{"a":1}'],
      ['a plus sign and percent signs', 'a+b%20c'],
    ])('keeps %s unchanged', (_, challenge) => {
      const fromParams = verifySubscription(query({ ...valid, 'hub.challenge': challenge }), TOKEN)
      expect(fromParams).toEqual(accepted(challenge))
      // Through a URL's query string too, as Meta sends it.
      const url = new URL('https://example.com/webhook')
      url.searchParams.set('hub.mode', 'subscribe')
      url.searchParams.set('hub.verify_token', TOKEN)
      url.searchParams.set('hub.challenge', challenge)
      expect(verifySubscription(url, TOKEN)).toEqual(accepted(challenge))
    })

    it('law: any challenge string comes back unchanged', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'grapheme', minLength: 1 }), (challenge) => {
          expect(verifySubscription({ ...valid, 'hub.challenge': challenge }, TOKEN)).toEqual(accepted(challenge))
          expect(verifySubscription(query({ ...valid, 'hub.challenge': challenge }), TOKEN)).toEqual(
            accepted(challenge),
          )
        }),
      )
    })
  })

  describe('refusals, in order, each with its status', () => {
    function refused(r: SubscriptionResponse) {
      if (r.ok) throw new Error(`expected a refusal, got 200 ${r.body}`)
      expect(r.headers).toEqual(TEXT)
      return { reason: r.reason, status: r.status }
    }

    it('empty_verify_token (500) when the configured token is empty, even for an empty hub.verify_token', () => {
      expect(refused(verifySubscription(query(valid), ''))).toEqual({ reason: 'empty_verify_token', status: 500 })
      expect(refused(verifySubscription(query({ ...valid, 'hub.verify_token': '' }), ''))).toEqual({
        reason: 'empty_verify_token',
        status: 500,
      })
      expect(refused(verifySubscription(query(valid), undefined as unknown as string)).status).toBe(500)
    })

    it('not_subscribe (400) for another or a missing hub.mode', () => {
      for (const mode of ['unsubscribe', 'Subscribe', 'subscribe ', '']) {
        expect(refused(verifySubscription(query({ ...valid, 'hub.mode': mode }), TOKEN))).toEqual({
          reason: 'not_subscribe',
          status: 400,
        })
      }
      const { 'hub.mode': _, ...noMode } = valid
      expect(refused(verifySubscription(noMode, TOKEN))).toEqual({ reason: 'not_subscribe', status: 400 })
    })

    it('missing_token (403) without hub.verify_token', () => {
      const { 'hub.verify_token': _, ...noToken } = valid
      expect(refused(verifySubscription(query(noToken), TOKEN))).toEqual({ reason: 'missing_token', status: 403 })
    })

    it('token_mismatch (403) for any other token: case, whitespace, prefix, extension, empty', () => {
      for (const token of ['MY-VERIFY-TOKEN', ` ${TOKEN}`, `${TOKEN}\n`, TOKEN.slice(0, -1), `${TOKEN}x`, '', 'x']) {
        expect(refused(verifySubscription(query({ ...valid, 'hub.verify_token': token }), TOKEN))).toEqual({
          reason: 'token_mismatch',
          status: 403,
        })
      }
    })

    it('compares tokens code unit by code unit: an unpaired surrogate equals only itself, not U+FFFD', () => {
      const fromPercentFF = query({ ...valid, 'hub.verify_token': '\ufffd' }) // what %FF decodes to
      expect(refused(verifySubscription(fromPercentFF, '\ud800')).reason).toBe('token_mismatch')
      expect(refused(verifySubscription(query({ ...valid, 'hub.verify_token': '\udc00' }), '\ud800')).reason).toBe(
        'token_mismatch',
      )
      expect(verifySubscription({ ...valid, 'hub.verify_token': 'a\ud800' }, 'a\ud800')).toEqual(accepted(CHALLENGE))
    })

    it('compares tokens as UTF-8 text, so a non-ASCII token matches only itself', () => {
      const token = 'jeton-é-😀'
      expect(verifySubscription(query({ ...valid, 'hub.verify_token': token }), token)).toEqual(accepted(CHALLENGE))
      expect(
        refused(verifySubscription(query({ ...valid, 'hub.verify_token': 'jeton-e\u0301-😀' }), token)).reason,
      ).toBe('token_mismatch')
    })

    it('missing_challenge (400) without hub.challenge, or with an empty one', () => {
      const { 'hub.challenge': _, ...noChallenge } = valid
      expect(refused(verifySubscription(query(noChallenge), TOKEN))).toEqual({
        reason: 'missing_challenge',
        status: 400,
      })
      expect(refused(verifySubscription(query({ ...valid, 'hub.challenge': '' }), TOKEN))).toEqual({
        reason: 'missing_challenge',
        status: 400,
      })
    })

    it('never echoes the token or the challenge in a refusal', () => {
      const secretToken = 'sensitive-token-value'
      const r = verifySubscription(query({ ...valid, 'hub.verify_token': secretToken }), TOKEN)
      expect(r.ok).toBe(false)
      expect(r.body).not.toContain(secretToken)
      expect(r.body).not.toContain(TOKEN)
      expect(r.body).not.toContain(CHALLENGE)
    })

    it('reads a query whose getter or Proxy trap throws as one without that parameter', () => {
      const throwing = {
        get 'hub.mode'(): string {
          throw new Error('boom')
        },
      }
      expect(refused(verifySubscription(throwing, TOKEN)).reason).toBe('not_subscribe')
      const trap = new Proxy(
        {},
        {
          get() {
            throw new Error('trap')
          },
        },
      )
      expect(refused(verifySubscription(trap, TOKEN)).reason).toBe('not_subscribe')
      const { proxy, revoke } = Proxy.revocable({}, {})
      revoke()
      expect(refused(verifySubscription(proxy, TOKEN)).reason).toBe('not_subscribe')
      const tokenThrows = {
        'hub.mode': 'subscribe',
        get 'hub.verify_token'(): string {
          throw new Error('boom')
        },
      }
      expect(refused(verifySubscription(tokenThrows, TOKEN)).reason).toBe('missing_token')
    })

    it('gives every answer its own headers: changing one changes no other', () => {
      const first = verifySubscription(query(valid), TOKEN)
      const refusal = verifySubscription({}, TOKEN)
      expect(first.headers).not.toBe(refusal.headers)
      ;(first.headers as Record<string, string>)['content-type'] = 'text/html'
      expect(verifySubscription(query({ ...valid, 'hub.challenge': '<img src=x>' }), TOKEN).headers).toEqual(TEXT)
      expect(verifySubscription({}, TOKEN).headers).toEqual(TEXT)
    })

    it('law: never throws and always answers one of its documented statuses, whatever the input', () => {
      fc.assert(
        fc.property(fc.anything({ withNullPrototype: true, withMap: true }), fc.anything(), (q, token) => {
          const r = verifySubscription(q as SubscriptionQuery, token as string)
          expect([200, 400, 403, 500]).toContain(r.status)
          expect(r.headers).toEqual(TEXT)
          expect(typeof r.body).toBe('string')
        }),
        { numRuns: 300 },
      )
    })
  })
})
