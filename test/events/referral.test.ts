import { describe, expect, it } from 'vitest'
import { AdsContextData, MessageReferral, Referral, ReferralItem } from '../../src/index.js'
import {
  AT,
  body,
  decode,
  expectDocumentedMissing,
  fixture,
  IG_ACCOUNT_ID,
  IGSID,
  itemOf,
  narrow,
  PAGE_ID,
  PSID,
  person,
  soleEvent,
  soleInvalid,
} from './helpers.js'

const shortlink = { ...person, referral: { ref: 'qr-store-berlin', source: 'SHORTLINK', type: 'OPEN_THREAD' } }

describe('referral', () => {
  describe('decodes each documented variant', () => {
    it('decodes an m.me link into an existing thread', () => {
      const b = fixture('messenger/referral.shortlink.json')
      const e = soleEvent(b, 'referral')
      expect(e.referral).toEqual({ ref: 'qr-store-berlin', source: 'SHORTLINK', type: 'OPEN_THREAD' })
      expect(e.sender).toEqual({ id: PSID })
      expect(e.recipient).toEqual({ id: PAGE_ID })
      expect(e.timestamp).toBe(1458692752478)
      expect(e.entry).toEqual({ id: PAGE_ID, time: 1458692752600, index: 0 })
      expect(e.raw).toBe(itemOf(b))
    })

    it('decodes an ad referral with ads_context_data', () => {
      const e = soleEvent(fixture('messenger/referral.ads.json'), 'referral')
      expect(e.referral.source).toBe('ADS')
      expect(e.referral.ad_id).toBe('23850000000000001')
      expect(e.referral.ads_context_data).toEqual({
        ad_title: 'Summer sale',
        photo_url: 'https://scontent.xx.fbcdn.net/v/ad-photo.jpg',
        post_id: '104857600000001_555',
      })
    })

    it('decodes a Chat Plugin referral: user_ref sender, referer_uri, is_guest_user "true" as true', () => {
      const e = soleEvent(fixture('messenger/referral.chat-plugin.json'), 'referral')
      expect(e.sender).toEqual({ user_ref: 'USER_REF_FROM_CHAT_PLUGIN' })
      expect(e.referral.source).toBe('CUSTOMER_CHAT_PLUGIN')
      expect(e.referral.referer_uri).toBe('https://www.example.com/pricing')
      expect(e.referral.is_guest_user).toBe(true)
      expect((e.raw.referral as { is_guest_user: unknown }).is_guest_user).toBe('true')
    })

    it('accepts is_guest_user as a boolean too', () => {
      const e = soleEvent(
        body([{ ...shortlink, referral: { ...shortlink.referral, is_guest_user: true } }]),
        'referral',
      )
      expect(e.referral.is_guest_user).toBe(true)
    })

    it('decodes a legacy Discover tab referral without ref', () => {
      const e = soleEvent(fixture('messenger/referral.discover-tab.json'), 'referral')
      expect(e.referral).toEqual({ source: 'DISCOVER_TAB', type: 'OPEN_THREAD' })
      expect(e.referral.ref).toBeUndefined()
    })

    it('decodes an Instagram ig.me referral (messaging_referral, source SHORTLINKS)', () => {
      const e = soleEvent(fixture('instagram/referral.shortlinks.json'), 'referral')
      expect(e.platform).toBe('instagram')
      expect(e.sender).toEqual({ id: IGSID })
      expect(e.recipient).toEqual({ id: IG_ACCOUNT_ID })
      expect(e.referral).toEqual({ ref: 'bio_link', source: 'SHORTLINKS', type: 'OPEN_THREAD' })
    })
  })

  describe('open sets stay open', () => {
    it.each(['STORY_MENTION', 'SHORT-URL', 'MESSENGER_CODE'])('keeps the source %s', (source) => {
      const e = soleEvent(body([{ ...shortlink, referral: { source, type: 'OPEN_THREAD' } }]), 'referral')
      expect(e.referral.source).toBe(source)
    })

    it('keeps an unknown referral type', () => {
      const e = soleEvent(body([{ ...shortlink, referral: { source: 'ADS', type: 'OPEN_PROFILE' } }]), 'referral')
      expect(e.referral.type).toBe('OPEN_PROFILE')
    })
  })

  describe('normalisation', () => {
    it('decodes a numeric ad_id to a string; raw keeps the number', () => {
      const item = { ...person, referral: { source: 'ADS', type: 'OPEN_THREAD', ad_id: 23850000000000 } }
      const e = soleEvent(body([item]), 'referral')
      expect(e.referral.ad_id).toBe('23850000000000')
      expect(e.raw).toBe(item)
      expect(item.referral.ad_id).toBe(23850000000000)
    })
  })

  describe('failures', () => {
    it.each([
      [
        'source is a number',
        { source: 1, type: 'OPEN_THREAD' },
        'referral.source',
        'expected a string (ReferralSource), got number 1',
      ],
      [
        'ref is a number',
        { source: 'ADS', type: 'OPEN_THREAD', ref: 7 },
        'referral.ref',
        'expected a string, got number 7',
      ],
      [
        'ad_title is a number',
        { source: 'ADS', type: 'OPEN_THREAD', ads_context_data: { ad_title: 1 } },
        'referral.ads_context_data.ad_title',
        'expected a string, got number 1',
      ],
      [
        'referer_uri is an object',
        { source: 'CUSTOMER_CHAT_PLUGIN', type: 'OPEN_THREAD', referer_uri: {} },
        'referral.referer_uri',
        'expected a string, got an object',
      ],
      [
        'the referral is a string',
        'SHORTLINK',
        'referral',
        'expected an object (Referral), got the string "SHORTLINK"',
      ],
    ])('rejects a referral where %s', (_case, referral, path, message) => {
      const bad = soleInvalid(body([{ ...person, referral }]))
      expect(bad.type).toBe('referral')
      expect(bad.path).toBe(`${AT}.${path}`)
      expect(bad.message).toBe(`${AT}.${path}: ${message}`)
    })

    it('rejects is_guest_user "false" with one issue at its path', () => {
      const bad = soleInvalid(body([{ ...shortlink, referral: { ...shortlink.referral, is_guest_user: 'false' } }]))
      expect(bad.issues).toEqual([
        { path: `${AT}.referral.is_guest_user`, message: 'expected a boolean (or "true"), got the string "false"' },
      ])
    })

    it.each([
      ['its ref only', { ref: 'summer-campaign' }, 'referral.source'],
      ['no type', { source: 'ADS', ref: 'r' }, 'referral.type'],
      ['no source', { type: 'OPEN_THREAD', ref: 'r' }, 'referral.source'],
    ])(
      'accepts a referral with %s; strict mode says source and type are documented as required',
      (_case, referral, path) => {
        expectDocumentedMissing(body([{ ...person, referral }]), 'referral', `${AT}.${path}`)
      },
    )

    it('accepts the referral fixture without source and type', () => {
      const e = expectDocumentedMissing(
        fixture('strict/referral.no-source-type.json'),
        'referral',
        `${AT}.referral.source`,
      )
      expect(e.referral.ref).toBe('summer-campaign')
    })

    it('does not let a bad referral affect a valid neighbour in the same body', () => {
      const badItem = { ...person, referral: { ref: 7 } }
      const d = decode(body([shortlink, badItem]))
      expect(narrow(d.events[0], 'referral').raw).toBe(shortlink)
      expect(d.events).toHaveLength(1)
      expect(d.invalid.map((i) => i.path)).toEqual(['entry[0].messaging[1].referral.ref'])
    })
  })

  describe('codecs', () => {
    it('Referral.is and MessageReferral.is take absent source and type, and refuse a source that is no string', () => {
      expect(Referral.is({ ref: 'bio_link', source: 'SHORTLINKS', type: 'OPEN_THREAD' })).toBe(true)
      expect(Referral.is({ ref: 'bio_link' })).toBe(true)
      expect(Referral.is({ ref: 'bio_link', source: 1 })).toBe(false)
      expect(MessageReferral.is({ product: { id: '7001' } })).toBe(true)
      expect(AdsContextData.is({ ad_title: 'Summer sale' })).toBe(true)
    })

    it('MessageReferral.decode turns a numeric product id into a string', () => {
      const r = MessageReferral.decode({ product: { id: 7001 } })
      expect(r._tag === 'Right' && r.right.product?.id).toBe('7001')
    })

    it('ReferralItem.is accepts a user_ref sender', () => {
      expect(ReferralItem.is({ ...shortlink, sender: { user_ref: 'u' } })).toBe(true)
    })
  })
})
