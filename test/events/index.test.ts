import { describe, expect, it } from 'vitest'
import { eventTypes, isEventType } from '../../src/index.js'
import { AT, body, decode, fixture, itemOf, person, soleEvent } from './helpers.js'

describe('the WebhookEvent union', () => {
  it('lists every event tag in the order the decoder probes item keys', () => {
    expect(eventTypes).toEqual([
      'message',
      'message_echo',
      'message_edit',
      'reaction',
      'delivery',
      'read',
      'postback',
      'referral',
      'optin',
      'message_request',
      'account_linking',
      'game_play',
      'pass_thread_control',
      'take_thread_control',
      'request_thread_control',
      'app_roles',
      'policy_enforcement',
      'messaging_feedback',
      'response_feedback',
      'send_cart',
      'payment',
      'checkout_update',
      'pre_checkout',
      'branded_camera',
      'change',
      'unknown',
    ])
  })

  it('isEventType narrows a mixed batch to one tag', () => {
    const d = decode(fixture('batch/mixed.json'))
    const postbacks = d.events.filter(isEventType('postback'))
    expect(postbacks.map((e) => e.postback.title)).toEqual(['Get Started', 'Talk to a human'])
    expect(d.events.filter(isEventType('message_echo')).map((e) => e.message.app_id)).toEqual(['1517776481860111'])
  })

  describe('unknown', () => {
    it('decodes an item with an unrecognised key (hop_context) as unknown, with the raw item only', () => {
      const b = fixture('messenger/unknown.hop-context.json')
      const e = soleEvent(b, 'unknown')
      expect(e.raw).toBe(itemOf(b))
      expect(Object.keys(e)).toEqual(['type', 'platform', 'channel', 'entry', 'index', 'path', 'raw'])
      expect(e.path).toBe(AT)
      expect(e.entry).toEqual({ id: '104857600000001', time: 1718003000123, index: 0 })
    })

    it('decodes an item with only sender, recipient and timestamp as unknown', () => {
      expect(soleEvent(body([{ ...person }]), 'unknown').raw).toEqual(person)
    })

    it('reports an unknown item as invalid in strict mode, listing its keys', () => {
      const d = decode(fixture('messenger/unknown.hop-context.json'), { strict: true })
      expect(d.events).toEqual([])
      expect(d.invalid.map((i) => [i.type, i.message])).toEqual([
        ['unknown', `${AT}: unknown event: no known event key (keys: hop_context) (strict mode)`],
      ])
    })
  })
})
