import { describe, expect, it } from 'vitest'
import { AppRoles, PassThreadControl, RequestThreadControl, TakeThreadControl } from '../../src/index.js'
import {
  APP_ID,
  AT,
  body,
  decode,
  fixture,
  itemOf,
  narrow,
  PAGE_ID,
  PAGE_INBOX_APP_ID,
  PSID,
  person,
  soleEvent,
  soleInvalid,
} from './helpers.js'

const pass = { ...person, pass_thread_control: { new_owner_app_id: APP_ID, previous_owner_app_id: null } }

describe('handover', () => {
  describe('pass_thread_control', () => {
    it('decodes a thread passed from idle: previous_owner_app_id is null', () => {
      const b = fixture('messenger/pass_thread_control.idle.json')
      const e = soleEvent(b, 'pass_thread_control')
      expect(e.pass_thread_control).toEqual({
        previous_owner_app_id: null,
        new_owner_app_id: APP_ID,
        metadata: 'escalated by bot',
      })
      expect(e.sender).toEqual({ id: PSID })
      expect(e.recipient).toEqual({ id: PAGE_ID })
      expect(e.entry).toEqual({ id: PAGE_ID, time: 1458692752600, index: 0 })
      expect(e.raw).toBe(itemOf(b))
    })

    it('decodes a pre-2021 pass without previous_owner_app_id', () => {
      const e = soleEvent(fixture('messenger/pass_thread_control.legacy.json'), 'pass_thread_control')
      expect(e.pass_thread_control.previous_owner_app_id).toBeUndefined()
      expect(e.pass_thread_control.new_owner_app_id).toBe(APP_ID)
    })

    it('decodes a pass whose sender is a Chat Plugin user_ref', () => {
      const e = soleEvent(body([{ ...pass, sender: { user_ref: 'USER_REF' } }]), 'pass_thread_control')
      expect(e.sender).toEqual({ user_ref: 'USER_REF' })
    })

    it('decodes numeric app ids to strings; raw keeps the numbers', () => {
      const item = {
        ...person,
        pass_thread_control: { new_owner_app_id: 1517776481860111, previous_owner_app_id: 263902037430900 },
      }
      const e = soleEvent(body([item]), 'pass_thread_control')
      expect(e.pass_thread_control.new_owner_app_id).toBe(APP_ID)
      expect(e.pass_thread_control.previous_owner_app_id).toBe(PAGE_INBOX_APP_ID)
      expect(e.raw).toBe(item)
      expect(item.pass_thread_control.new_owner_app_id).toBe(1517776481860111)
    })

    it.each([
      [
        'new_owner_app_id is missing',
        { previous_owner_app_id: null },
        'pass_thread_control.new_owner_app_id',
        'missing required property "new_owner_app_id" (Id)',
      ],
      [
        'new_owner_app_id is a boolean',
        { new_owner_app_id: false },
        'pass_thread_control.new_owner_app_id',
        'expected an ID (a string or a whole number), got boolean false',
      ],
      [
        'previous_owner_app_id is an object',
        { new_owner_app_id: '1', previous_owner_app_id: {} },
        'pass_thread_control.previous_owner_app_id',
        'expected an ID (a string or a whole number), got an object',
      ],
      [
        'metadata is a number',
        { new_owner_app_id: '1', metadata: 2 },
        'pass_thread_control.metadata',
        'expected a string, got number 2',
      ],
    ])('rejects a pass where %s', (_case, pass_thread_control, path, message) => {
      const bad = soleInvalid(body([{ ...person, pass_thread_control }]))
      expect(bad.type).toBe('pass_thread_control')
      expect(bad.path).toBe(`${AT}.${path}`)
      expect(bad.message).toBe(`${AT}.${path}: ${message}`)
    })
  })

  describe('take_thread_control', () => {
    it('decodes the Page Inbox taking the thread', () => {
      const b = fixture('messenger/take_thread_control.agent.json')
      const e = soleEvent(b, 'take_thread_control')
      expect(e.take_thread_control).toEqual({
        previous_owner_app_id: APP_ID,
        new_owner_app_id: PAGE_INBOX_APP_ID,
        metadata: 'agent took over',
      })
      expect(e.raw).toBe(itemOf(b))
    })

    it('decodes a take from an idle thread (previous_owner_app_id null) without new_owner_app_id', () => {
      const e = soleEvent(
        body([{ ...person, take_thread_control: { previous_owner_app_id: null } }]),
        'take_thread_control',
      )
      expect(e.take_thread_control.previous_owner_app_id).toBeNull()
      expect(e.take_thread_control.new_owner_app_id).toBeUndefined()
    })

    it('decodes a numeric previous_owner_app_id to a string', () => {
      const e = soleEvent(
        body([{ ...person, take_thread_control: { previous_owner_app_id: 1517776481860111 } }]),
        'take_thread_control',
      )
      expect(e.take_thread_control.previous_owner_app_id).toBe(APP_ID)
    })

    it('rejects a take without previous_owner_app_id (it may be null, not absent)', () => {
      const bad = soleInvalid(body([{ ...person, take_thread_control: { new_owner_app_id: PAGE_INBOX_APP_ID } }]))
      expect(bad.type).toBe('take_thread_control')
      expect(bad.message).toBe(
        `${AT}.take_thread_control.previous_owner_app_id: missing required property "previous_owner_app_id" (Id | null)`,
      )
    })
  })

  describe('request_thread_control', () => {
    it('decodes a Page Inbox request; the numeric requested_owner_app_id becomes a string, raw keeps the number', () => {
      const b = fixture('messenger/request_thread_control.page-inbox.json')
      const e = soleEvent(b, 'request_thread_control')
      expect(e.request_thread_control).toEqual({
        requested_owner_app_id: PAGE_INBOX_APP_ID,
        metadata: 'customer asked for a human',
      })
      expect(e.raw).toBe(itemOf(b))
      expect((itemOf(b).request_thread_control as { requested_owner_app_id: unknown }).requested_owner_app_id).toBe(
        263902037430900,
      )
    })

    it.each([
      [
        'requested_owner_app_id is missing',
        { metadata: 'm' },
        'missing required property "requested_owner_app_id" (Id)',
      ],
      [
        'requested_owner_app_id is negative',
        { requested_owner_app_id: -1 },
        'expected an ID (a string or a whole number), got number -1',
      ],
    ])('rejects a request where %s', (_case, request_thread_control, message) => {
      const bad = soleInvalid(body([{ ...person, request_thread_control }]))
      expect(bad.message).toBe(`${AT}.request_thread_control.requested_owner_app_id: ${message}`)
    })
  })

  describe('app_roles', () => {
    it('decodes the app id → roles map of an item that has no sender', () => {
      const b = fixture('messenger/app_roles.primary.json')
      const e = soleEvent(b, 'app_roles')
      expect(e.app_roles).toEqual({ [APP_ID]: ['primary_receiver'], [PAGE_INBOX_APP_ID]: ['secondary_receiver'] })
      expect(e.sender).toBeUndefined()
      expect(e.recipient).toEqual({ id: PAGE_ID })
      expect(e.raw).toBe(itemOf(b))
    })

    it('keeps roles outside the documented ones (open set)', () => {
      const item = { recipient: { id: PAGE_ID }, timestamp: 1, app_roles: { [APP_ID]: ['automation', 'moderator'] } }
      expect(soleEvent(body([item]), 'app_roles').app_roles[APP_ID]).toEqual(['automation', 'moderator'])
    })

    it.each([
      [
        'the roles are a string',
        { [APP_ID]: 'primary_receiver' },
        `app_roles["${APP_ID}"]`,
        'expected an array (AppRole[]), got the string "primary_receiver"',
      ],
      [
        'a role is a number',
        { [APP_ID]: ['primary_receiver', 1] },
        `app_roles["${APP_ID}"][1]`,
        'expected a string (AppRole), got number 1',
      ],
      ['app_roles is an array', ['primary_receiver'], 'app_roles', 'expected an object (AppRoles), got an array of 1'],
    ])('rejects app_roles where %s', (_case, app_roles, path, message) => {
      const bad = soleInvalid(body([{ recipient: { id: PAGE_ID }, timestamp: 1, app_roles }]))
      expect(bad.type).toBe('app_roles')
      expect(bad.path).toBe(`${AT}.${path}`)
      expect(bad.message).toBe(`${AT}.${path}: ${message}`)
    })
  })

  it('does not let a bad handover item affect a valid neighbour in the same body', () => {
    const badItem = { ...person, request_thread_control: {} }
    const d = decode(body([pass, badItem]))
    expect(narrow(d.events[0], 'pass_thread_control').raw).toBe(pass)
    expect(d.events).toHaveLength(1)
    expect(d.invalid.map((i) => [i.type, i.path])).toEqual([
      ['request_thread_control', 'entry[0].messaging[1].request_thread_control.requested_owner_app_id'],
    ])
  })

  describe('codecs', () => {
    it('guard each handover payload', () => {
      expect(PassThreadControl.is({ new_owner_app_id: APP_ID, previous_owner_app_id: null })).toBe(true)
      expect(PassThreadControl.is({ previous_owner_app_id: null })).toBe(false)
      expect(TakeThreadControl.is({ previous_owner_app_id: null })).toBe(true)
      expect(TakeThreadControl.is({ new_owner_app_id: APP_ID })).toBe(false)
      expect(AppRoles.is({ [APP_ID]: ['primary_receiver'] })).toBe(true)
      expect(AppRoles.is({ [APP_ID]: 'primary_receiver' })).toBe(false)
    })

    it('RequestThreadControl.decode turns the numeric app id into a string', () => {
      const r = RequestThreadControl.decode({ requested_owner_app_id: 263902037430900 })
      expect(r._tag === 'Right' && r.right).toEqual({ requested_owner_app_id: PAGE_INBOX_APP_ID })
    })
  })
})
