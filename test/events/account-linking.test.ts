import { describe, expect, it } from 'vitest'
import { AccountLinking, AccountLinkingItem } from '../../src/index.js'
import { AT, body, decode, fixture, itemOf, narrow, PAGE_ID, PSID, person, soleEvent, soleInvalid } from './helpers.js'

const unlinked = { ...person, account_linking: { status: 'unlinked' } }

describe('account_linking', () => {
  describe('decodes each documented variant', () => {
    it('decodes a linked account with its authorization code', () => {
      const b = fixture('messenger/account_linking.linked.json')
      const e = soleEvent(b, 'account_linking')
      expect(e.account_linking).toEqual({ status: 'linked', authorization_code: 'PASS_THROUGH_AUTHORIZATION_CODE' })
      expect(e.sender).toEqual({ id: PSID })
      expect(e.recipient).toEqual({ id: PAGE_ID })
      expect(e.timestamp).toBe(1234567890)
      expect(e.entry).toEqual({ id: PAGE_ID, time: 1234567891, index: 0 })
      expect(e.raw).toBe(itemOf(b))
    })

    it('decodes an unlinked account without authorization code', () => {
      const e = soleEvent(fixture('messenger/account_linking.unlinked.json'), 'account_linking')
      expect(e.account_linking.status).toBe('unlinked')
      expect(e.account_linking.authorization_code).toBeUndefined()
    })
  })

  describe('failures', () => {
    it('rejects a status outside linked | unlinked and lists the allowed values', () => {
      const bad = soleInvalid(fixture('invalid/account_linking.bad-status.json'))
      expect(bad.type).toBe('account_linking')
      expect(bad.path).toBe(`${AT}.account_linking.status`)
      expect(bad.message).toBe(
        `${AT}.account_linking.status: expected one of "linked", "unlinked", got the string "maybe"`,
      )
    })

    it.each([
      [
        'status is missing',
        { authorization_code: 'X' },
        'account_linking.status',
        'missing required property "status" (AccountLinkingStatus)',
      ],
      [
        'status is a boolean',
        { status: true },
        'account_linking.status',
        'expected one of "linked", "unlinked", got boolean true',
      ],
      [
        'the authorization code is a number',
        { status: 'linked', authorization_code: 1 },
        'account_linking.authorization_code',
        'expected a string, got number 1',
      ],
      [
        'account_linking is a string',
        'linked',
        'account_linking',
        'expected an object (AccountLinking), got the string "linked"',
      ],
    ])('rejects an account_linking where %s', (_case, account_linking, path, message) => {
      const bad = soleInvalid(body([{ ...person, account_linking }]))
      expect(bad.path).toBe(`${AT}.${path}`)
      expect(bad.message).toBe(`${AT}.${path}: ${message}`)
    })

    it('does not let a bad account_linking affect a valid neighbour in the same body', () => {
      const badItem = { ...person, account_linking: { status: 'maybe' } }
      const d = decode(body([unlinked, badItem]))
      expect(narrow(d.events[0], 'account_linking').raw).toBe(unlinked)
      expect(d.events).toHaveLength(1)
      expect(d.invalid.map((i) => i.path)).toEqual(['entry[0].messaging[1].account_linking.status'])
    })
  })

  describe('codecs', () => {
    it('AccountLinking.is accepts only the two statuses', () => {
      expect(AccountLinking.is({ status: 'unlinked' })).toBe(true)
      expect(AccountLinking.is({ status: 'linked', authorization_code: 'C' })).toBe(true)
      expect(AccountLinking.is({ status: 'maybe' })).toBe(false)
      expect(AccountLinkingItem.is(unlinked)).toBe(true)
    })
  })
})
