import { describe, expect, it } from 'vitest'
import { Postback, PostbackItem } from '../../src/index.js'
import {
  AT,
  body,
  decode,
  expectDocumentedMissing,
  fixture,
  IG_ACCOUNT_ID,
  itemOf,
  narrow,
  PAGE_ID,
  PSID,
  person,
  soleEvent,
  soleInvalid,
} from './helpers.js'

const getStarted = { ...person, postback: { title: 'Get Started', payload: 'GET_STARTED' } }

describe('postback', () => {
  describe('decodes each documented variant', () => {
    it('decodes a Get Started postback with its m.me referral', () => {
      const b = fixture('messenger/postback.referral.json')
      const e = soleEvent(b, 'postback')
      expect(e.postback).toEqual({
        mid: 'm_Postback0001',
        title: 'Get Started',
        payload: 'GET_STARTED',
        referral: { ref: 'spring-campaign', source: 'SHORTLINK', type: 'OPEN_THREAD' },
      })
      expect(e.sender).toEqual({ id: PSID })
      expect(e.recipient).toEqual({ id: PAGE_ID })
      expect(e.timestamp).toBe(1522222894827)
      expect(e.entry).toEqual({ id: PAGE_ID, time: 1522222895000, index: 0 })
      expect(e.raw).toBe(itemOf(b))
    })

    it('decodes the first postback after a Click-to-Messenger ad', () => {
      const e = soleEvent(fixture('messenger/postback.ad-referral.json'), 'postback')
      expect(e.postback.referral?.source).toBe('ADS')
      expect(e.postback.referral?.ad_id).toBe('23850000000000001')
      expect(e.postback.referral?.ads_context_data).toEqual({
        ad_title: 'Summer sale',
        photo_url: 'https://scontent.xx.fbcdn.net/v/ad-photo.jpg',
      })
    })

    it('decodes a standby copy for a non-owner app, which has no payload', () => {
      const b = fixture('messenger/postback.standby-no-payload.json')
      const e = soleEvent(b, 'postback')
      expect(e.channel).toBe('standby')
      expect(e.path).toBe('entry[0].standby[0]')
      expect(e.postback).toEqual({ title: 'Get Started' })
      expect(e.postback.payload).toBeUndefined()
      expect(e.raw).toBe(itemOf(b, 'standby'))
    })

    it('decodes a Chat Plugin postback whose sender is a user_ref', () => {
      const e = soleEvent(fixture('messenger/postback.user-ref.json'), 'postback')
      expect(e.sender).toEqual({ user_ref: 'USER_REF_FROM_CHAT_PLUGIN' })
      expect('id' in e.sender).toBe(false)
      expect(e.postback.payload).toBe('TALK_TO_SALES')
    })

    it('decodes a postback with the prior_message modifier', () => {
      const e = soleEvent(fixture('messenger/postback.prior-message.json'), 'postback')
      expect(e.prior_message).toEqual({ source: 'checkbox_plugin', identifier: 'CHECKBOX_USER_REF_123' })
      expect(e.postback).toEqual({ title: 'Track my order', payload: 'TRACK_ORDER' })
    })

    it('decodes an Instagram icebreaker reached through ig.me (source SHORTLINKS)', () => {
      const e = soleEvent(fixture('instagram/postback.icebreaker.json'), 'postback')
      expect(e.platform).toBe('instagram')
      expect(e.entry.id).toBe(IG_ACCOUNT_ID)
      expect(e.postback.mid).toBe('aWdf_postback')
      expect(e.postback.title).toBe('What are your opening hours?')
      expect(e.postback.referral).toEqual({ ref: 'bio_link', source: 'SHORTLINKS', type: 'OPEN_THREAD' })
    })
  })

  describe('classification', () => {
    it('classifies a postback carrying postback.referral as a postback, not a referral', () => {
      expect(soleEvent(fixture('messenger/postback.referral.json'), 'postback').type).toBe('postback')
    })

    it('classifies an item with postback and a referral next to it as a postback', () => {
      const item = { ...getStarted, referral: { ref: 'r', source: 'SHORTLINK', type: 'OPEN_THREAD' } }
      const e = soleEvent(body([item]), 'postback')
      expect(e.postback.title).toBe('Get Started')
      expect(e.raw).toBe(item)
    })
  })

  describe('normalisation', () => {
    it('decodes a numeric-string timestamp and a numeric referral ad_id; raw keeps them', () => {
      const item = {
        ...person,
        timestamp: '1527459824',
        postback: { title: 'Go', referral: { source: 'ADS', type: 'OPEN_THREAD', ad_id: 23850000000000 } },
      }
      const e = soleEvent(body([item]), 'postback')
      expect(e.timestamp).toBe(1527459824)
      expect(e.postback.referral?.ad_id).toBe('23850000000000')
      expect(e.raw).toBe(item)
      expect(item.postback.referral.ad_id).toBe(23850000000000)
    })
  })

  describe('failures', () => {
    it("accepts a postback without title (Meta's earlier documentation); strict mode says title is documented as required", () => {
      const e = expectDocumentedMissing(fixture('strict/postback.no-title.json'), 'postback', `${AT}.postback.title`)
      expect(e.postback).toEqual({ payload: 'GET_STARTED', mid: 'm_Bad0006' })
      expect(e.postback.title).toBeUndefined()
    })

    it.each([
      ['the title is a number', { title: 1 }, 'postback.title', 'expected a string, got number 1'],
      [
        'the payload is an object',
        { title: 'Go', payload: { a: 1 } },
        'postback.payload',
        'expected a string, got an object',
      ],
      ['the mid is a number', { title: 'Go', mid: 9 }, 'postback.mid', 'expected a string, got number 9'],
      [
        'the referral ref is a number',
        { title: 'Go', referral: { ref: 5 } },
        'postback.referral.ref',
        'expected a string, got number 5',
      ],
      [
        'the postback is a string',
        'GET_STARTED',
        'postback',
        'expected an object (Postback), got the string "GET_STARTED"',
      ],
    ])('rejects a postback where %s', (_case, postback, path, message) => {
      const bad = soleInvalid(body([{ ...person, postback }]))
      expect(bad.path).toBe(`${AT}.${path}`)
      expect(bad.message).toBe(`${AT}.${path}: ${message}`)
    })

    it('rejects a sender with neither id nor user_ref', () => {
      const bad = soleInvalid(body([{ ...getStarted, sender: {} }]))
      expect(bad.message).toBe(`${AT}.sender.id: missing required property "id" (Id)`)
    })

    it('decodes a user_ref written as a number to its digits, like any ID', () => {
      const e = soleEvent(fixture('messenger/postback.chat-plugin-numeric-user-ref.json'), 'postback')
      expect(e.sender).toEqual({ user_ref: '987650000123' })
      expect(decode(fixture('messenger/postback.chat-plugin-numeric-user-ref.json'), { strict: true }).invalid).toEqual(
        [],
      )
    })

    it('rejects a user_ref sender whose user_ref is neither a string nor a whole number', () => {
      for (const [user_ref, got] of [
        [true, 'boolean true'],
        [-7, 'number -7'],
      ] as const) {
        const bad = soleInvalid(body([{ ...getStarted, sender: { user_ref } }]))
        expect(bad.path).toBe(`${AT}.sender.user_ref`)
        expect(bad.message).toContain(got)
      }
    })

    it('does not let a bad postback affect a valid neighbour in the same body', () => {
      const badItem = { ...person, postback: { title: 7, payload: 'GET_STARTED' } }
      const d = decode(body([getStarted, badItem], { channel: 'standby' }))
      expect(narrow(d.events[0], 'postback').raw).toBe(getStarted)
      expect(d.events).toHaveLength(1)
      expect(d.invalid.map((i) => [i.channel, i.path])).toEqual([['standby', 'entry[0].standby[1].postback.title']])
    })
  })

  describe('codecs', () => {
    it('Postback.is takes a title or a payload alone, and refuses a title that is no string', () => {
      expect(Postback.is({ title: 'Get Started', payload: 'GET_STARTED' })).toBe(true)
      expect(Postback.is({ title: 'Get Started' })).toBe(true)
      expect(Postback.is({ payload: 'GET_STARTED' })).toBe(true)
      expect(Postback.is({ title: 1, payload: 'GET_STARTED' })).toBe(false)
    })

    it('PostbackItem.is accepts a user_ref sender', () => {
      expect(PostbackItem.is({ ...getStarted, sender: { user_ref: 'u' } })).toBe(true)
    })
  })
})
