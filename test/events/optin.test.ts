import { describe, expect, it } from 'vitest'
import { Optin, OptinItem } from '../../src/index.js'
import { AT, body, decode, fixture, itemOf, narrow, PAGE_ID, PSID, person, soleEvent, soleInvalid } from './helpers.js'

const otn = { ...person, optin: { type: 'one_time_notif_req', payload: 'NOTIFY', one_time_notif_token: 'OTN_1' } }

describe('optin', () => {
  describe('decodes each documented variant', () => {
    it('decodes a Marketing Messages opt-in (notification_messages)', () => {
      const b = fixture('messenger/optin.notification-messages.json')
      const e = soleEvent(b, 'optin')
      expect(e.optin).toEqual({
        type: 'notification_messages',
        payload: 'WEEKLY_DEALS',
        notification_messages_token: 'AbCdEfGhIjKlMnOpQrStUvWx',
        notification_messages_timezone: 'Europe/Berlin',
        notification_messages_frequency: 'WEEKLY',
        token_expiry_timestamp: 1733000000000,
        user_token_status: 'NOT_REFRESHED',
        title: 'Weekly deals',
      })
      expect(e.sender).toEqual({ id: PSID })
      expect(e.entry).toEqual({ id: PAGE_ID, time: 1718003000123, index: 0 })
      expect(e.raw).toBe(itemOf(b))
    })

    it('decodes a stop-notifications opt-in, whose status contains a space', () => {
      const e = soleEvent(fixture('messenger/optin.stop-notifications.json'), 'optin')
      expect(e.optin.notification_messages_status).toBe('STOP NOTIFICATIONS')
    })

    it('decodes a checkbox-plugin opt-in, which has no sender', () => {
      const b = fixture('messenger/optin.checkbox-plugin.json')
      const e = soleEvent(b, 'optin')
      expect(e.sender).toBeUndefined()
      expect('sender' in e).toBe(false)
      expect(e.recipient).toEqual({ id: PAGE_ID })
      expect(e.optin).toEqual({ ref: 'PASS_THROUGH_PARAM', user_ref: 'REF_FROM_CHECKBOX_PLUGIN' })
      expect(e.raw).toBe(itemOf(b))
    })

    it('decodes a one-time notification opt-in', () => {
      const e = soleEvent(fixture('messenger/optin.one-time-notif.json'), 'optin')
      expect(e.optin).toEqual({
        type: 'one_time_notif_req',
        payload: 'NOTIFY_BACK_IN_STOCK',
        one_time_notif_token: 'OTN_TOKEN_abc123',
      })
    })

    it('decodes a Send to Messenger plugin opt-in: ref only, sender present', () => {
      const e = soleEvent(fixture('messenger/optin.plugin-ref.json'), 'optin')
      expect(e.optin).toEqual({ ref: 'SEND_TO_MESSENGER_DATA_REF' })
      expect(e.optin.type).toBeUndefined()
      expect(e.sender).toEqual({ id: PSID })
    })

    it('decodes a customer-matching message request accepted inside optin', () => {
      const e = soleEvent(fixture('messenger/optin.message-request.json'), 'optin')
      expect(e.optin).toEqual({ message_request: 'accept' })
    })
  })

  describe('open sets stay open', () => {
    it('decodes an unknown optin type and keeps its unknown fields', () => {
      const e = soleEvent(fixture('messenger/optin.unknown-type.json'), 'optin')
      expect(e.optin.type).toBe('birthday_reminders')
      expect(e.optin.payload).toBe('BDAY')
      expect((e.optin as { reminder_token?: unknown }).reminder_token).toBe('RMD_TOKEN_xyz')
    })

    it('keeps an unknown user_token_status', () => {
      const e = soleEvent(
        body([{ ...person, optin: { type: 'notification_messages', user_token_status: 'EXPIRED' } }]),
        'optin',
      )
      expect(e.optin.user_token_status).toBe('EXPIRED')
    })
  })

  describe('normalisation', () => {
    it('decodes token_expiry_timestamp sent as a numeric string to a number; raw keeps the string', () => {
      const item = { ...person, optin: { type: 'notification_messages', token_expiry_timestamp: '1733000000000' } }
      const e = soleEvent(body([item]), 'optin')
      expect(e.optin.token_expiry_timestamp).toBe(1733000000000)
      expect(e.raw).toBe(item)
      expect(item.optin.token_expiry_timestamp).toBe('1733000000000')
    })
  })

  describe('failures', () => {
    it.each([
      ['the type is a number', { type: 5 }, 'optin.type', 'expected a string (OptinType), got number 5'],
      [
        'the user_ref is a boolean',
        { ref: 'R', user_ref: true },
        'optin.user_ref',
        'expected an ID (a string or a whole number), got boolean true',
      ],
      [
        'token_expiry_timestamp is not numeric',
        { token_expiry_timestamp: 'soon' },
        'optin.token_expiry_timestamp',
        'expected a number (or a numeric string), got the string "soon"',
      ],
      [
        'the status is a boolean',
        { notification_messages_status: false },
        'optin.notification_messages_status',
        'expected a string (NotificationStatus), got boolean false',
      ],
      ['the optin is an array', ['R'], 'optin', 'expected an object (Optin), got an array of 1'],
    ])('rejects an optin where %s', (_case, optin, path, message) => {
      const bad = soleInvalid(body([{ ...person, optin }]))
      expect(bad.type).toBe('optin')
      expect(bad.path).toBe(`${AT}.${path}`)
      expect(bad.message).toBe(`${AT}.${path}: ${message}`)
    })

    it('does not let a bad optin affect a valid neighbour in the same body', () => {
      const badItem = { ...person, optin: { type: 5 } }
      const d = decode(body([badItem, otn]))
      expect(narrow(d.events[0], 'optin').raw).toBe(otn)
      expect(d.events).toHaveLength(1)
      expect(d.invalid.map((i) => i.path)).toEqual([`${AT}.optin.type`])
    })
  })

  describe('codecs', () => {
    it('Optin.is accepts every variant, since every field is optional', () => {
      expect(Optin.is({ type: 'one_time_notif_req', payload: 'X', one_time_notif_token: 'T' })).toBe(true)
      expect(Optin.is({})).toBe(true)
      expect(Optin.is({ type: 1 })).toBe(false)
    })

    it('OptinItem.is accepts an item without sender', () => {
      expect(OptinItem.is({ recipient: { id: '2' }, timestamp: 1, optin: { ref: 'R', user_ref: 'U' } })).toBe(true)
    })
  })
})
