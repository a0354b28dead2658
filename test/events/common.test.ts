import { describe, expect, it } from 'vitest'
import { PriorMessage, Recipient, Sender, SenderId, SenderUserRef } from '../../src/index.js'
import {
  AT,
  body,
  decode,
  expectDocumentedMissing,
  fixture,
  itemOf,
  narrow,
  PAGE_ID,
  PSID,
  person,
  soleEvent,
  soleInvalid,
} from './helpers.js'

const message = { mid: 'm_Common0001', text: 'hi' }

describe('common item fields', () => {
  describe('sender and recipient', () => {
    it('decodes the 2016 numeric ids of sender, recipient and entry to strings; raw keeps the numbers', () => {
      const b = fixture('messenger/message.numeric-ids-2016.json')
      const e = soleEvent(b, 'message')
      expect(e.sender).toEqual({ id: PSID })
      expect(e.recipient).toEqual({ id: PAGE_ID })
      expect(e.entry.id).toBe(PAGE_ID)
      const raw = itemOf(b)
      expect(e.raw).toBe(raw)
      expect(raw.sender).toEqual({ id: 2400000000000001 })
      expect(raw.recipient).toEqual({ id: 104857600000001 })
    })

    it('accepts a sender.user_ref on postbacks, referrals and handover events', () => {
      const sender = { user_ref: 'USER_REF' }
      const d = decode(
        body([
          { ...person, sender, postback: { title: 'Go' } },
          { ...person, sender, referral: { source: 'CUSTOMER_CHAT_PLUGIN', type: 'OPEN_THREAD' } },
          { ...person, sender, take_thread_control: { previous_owner_app_id: null } },
        ]),
      )
      expect(d.invalid).toEqual([])
      expect(d.events.map((e) => e.type)).toEqual(['postback', 'referral', 'take_thread_control'])
      expect(narrow(d.events[1], 'referral').sender).toEqual(sender)
    })

    it('rejects a sender.user_ref on a message, which needs sender.id', () => {
      const bad = soleInvalid(body([{ ...person, sender: { user_ref: 'USER_REF' }, message }]))
      expect(bad.message).toBe(`${AT}.sender.id: missing required property "id" (Id)`)
    })

    it('decodes items that have no sender: app_roles, policy_enforcement and checkbox optin', () => {
      const noSender = { recipient: { id: PAGE_ID }, timestamp: 1458692752478 }
      const d = decode(
        body([
          { ...noSender, app_roles: { '1517776481860111': ['primary_receiver'] } },
          { ...noSender, policy_enforcement: { action: 'warning', reason: 'r' } },
          { ...noSender, optin: { ref: 'R', user_ref: 'U' } },
        ]),
      )
      expect(d.invalid).toEqual([])
      expect(d.events.map((e) => [e.type, 'sender' in e])).toEqual([
        ['app_roles', false],
        ['policy_enforcement', false],
        ['optin', false],
      ])
    })

    it('rejects a message without recipient', () => {
      const bad = soleInvalid(fixture('invalid/item.missing-recipient.json'))
      expect(bad.path).toBe(`${AT}.recipient`)
      expect(bad.message).toBe(`${AT}.recipient: missing required property "recipient" (Recipient)`)
    })

    it('rejects a message without sender (only app_roles, policy_enforcement and optin may omit it)', () => {
      const bad = soleInvalid(fixture('invalid/item.missing-sender.json'))
      expect(bad.path).toBe(`${AT}.sender`)
      expect(bad.message).toBe(`${AT}.sender: missing required property "sender" (Sender)`)
    })

    it('rejects a boolean recipient.id', () => {
      const bad = soleInvalid(fixture('invalid/item.recipient-id-boolean.json'))
      expect(bad.message).toBe(`${AT}.recipient.id: expected an ID (a string or a whole number), got boolean true`)
    })

    it('rejects an object sender.id', () => {
      const bad = soleInvalid(fixture('invalid/item.sender-id-object.json'))
      expect(bad.message).toBe(`${AT}.sender.id: expected an ID (a string or a whole number), got an object`)
    })

    it.each([
      ['a fraction', 2.5, 'number 2.5'],
      ['negative', -3, 'number -3'],
    ])('rejects a numeric sender.id that is %s', (_case, id, got) => {
      const bad = soleInvalid(body([{ ...person, sender: { id }, message }]))
      expect(bad.message).toBe(`${AT}.sender.id: expected an ID (a string or a whole number), got ${got}`)
    })

    it('rejects a sender that is a string', () => {
      const bad = soleInvalid(body([{ ...person, sender: PSID, message }]))
      expect(bad.message).toBe(`${AT}.sender: expected an object (Sender), got the string "${PSID}"`)
    })
  })

  describe('timestamp', () => {
    it('decodes a numeric-string timestamp to a number; raw keeps the string', () => {
      const b = fixture('messenger/message.numbers-as-strings.json')
      const e = soleEvent(b, 'message')
      expect(e.timestamp).toBe(1718002999876)
      expect(itemOf(b).timestamp).toBe('1718002999876')
    })

    it('rejects a timestamp that is not numeric', () => {
      const bad = soleInvalid(fixture('invalid/item.bad-timestamp.json'))
      expect(bad.message).toBe(`${AT}.timestamp: expected a number (or a numeric string), got the string "yesterday"`)
    })

    it('gives an item without timestamp the entry time, marked timestampFrom; strict mode says it is documented as required', () => {
      const e = expectDocumentedMissing(fixture('strict/message.no-timestamp.json'), 'message', `${AT}.timestamp`)
      expect(e.timestamp).toBe(e.entry.time)
      expect(e.timestampFrom).toBe('entry.time')
      expect(e.raw.timestamp).toBeUndefined()
      expect(soleEvent(fixture('messenger/message.text.json'), 'message').timestampFrom).toBeUndefined()
    })

    it('fills the timestamp of every kind that has one, and strict mode reports it where Meta documents it', () => {
      const { timestamp: _timestamp, ...noTimestamp } = person
      const items = [
        { ...noTimestamp, delivery: { watermark: 1 } },
        { ...noTimestamp, messaging_feedback: { feedback_screens: [] } },
        { ...noTimestamp, reaction: { mid: 'm', action: 'react' } },
        { ...noTimestamp, postback: { title: 'Go', payload: 'GO' } },
      ]
      const d = decode(body(items))
      expect(d.events.map((e) => e.type)).toEqual(['delivery', 'messaging_feedback', 'reaction', 'postback'])
      for (const e of d.events) {
        expect((e as { timestamp?: number }).timestamp).toBe(e.entry.time)
        expect((e as { timestampFrom?: string }).timestampFrom).toBe('entry.time')
      }
      // Meta's delivery and messaging_feedback examples have no item timestamp: not a deviation.
      expect(decode(body(items), { strict: true }).invalid.map((i) => i.path)).toEqual([
        'entry[0].messaging[2].timestamp',
        'entry[0].messaging[3].timestamp',
      ])
    })
  })

  describe('prior_message', () => {
    it('decodes the checkbox-plugin modifier on a message', () => {
      const e = soleEvent(fixture('messenger/message.prior-message.json'), 'message')
      expect(e.prior_message).toEqual({ source: 'checkbox_plugin', identifier: 'CHECKBOX_USER_REF_123' })
    })

    it('keeps an unknown prior_message source (open set)', () => {
      const prior_message = { source: 'some_new_plugin', identifier: 'X' }
      expect(soleEvent(body([{ ...person, message, prior_message }]), 'message').prior_message).toEqual(prior_message)
    })

    it('rejects a prior_message without identifier', () => {
      const bad = soleInvalid(body([{ ...person, message, prior_message: { source: 'checkbox_plugin' } }]))
      expect(bad.message).toBe(`${AT}.prior_message.identifier: missing required property "identifier" (string)`)
    })
  })

  it('does not let an item that is not an object affect its neighbours', () => {
    const b = fixture('invalid/item.not-an-object.json')
    const d = decode(b)
    expect(d.events.map((e) => [e.type, e.index])).toEqual([
      ['message', 0],
      ['read', 2],
    ])
    expect(d.events[1]?.raw).toBe(itemOf(b, 'messaging', 0, 2))
    const [bad] = d.invalid
    expect(bad?.type).toBeUndefined()
    expect(bad?.path).toBe('entry[0].messaging[1]')
    expect(bad?.message).toBe('entry[0].messaging[1]: expected a messaging item (an object), got number 42')
    expect(bad?.raw).toBe(42)
  })

  describe('codecs', () => {
    it('SenderId and Recipient accept string ids; decode turns a numeric id into a string', () => {
      expect(SenderId.is({ id: PSID })).toBe(true)
      expect(Recipient.is({ id: 104857600000001 })).toBe(false)
      const r = SenderId.decode({ id: 2400000000000001 })
      expect(r._tag === 'Right' && r.right).toEqual({ id: PSID })
    })

    it('Sender is { id } or { user_ref }', () => {
      expect(Sender.is({ id: PSID })).toBe(true)
      expect(Sender.is({ user_ref: 'abc' })).toBe(true)
      expect(Sender.is({})).toBe(false)
      expect(SenderUserRef.is({ user_ref: 'abc' })).toBe(true)
      const r = Sender.decode({ user_ref: 'abc' })
      expect(r._tag === 'Right' && r.right).toEqual({ user_ref: 'abc' })
    })

    it('PriorMessage needs source and identifier', () => {
      expect(PriorMessage.is({ source: 'checkbox_plugin', identifier: 'REF' })).toBe(true)
      expect(PriorMessage.is({ source: 'checkbox_plugin' })).toBe(false)
    })
  })
})

describe('null in an optional property', () => {
  it('reads as its absence: the event decodes without the key, raw keeps the null; strict mode reports it', () => {
    const b = fixture('strict/postback.chat-plugin-nulls.json')
    const e = soleEvent(b, 'postback')
    expect(e.postback.referral).toEqual({
      source: 'CUSTOMER_CHAT_PLUGIN',
      type: 'OPEN_THREAD',
      referer_uri: 'https://shop.example.com/help',
      is_guest_user: false,
    })
    expect('ref' in (e.postback.referral ?? {})).toBe(false)
    expect((itemOf(b).postback as { referral: { ref: unknown } }).referral.ref).toBeNull()
    const strict = decode(b, { strict: true })
    expect(strict.invalid.map((i) => i.message)).toEqual([
      `${AT}.postback.referral.ref: property "ref" is null in MessageReferral, where Meta documents a value (strict mode)`,
    ])
  })

  it('is still an error where the property is required, or where null is no absence (a list element)', () => {
    expect(soleInvalid(body([{ ...person, reaction: { mid: null, action: 'react' } }])).path).toBe(`${AT}.reaction.mid`)
    expect(soleInvalid(body([{ ...person, delivery: { mids: ['m', null], watermark: 1 } }])).path).toBe(
      `${AT}.delivery.mids[1]`,
    )
  })
})
