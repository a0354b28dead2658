import { describe, expect, it } from 'vitest'
import { LegacyPolicyEnforcementItem, PolicyEnforcement, PolicyEnforcementItem } from '../../src/index.js'
import { AT, body, decode, fixture, itemOf, narrow, PAGE_ID, person, soleEvent, soleInvalid } from './helpers.js'

const toPage = { recipient: { id: PAGE_ID }, timestamp: 1458692752478 }
const block = { ...toPage, policy_enforcement: { action: 'block', reason: 'spam' } }
const hyphenated = { ...toPage, 'policy-enforcement': { action: 'unblock' } }

describe('policy_enforcement', () => {
  describe('decodes each documented variant', () => {
    it('decodes a block with its reason, on an item without sender', () => {
      const b = fixture('messenger/policy_enforcement.block.json')
      const e = soleEvent(b, 'policy_enforcement')
      expect(e.policy_enforcement.action).toBe('block')
      expect(e.policy_enforcement.reason).toBe(
        'The bot violated our Platform Policies (https://developers.facebook.com/devpolicy/#messengerplatform). Common violations include sending out excessive spammy messages or being non-functional.',
      )
      expect(e.sender).toBeUndefined()
      expect(e.recipient).toEqual({ id: PAGE_ID })
      expect(e.timestamp).toBe(1458692752478)
      expect(e.entry).toEqual({ id: PAGE_ID, time: 1458692752600, index: 0 })
      expect(e.raw).toBe(itemOf(b))
    })

    it('decodes a warning', () => {
      const e = soleEvent(fixture('messenger/policy_enforcement.warning.json'), 'policy_enforcement')
      expect(e.policy_enforcement).toEqual({
        action: 'warning',
        reason: 'Your bot has been reported for sending unsolicited messages.',
      })
    })

    it('decodes the 2018 key "policy-enforcement" to event.policy_enforcement; raw keeps the hyphen', () => {
      const b = fixture('messenger/policy_enforcement.hyphenated-unblock.json')
      const e = soleEvent(b, 'policy_enforcement')
      expect(e.policy_enforcement).toEqual({ action: 'unblock' })
      expect(e.policy_enforcement.reason).toBeUndefined()
      expect('policy-enforcement' in e).toBe(false)
      expect(e.raw).toBe(itemOf(b))
      expect(Object.keys(e.raw)).toContain('policy-enforcement')
      expect(Object.keys(e.raw)).not.toContain('policy_enforcement')
    })

    it('decodes both spellings in one body to the same shape', () => {
      const d = decode(body([block, hyphenated]))
      expect(d.events.map((e) => narrow(e, 'policy_enforcement').policy_enforcement.action)).toEqual([
        'block',
        'unblock',
      ])
    })

    it('accepts a sender when one is present', () => {
      const e = soleEvent(body([{ ...block, sender: { id: '1' } }]), 'policy_enforcement')
      expect(e.sender).toEqual({ id: '1' })
    })
  })

  describe('failures', () => {
    it('rejects an action outside warning | block | unblock and lists the allowed values', () => {
      const bad = soleInvalid(fixture('invalid/policy_enforcement.bad-action.json'))
      expect(bad.type).toBe('policy_enforcement')
      expect(bad.path).toBe(`${AT}.policy_enforcement.action`)
      expect(bad.message).toBe(
        `${AT}.policy_enforcement.action: expected one of "warning", "block", "unblock", got the string "ban"`,
      )
    })

    it('rejects a bad action under the hyphenated key, at the hyphenated path', () => {
      const bad = soleInvalid(body([{ ...toPage, 'policy-enforcement': { action: 'ban' } }]))
      expect(bad.type).toBe('policy_enforcement')
      expect(bad.path).toBe(`${AT}.policy-enforcement.action`)
      expect(bad.message).toBe(
        `${AT}.policy-enforcement.action: expected one of "warning", "block", "unblock", got the string "ban"`,
      )
    })

    it.each([
      [
        'action is missing',
        { reason: 'spam' },
        'policy_enforcement.action',
        'missing required property "action" (PolicyEnforcementAction)',
      ],
      [
        'reason is a number',
        { action: 'warning', reason: 1 },
        'policy_enforcement.reason',
        'expected a string, got number 1',
      ],
      [
        'policy_enforcement is a string',
        'block',
        'policy_enforcement',
        'expected an object (PolicyEnforcement), got the string "block"',
      ],
    ])('rejects a policy_enforcement where %s', (_case, policy_enforcement, path, message) => {
      const bad = soleInvalid(body([{ ...toPage, policy_enforcement }]))
      expect(bad.path).toBe(`${AT}.${path}`)
      expect(bad.message).toBe(`${AT}.${path}: ${message}`)
    })

    it('rejects an item without recipient even though sender is optional', () => {
      const bad = soleInvalid(body([{ timestamp: 1, policy_enforcement: { action: 'block' } }]))
      expect(bad.message).toBe(`${AT}.recipient: missing required property "recipient" (Recipient)`)
    })

    it('does not let a bad notice affect a valid neighbour in the same body', () => {
      const badItem = { ...toPage, policy_enforcement: { action: 'ban' } }
      const d = decode(body([hyphenated, badItem, { ...person, read: { watermark: 1 } }]))
      expect(d.events.map((e) => e.type)).toEqual(['policy_enforcement', 'read'])
      expect(narrow(d.events[0], 'policy_enforcement').raw).toBe(hyphenated)
      expect(d.invalid.map((i) => i.itemPath)).toEqual(['entry[0].messaging[1]'])
    })
  })

  describe('codecs', () => {
    it('guard both spellings', () => {
      expect(PolicyEnforcement.is({ action: 'unblock' })).toBe(true)
      expect(PolicyEnforcement.is({ action: 'ban' })).toBe(false)
      expect(PolicyEnforcementItem.is(block)).toBe(true)
      expect(LegacyPolicyEnforcementItem.is(hyphenated)).toBe(true)
      expect(LegacyPolicyEnforcementItem.is(block)).toBe(false)
    })
  })
})
