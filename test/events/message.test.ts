import { describe, expect, it } from 'vitest'
import { Message, MessageItem, ReplyTo } from '../../src/index.js'
import {
  AT,
  body,
  decode,
  expectDocumentedMissing,
  fixture,
  IG_ACCOUNT_ID,
  IGSID,
  igUser,
  itemOf,
  narrow,
  PAGE_ID,
  PSID,
  person,
  soleEvent,
  soleInvalid,
} from './helpers.js'

const text = { ...person, message: { mid: 'm_AbC1dEf2GhI3jKl4MnO5pQr6', text: 'hello, world!' } }

describe('message', () => {
  describe('decodes each documented variant', () => {
    it('decodes a Messenger text message with its provenance', () => {
      const b = fixture('messenger/message.text.json')
      const e = soleEvent(b, 'message')
      expect(e.message).toEqual({ mid: 'm_AbC1dEf2GhI3jKl4MnO5pQr6', text: 'hello, world!' })
      expect(e.sender).toEqual({ id: PSID })
      expect(e.recipient).toEqual({ id: PAGE_ID })
      expect(e.timestamp).toBe(1718002999876)
      expect(e.platform).toBe('messenger')
      expect(e.channel).toBe('messaging')
      expect(e.entry).toEqual({ id: PAGE_ID, time: 1718003000123, index: 0 })
      expect(e.index).toBe(0)
      expect(e.path).toBe(AT)
      expect(e.raw).toBe(itemOf(b))
    })

    it('decodes a text with a quick reply payload', () => {
      const e = soleEvent(fixture('messenger/message.quick-reply.json'), 'message')
      expect(e.message.text).toBe('Red')
      expect(e.message.quick_reply).toEqual({ payload: 'PICK_RED' })
    })

    it('decodes an inline reply', () => {
      const e = soleEvent(fixture('messenger/message.inline-reply.json'), 'message')
      expect(e.message.reply_to).toEqual({ mid: 'm_Original0001', is_self_reply: false })
    })

    it('decodes a bot command', () => {
      const e = soleEvent(fixture('messenger/message.bot-command.json'), 'message')
      expect(e.message.commands).toEqual([{ name: 'flights' }])
    })

    it('keeps nlp and nlpv2 as opaque objects', () => {
      const nlp = soleEvent(fixture('messenger/message.nlp.json'), 'message')
      expect(nlp.message.nlp).toEqual({
        entities: { greetings: [{ confidence: 0.98786211036043, value: 'true', _entity: 'greetings' }] },
      })
      const v2 = soleEvent(fixture('messenger/message.nlpv2.json'), 'message')
      expect(v2.message.nlpv2?.detected_locales).toEqual([{ locale: 'en_XX', confidence: 0.5494 }])
    })

    it('decodes the legacy Chat Plugin tags and seq', () => {
      const e = soleEvent(fixture('messenger/message.legacy-tags.json'), 'message')
      expect(e.message.tags).toEqual([{ source: 'customer_chat_plugin' }])
      expect(e.message.seq).toBe(12345)
    })

    it('decodes a reply to a checkbox-plugin message with its prior_message modifier', () => {
      const e = soleEvent(fixture('messenger/message.prior-message.json'), 'message')
      expect(e.prior_message).toEqual({ source: 'checkbox_plugin', identifier: 'CHECKBOX_USER_REF_123' })
      expect(e.message.text).toBe('Thanks for messaging me!')
    })

    it('decodes a Click-to-Messenger ad referral riding on the message', () => {
      const e = soleEvent(fixture('messenger/message.ad-referral.json'), 'message')
      expect(e.message.referral?.source).toBe('ADS')
      expect(e.message.referral?.type).toBe('OPEN_THREAD')
      expect(e.message.referral?.ad_id).toBe('23850000000000001')
      expect(e.message.referral?.ads_context_data?.flow_id).toBe('FLOW-42')
    })

    it('decodes a shop product referral, which has only product.id', () => {
      const e = soleEvent(fixture('messenger/message.product-referral.json'), 'message')
      expect(e.message.referral).toEqual({ product: { id: '7001' } })
    })

    it('decodes an Instagram text message', () => {
      const b = fixture('instagram/message.text.json')
      const e = soleEvent(b, 'message')
      expect(e.platform).toBe('instagram')
      expect(e.sender).toEqual({ id: IGSID })
      expect(e.recipient).toEqual({ id: IG_ACCOUNT_ID })
      expect(e.entry).toEqual({ id: IG_ACCOUNT_ID, time: 1569262486134, index: 0 })
      expect(e.raw).toBe(itemOf(b))
    })

    it('decodes an Instagram reply to the business story', () => {
      const e = soleEvent(fixture('instagram/message.story-reply.json'), 'message')
      expect(e.message.reply_to?.story).toEqual({
        url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1&signature=x',
        id: '18000000000000001',
      })
    })

    it.each([
      ['instagram/message.deleted.json', 'is_deleted'],
      ['instagram/message.unsupported.json', 'is_unsupported'],
      ['instagram/message.is-self.json', 'is_self'],
    ] as const)('decodes the Instagram flag in %s', (file, flag) => {
      const e = soleEvent(fixture(file), 'message')
      expect(e.message[flag]).toBe(true)
    })

    it('decodes an Instagram Click-to-Direct ad referral without post_id or product_id', () => {
      const e = soleEvent(fixture('instagram/message.ad-referral.json'), 'message')
      expect(e.message.referral?.ads_context_data).toEqual({
        ad_title: 'Spring collection',
        photo_url: 'https://scontent.cdninstagram.com/v/ad-photo.jpg',
        video_url: 'https://scontent.cdninstagram.com/v/ad-thumb.jpg',
      })
    })

    it('decodes an Instagram message on the standby channel', () => {
      const e = soleEvent(fixture('instagram/message.standby.json'), 'message')
      expect(e.channel).toBe('standby')
      expect(e.path).toBe('entry[0].standby[0]')
      expect(e.message.text).toBe('can a human help me?')
    })

    it('keeps unknown properties at every level in lenient mode', () => {
      const e = soleEvent(fixture('messenger/message.extra-properties.json'), 'message')
      const event = e as unknown as { x_item_trace: unknown; message: { x_message_flags: unknown } }
      expect(event.x_item_trace).toBe('abc-123')
      expect(event.message.x_message_flags).toEqual(['beta', 'canary'])
    })
  })

  describe('classification', () => {
    it('classifies "is_echo": false as an inbound message', () => {
      const e = soleEvent(fixture('instagram/message.is-echo-false.json'), 'message')
      expect(e.message.is_echo).toBe(false)
      expect(e.message.text).toBe('inbound with explicit flag')
    })

    it('classifies an item with message and message.referral as a message, not a referral', () => {
      expect(soleEvent(fixture('instagram/message.product-referral.json'), 'message').message.mid).toBe('aWdf_product')
    })

    it('classifies an item with message and a referral next to it as a message', () => {
      const item = { ...text, referral: { ref: 'SUMMER_SALE', source: 'ADS', type: 'OPEN_THREAD' } }
      const e = soleEvent(body([item]), 'message')
      expect(e.message.text).toBe('hello, world!')
      expect(e.raw).toBe(item)
    })
  })

  describe('normalisation', () => {
    it('decodes the 2016 numeric sender and recipient ids to strings; raw keeps the numbers', () => {
      const b = fixture('messenger/message.numeric-ids-2016.json')
      const e = soleEvent(b, 'message')
      expect(e.sender.id).toBe(PSID)
      expect(e.recipient.id).toBe(PAGE_ID)
      expect(e.raw).toBe(itemOf(b))
      expect(itemOf(b).sender).toEqual({ id: 2400000000000001 })
    })

    it('decodes a numeric-string timestamp to a number; raw keeps the string', () => {
      const b = fixture('messenger/message.numbers-as-strings.json')
      const e = soleEvent(b, 'message')
      expect(e.timestamp).toBe(1718002999876)
      expect(itemOf(b).timestamp).toBe('1718002999876')
    })

    it('decodes the Instagram dashboard test: entry id "0" and timestamp "1527459824" (seconds)', () => {
      const e = soleEvent(fixture('dashboard/instagram.message-test.json'), 'message')
      expect(e.entry).toEqual({ id: '0', time: 1527459826000, index: 0 })
      expect(e.timestamp).toBe(1527459824)
      expect(e.message).toEqual({ mid: 'random_mid', text: 'random_text' })
    })

    it('decodes the legacy top-level sticker_id to a string and seq "80" to a number', () => {
      const item = { ...person, message: { mid: 'mid.1', seq: '80', sticker_id: 369239343222814 } }
      const e = soleEvent(body([item]), 'message')
      expect(e.message.sticker_id).toBe('369239343222814')
      expect(e.message.seq).toBe(80)
      expect(item.message.sticker_id).toBe(369239343222814)
    })
  })

  it('accepts a reply to a story that has no URL any more; strict mode says url is documented as required', () => {
    const e = expectDocumentedMissing(
      fixture('strict/instagram.story-reply.no-url.json'),
      'message',
      'entry[0].messaging[0].message.reply_to.story.url',
    )
    expect(e.message.reply_to?.story).toEqual({ id: '18011111111111111' })
  })

  describe('failures', () => {
    it('rejects a message without mid', () => {
      const bad = soleInvalid(fixture('invalid/message.missing-mid.json'))
      expect(bad.type).toBe('message')
      expect(bad.path).toBe(`${AT}.message.mid`)
      expect(bad.message).toBe(`${AT}.message.mid: missing required property "mid" (string)`)
    })

    it('rejects a numeric text', () => {
      const bad = soleInvalid(fixture('invalid/message.text-number.json'))
      expect(bad.message).toBe(`${AT}.message.text: expected a string, got number 42`)
    })

    it('rejects attachments sent as an object instead of an array', () => {
      const bad = soleInvalid(fixture('invalid/message.attachments-object.json'))
      expect(bad.message).toBe(`${AT}.message.attachments: expected an array (Attachment[]), got an object`)
    })

    it.each([
      ['the message is a string', 'hi', 'message', 'expected an object (Message), got the string "hi"'],
      [
        'is_echo is the string "true"',
        { mid: 'm', is_echo: 'true' },
        'message.is_echo',
        'expected a boolean, got the string "true"',
      ],
      [
        'the quick reply has no payload',
        { mid: 'm', text: 'Red', quick_reply: {} },
        'message.quick_reply.payload',
        'missing required property "payload" (string)',
      ],
      [
        'reply_to.mid is a number',
        { mid: 'm', reply_to: { mid: 1 } },
        'message.reply_to.mid',
        'expected a string, got number 1',
      ],
      [
        'the story reply url is a number',
        { mid: 'm', reply_to: { story: { url: 1 } } },
        'message.reply_to.story.url',
        'expected a string, got number 1',
      ],
      [
        'a command has no name',
        { mid: 'm', commands: [{ name: 'a' }, {}] },
        'message.commands[1].name',
        'missing required property "name" (string)',
      ],
      [
        'is_deleted is a string',
        { mid: 'm', is_deleted: 'yes' },
        'message.is_deleted',
        'expected a boolean, got the string "yes"',
      ],
      [
        'nlp is a string',
        { mid: 'm', nlp: 'greetings' },
        'message.nlp',
        'expected an object, got the string "greetings"',
      ],
      [
        'the referral source is a number',
        { mid: 'm', referral: { source: 1 } },
        'message.referral.source',
        'expected a string (ReferralSource), got number 1',
      ],
      [
        'the referral product has no id',
        { mid: 'm', referral: { product: {} } },
        'message.referral.product.id',
        'missing required property "id" (Id)',
      ],
    ])('rejects a message where %s', (_case, message, path, text) => {
      const bad = soleInvalid(body([{ ...person, message }]))
      expect(bad.type).toBe('message')
      expect(bad.path).toBe(`${AT}.${path}`)
      expect(bad.message).toBe(`${AT}.${path}: ${text}`)
    })

    it('rejects an Instagram message with a bad attachment like a Messenger one', () => {
      const bad = soleInvalid(body([{ ...igUser, message: { mid: 'aWdf', text: 1 } }], { object: 'instagram' }))
      expect(bad.path).toBe(`${AT}.message.text`)
    })

    it('reports every bad item of a batch by path and keeps the good ones', () => {
      const d = decode(fixture('invalid/batch.two-bad-of-four.json'))
      expect(d.events.map((e) => [e.type, e.index])).toEqual([
        ['message', 0],
        ['postback', 2],
      ])
      expect(narrow(d.events[0], 'message').message.text).toBe('ok 1')
      expect(d.invalid.map((i) => [i.type, i.path])).toEqual([
        ['message', 'entry[0].messaging[1].message.mid'],
        ['reaction', 'entry[0].messaging[3].reaction.action'],
      ])
    })
  })

  describe('codecs', () => {
    it('Message.is accepts is_echo false and ReplyTo.is an inline reply', () => {
      expect(Message.is({ mid: 'm_1', text: 'hello', is_echo: false })).toBe(true)
      expect(Message.is({ text: 'hello' })).toBe(false)
      expect(ReplyTo.is({ mid: 'm_Original0001', is_self_reply: false })).toBe(true)
    })

    it('MessageItem.decode normalises numeric ids', () => {
      const r = MessageItem.decode({ ...text, sender: { id: 2400000000000001 } })
      expect(r._tag === 'Right' && r.right.sender.id).toBe(PSID)
    })
  })
})
