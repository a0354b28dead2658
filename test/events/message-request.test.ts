import { describe, expect, it } from 'vitest'
import { MessageRequestItem } from '../../src/index.js'
import { AT, body, decode, fixture, itemOf, narrow, PAGE_ID, PSID, person, soleEvent, soleInvalid } from './helpers.js'

const accept = { ...person, message_request: 'accept' }

describe('message_request', () => {
  it('decodes the legacy top-level "message_request": "accept"', () => {
    const b = fixture('messenger/message_request.accept.json')
    const e = soleEvent(b, 'message_request')
    expect(e.message_request).toBe('accept')
    expect(e.sender).toEqual({ id: PSID })
    expect(e.recipient).toEqual({ id: PAGE_ID })
    expect(e.timestamp).toBe(1457764197627)
    expect(e.entry).toEqual({ id: PAGE_ID, time: 1457764197700, index: 0 })
    expect(e.raw).toBe(itemOf(b))
  })

  it('keeps a value other than "accept" (open set)', () => {
    expect(soleEvent(body([{ ...person, message_request: 'decline' }]), 'message_request').message_request).toBe(
      'decline',
    )
  })

  it('classifies message_request inside optin as an optin, not a message_request', () => {
    expect(soleEvent(fixture('messenger/optin.message-request.json'), 'optin').optin.message_request).toBe('accept')
  })

  it.each([
    ['a number', 1, 'expected a string (MessageRequest), got number 1'],
    ['an object', { status: 'accept' }, 'expected a string (MessageRequest), got an object'],
  ])('rejects a message_request that is %s', (_case, message_request, message) => {
    const bad = soleInvalid(body([{ ...person, message_request }]))
    expect(bad.type).toBe('message_request')
    expect(bad.path).toBe(`${AT}.message_request`)
    expect(bad.message).toBe(`${AT}.message_request: ${message}`)
  })

  it('does not let a bad message_request affect a valid neighbour in the same body', () => {
    const d = decode(body([{ ...person, message_request: null }, accept]))
    expect(narrow(d.events[0], 'message_request').raw).toBe(accept)
    expect(d.events).toHaveLength(1)
    expect(d.invalid.map((i) => i.path)).toEqual([`${AT}.message_request`])
  })

  it('MessageRequestItem.is accepts the accept item', () => {
    expect(MessageRequestItem.is(accept)).toBe(true)
    expect(MessageRequestItem.is({ ...accept, message_request: true })).toBe(false)
  })
})
