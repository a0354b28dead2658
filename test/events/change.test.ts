import { describe, expect, it } from 'vitest'
import {
  Change,
  type ChangeEvent,
  CommentValue,
  decodeEvent,
  FeedValue,
  knownChanges,
  OtherChange,
  TemplateStatusValue,
} from '../../src/index.js'
import {
  body,
  decode,
  fixture,
  IG_ACCOUNT_ID,
  IGSID,
  itemOf,
  narrow,
  PAGE_ID,
  PSID,
  soleEvent,
  soleInvalid,
} from './helpers.js'

const AT = 'entry[0].changes[0]'
const feed = { field: 'feed', value: { item: 'status', verb: 'add' } }

/** A body with one change, on a Page or an Instagram account. */
const changes = (items: readonly unknown[], object = 'page') => body(items, { channel: 'changes', object })

/** The path of the first invalid item's issues, for a body holding exactly one bad change. */
const pathsOf = (item: unknown, object = 'page') => soleInvalid(changes([item], object)).issues.map((i) => i.path)

/** The one change event of a fixture. */
const change = (file: string): ChangeEvent => soleEvent(fixture(file), 'change')

describe('change', () => {
  describe('decodes each typed field', () => {
    it('messenger_template_status_update: event, template ID (a number on the wire) as a string, reason null', () => {
      const b = fixture('messenger/change.template-status.json')
      const e = soleEvent(b, 'change')
      if (e.field !== 'messenger_template_status_update') throw new Error(e.field)
      expect(e.value).toEqual({
        event: 'APPROVED',
        message_template_id: '1234567890123456',
        message_template_name: 'order_update',
        message_template_language: 'en_US',
        message_template_category: 'UTILITY',
        reason: null,
      })
      expect(e.platform).toBe('messenger')
      expect(e.channel).toBe('changes')
      expect(e.entry).toEqual({ id: PAGE_ID, time: 1718003000, index: 0 })
      expect(e.path).toBe(AT)
      expect(e.raw).toBe(itemOf(b, 'changes'))
      // raw keeps the number as sent; the decoded value is a copy with the ID as a string
      expect((e.raw.value as { message_template_id: unknown }).message_template_id).toBe(1234567890123456)
    })

    it('message_template_status_update (the Utility Messages guide name) has the same value', () => {
      const e = change('messenger/change.message-template-status.json')
      if (e.field !== 'message_template_status_update') throw new Error(e.field)
      expect(e.value.event).toBe('REJECTED')
      expect(e.value.reason).toBe('INCORRECT_CATEGORY')
      expect(e.value.message_template_id).toBe('5550001234567')
      expect(e.value.other_info).toEqual({
        title: 'Category mismatch',
        description: 'Review the template category and submit again.',
      })
    })

    it('feed: a comment on a Page post, entry time in seconds', () => {
      const b = fixture('messenger/change.feed.json')
      const e = soleEvent(b, 'change')
      if (e.field !== 'feed') throw new Error(e.field)
      expect(e.value.item).toBe('comment')
      expect(e.value.verb).toBe('add')
      expect(e.value.post_id).toBe(`${PAGE_ID}_555`)
      expect(e.value.comment_id).toBe('555_888')
      expect(e.value.from).toEqual({ id: PSID, name: 'Test User' })
      expect(e.value.message).toBe('Nice post!')
      expect(e.value.created_time).toBe(1520383570)
      // nothing needed normalising: the value is the object received
      expect(e.value).toBe((itemOf(b, 'changes') as { value: unknown }).value)
      expect(e.entry).toEqual({ id: PAGE_ID, time: 1520383571, index: 0 })
    })

    it('feed: a reaction, created_time sent as a numeric string', () => {
      const e = change('messenger/change.feed-reaction.json')
      if (e.field !== 'feed') throw new Error(e.field)
      expect(e.value.item).toBe('reaction')
      expect(e.value.reaction_type).toBe('love')
      expect(e.value.created_time).toBe(1718090095)
      expect((e.raw.value as { created_time: unknown }).created_time).toBe('1718090095')
    })

    it('feed: a photo post edited by the Page', () => {
      const e = change('messenger/change.feed-post-edited.json')
      if (e.field !== 'feed') throw new Error(e.field)
      expect([e.value.item, e.value.verb, e.value.published, e.value.is_hidden]).toEqual(['photo', 'edited', 1, false])
      expect(e.value.from?.id).toBe(PAGE_ID)
    })

    it('comments: Business Login for Instagram shape', () => {
      const e = change('instagram/change.comments.json')
      if (e.field !== 'comments') throw new Error(e.field)
      expect(e.platform).toBe('instagram')
      expect(e.entry.id).toBe(IG_ACCOUNT_ID)
      expect(e.value).toEqual({
        id: '17865799348089039',
        from: { id: IGSID, username: 'jane.doe' },
        text: 'Where can I buy this?',
        media: { id: '17887498072083520', media_product_type: 'FEED' },
      })
    })

    it('comments: a reply, with IDs sent as JSON numbers', () => {
      const e = change('instagram/change.comments-reply.json')
      if (e.field !== 'comments') throw new Error(e.field)
      expect(e.value.id).toBe('1786579934809011')
      expect(e.value.parent_id).toBe('17865799348089039')
      expect(e.value.from).toEqual({ id: '1200000000000002', username: 'shop.helper' })
      expect(e.value.media?.media_product_type).toBe('REELS')
    })

    it('comments: the older Facebook Login shape, only id and text', () => {
      const e = change('instagram/change.comments-facebook-login.json')
      if (e.field !== 'comments') throw new Error(e.field)
      expect(e.value).toEqual({ id: '17865799348090022', text: 'Is this still available?' })
    })

    it('live_comments: same value as comments', () => {
      const e = change('instagram/change.live-comments.json')
      if (e.field !== 'live_comments') throw new Error(e.field)
      expect(e.value.text).toBe('Greetings from Lisbon!')
      expect(e.value.media).toEqual({ id: '17887498072090044' })
      expect(CommentValue.is(e.value)).toBe(true)
    })

    it('mentions: in a comment, and in a caption (no comment_id)', () => {
      const inComment = change('instagram/change.mentions.json')
      if (inComment.field !== 'mentions') throw new Error(inComment.field)
      expect(inComment.value).toEqual({ comment_id: '17894227972186120', media_id: '17918195224117851' })
      expect(inComment.entry.time).toBe(1520622968)
      const inCaption = change('instagram/change.mentions-caption.json')
      if (inCaption.field !== 'mentions') throw new Error(inCaption.field)
      expect(inCaption.value).toEqual({ media_id: '17918195224190055' })
    })

    it('story_insights: metrics as numbers, one sent as a numeric string', () => {
      const e = change('instagram/change.story-insights.json')
      if (e.field !== 'story_insights') throw new Error(e.field)
      expect(e.value).toEqual({
        media_id: '18023345000090066',
        impressions: 512,
        reach: 407,
        taps_forward: 96,
        taps_back: 12,
        exits: 31,
        replies: 4,
      })
    })

    it('message_reactions: a reaction item in the { field, value } form', () => {
      const e = change('instagram/change.message-reactions.json')
      if (e.field !== 'message_reactions') throw new Error(e.field)
      expect(e.value.sender).toEqual({ id: IGSID })
      expect(e.value.recipient).toEqual({ id: IG_ACCOUNT_ID })
      expect(e.value.timestamp).toBe(1718090799123)
      expect(e.value.reaction).toEqual({
        mid: 'aWdf_change_reacted',
        action: 'react',
        reaction: 'love',
        emoji: '\u2764\ufe0f',
      })
    })

    it('a message_reactions value needs only reaction', () => {
      const e = soleEvent(
        changes([{ field: 'message_reactions', value: { reaction: { mid: 'm_1', action: 'unreact' } } }]),
        'change',
      )
      if (e.field !== 'message_reactions') throw new Error(e.field)
      expect(e.value.reaction.action).toBe('unreact')
      expect(e.value.sender).toBeUndefined()
    })
  })

  describe('the App Dashboard "Test" payloads', () => {
    it('messages: the Page ID, entry id "0", time in seconds', () => {
      const e = change('dashboard/messenger.messages-test.json')
      expect(e.entry).toEqual({ id: '0', time: 1514862760, index: 0 })
      if (e.field !== 'messages') throw new Error(e.field)
      expect(e.value.page_id).toBe('1067280970047460')
    })

    it('messages: a page_id sent as a number is a string', () => {
      const e = soleEvent(changes([{ field: 'messages', value: { page_id: 104857600000001 } }]), 'change')
      if (e.field !== 'messages') throw new Error(e.field)
      expect(e.value.page_id).toBe(PAGE_ID)
    })

    it('feed, comments and story_insights tests decode as those fields', () => {
      const feedTest = change('dashboard/messenger.feed-test.json')
      if (feedTest.field !== 'feed') throw new Error(feedTest.field)
      expect([feedTest.entry.id, feedTest.value.item, feedTest.value.verb]).toEqual(['0', 'status', 'add'])
      const commentTest = change('dashboard/instagram.comments-test.json')
      if (commentTest.field !== 'comments') throw new Error(commentTest.field)
      expect([commentTest.entry.id, commentTest.value.from?.username]).toEqual(['0', 'sample.user'])
      const insightsTest = change('dashboard/instagram.story-insights-test.json')
      if (insightsTest.field !== 'story_insights') throw new Error(insightsTest.field)
      expect([insightsTest.entry.id, insightsTest.value.reach]).toEqual(['0', 30])
    })
  })

  describe('narrowing on field', () => {
    it('gives each field its value type, in a switch', () => {
      const d = decode(fixture('batch/multi-channel.json'))
      const seen: string[] = []
      for (const e of d.events) {
        if (e.type !== 'change') continue
        switch (e.field) {
          case 'feed':
            seen.push(`${e.value.item}/${e.value.verb}: ${e.value.message ?? ''}`)
            break
          case 'comments':
            seen.push(e.value.text ?? '')
            break
          default:
            seen.push(String(e.field))
        }
      }
      expect(seen).toEqual(['status/add: We are open today'])
    })

    it('with one comparison in a condition', () => {
      const e = change('instagram/change.comments.json')
      const text = e.type === 'change' && e.field === 'comments' ? e.value.text : undefined
      expect(text).toBe('Where can I buy this?')
    })
  })

  describe('lenient on input', () => {
    it('keeps enumeration values it does not know (open strings)', () => {
      const item = {
        field: 'feed',
        value: { item: 'hologram', verb: 'beamed', reaction_type: 'sparkle' },
      }
      const e = soleEvent(changes([item]), 'change')
      if (e.field !== 'feed') throw new Error(e.field)
      expect([e.value.item, e.value.verb, e.value.reaction_type]).toEqual(['hologram', 'beamed', 'sparkle'])
      const status = soleEvent(
        changes([{ field: 'messenger_template_status_update', value: { event: 'ARCHIVED' } }]),
        'change',
      )
      if (status.field !== 'messenger_template_status_update') throw new Error(status.field)
      expect(status.value.event).toBe('ARCHIVED')
    })

    it('keeps properties no codec describes, inside the value and on the item', () => {
      const item = { field: 'mentions', value: { media_id: 17918195224117, extra: { a: 1 } }, note: 'x' }
      const e = soleEvent(changes([item], 'instagram'), 'change')
      if (e.field !== 'mentions') throw new Error(e.field)
      expect(e.value).toEqual({ media_id: '17918195224117', extra: { a: 1 } })
      expect((e as unknown as { note: string }).note).toBe('x')
      expect(e.raw).toBe(item)
    })

    it('accepts numbers as numeric strings wherever the value has a number', () => {
      const e = soleEvent(
        changes([{ field: 'story_insights', value: { media_id: '1', impressions: ' 12 ', exits: '0' } }], 'instagram'),
        'change',
      )
      if (e.field !== 'story_insights') throw new Error(e.field)
      expect([e.value.impressions, e.value.exits]).toEqual([12, 0])
    })
  })

  describe('a malformed value of a typed field is an invalid item, with its path', () => {
    it.each([
      ['a comment whose media.id is a boolean', 'invalid/change.comments-bad-media-id.json', 'value.media.id'],
      ['a mention without media_id', 'invalid/change.mentions-missing-media-id.json', 'value.media_id'],
      ['a feed value that is a string', 'invalid/change.feed-value-not-object.json', 'value'],
      ['story insights with a reach of "many"', 'invalid/change.story-insights-bad-reach.json', 'value.reach'],
      ['a template status without event', 'invalid/change.template-status-missing-event.json', 'value.event'],
      [
        'a reaction whose action is "wave"',
        'invalid/change.message-reactions-bad-action.json',
        'value.reaction.action',
      ],
      ['a dashboard messages test without value', 'invalid/change.messages-test-no-value.json', 'value'],
    ])('%s', (_name, file, path) => {
      const bad = soleInvalid(fixture(file))
      expect(bad.type).toBe('change')
      expect(bad.channel).toBe('changes')
      expect(bad.itemPath).toBe(AT)
      expect(bad.path).toBe(`${AT}.${path}`)
    })

    it('says what is wrong', () => {
      expect(soleInvalid(fixture('invalid/change.comments-bad-media-id.json')).message).toBe(
        `${AT}.value.media.id: expected an ID (a string or a whole number), got boolean true`,
      )
      expect(soleInvalid(fixture('invalid/change.feed-value-not-object.json')).message).toBe(
        `${AT}.value: expected an object (FeedValue), got the string "a new post"`,
      )
      expect(soleInvalid(fixture('invalid/change.mentions-missing-media-id.json')).message).toBe(
        `${AT}.value.media_id: missing required property "media_id" (Id)`,
      )
    })

    it('every typed field needs an object value', () => {
      for (const field of Object.keys(knownChanges)) {
        for (const value of [undefined, null, 42, 'text', [], true]) {
          const item = value === undefined ? { field } : { field, value }
          expect(pathsOf(item), `${field}: ${JSON.stringify(value)}`).toEqual([`${AT}.value`])
        }
      }
    })

    it('reports every bad property of the value', () => {
      const item = { field: 'comments', value: { id: 5.5, text: 7, from: { username: 'x' } } }
      expect(pathsOf(item, 'instagram')).toEqual([`${AT}.value.id`, `${AT}.value.text`, `${AT}.value.from.id`])
    })

    it('a wrong type where a value is optional is invalid too', () => {
      expect(pathsOf({ field: 'feed', value: { item: 'status', verb: 'add', created_time: 'yesterday' } })).toEqual([
        `${AT}.value.created_time`,
      ])
      expect(pathsOf({ field: 'mentions', value: { media_id: '1', comment_id: -3 } })).toEqual([
        `${AT}.value.comment_id`,
      ])
    })

    it('leaves the neighbours of a bad change decoded', () => {
      const d = decode(fixture('invalid/change.one-bad-of-three.json'))
      expect(d.events.map((e) => (e.type === 'change' ? e.field : e.type))).toEqual(['comments', 'holographic_inbox'])
      expect(d.events.map((e) => e.index)).toEqual([0, 2])
      expect(d.invalid.map((i) => i.path)).toEqual(['entry[0].changes[1].value.media_id'])
    })
  })

  describe('a field without a value codec keeps its value as sent', () => {
    it('decodes a field nobody knows, with its value', () => {
      const b = fixture('messenger/change.unknown-field.json')
      const e = soleEvent(b, 'change')
      expect(e.field).toBe('holographic_inbox')
      expect(e.value).toEqual({ projector_id: 'HX-1', enabled: true })
      expect(e.value).toBe((itemOf(b, 'changes') as { value: unknown }).value)
    })

    it('keeps a value that is not an object, and a change without value', () => {
      expect(soleEvent(changes([{ field: 'x', value: 42 }]), 'change').value).toBe(42)
      expect(soleEvent(changes([{ field: 'leadgen' }]), 'change').value).toBeUndefined()
    })

    it('decodes every changes element as a change, even one shaped like a messaging item', () => {
      const item = {
        field: 'messaging_postbacks',
        value: { postback: { title: 'Get Started' } },
        postback: { title: 'x' },
      }
      const e = soleEvent(changes([item]), 'change')
      expect(e.field).toBe('messaging_postbacks')
      expect(e.value).toBe(item.value)
    })

    it('treats a known field name only as that exact string', () => {
      for (const field of ['Comments', 'feed ', 'constructor', '__proto__', 'toString']) {
        const e = soleEvent(changes([{ field, value: 'kept' }]), 'change')
        expect([e.field, e.value]).toEqual([field, 'kept'])
      }
    })
  })

  describe('strict mode', () => {
    it('reports undocumented keys inside a typed value, with their paths', () => {
      const item = {
        field: 'feed',
        value: { item: 'comment', verb: 'add', from: { id: PSID, avatar: 'x' }, mood: 'happy' },
      }
      const d = decode(changes([item]), { strict: true })
      expect(d.events).toEqual([])
      expect(d.invalid[0]?.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
        `${AT}.value.from.avatar: unknown property "avatar" in FeedAuthor (strict mode)`,
        `${AT}.value.mood: unknown property "mood" in FeedValue (strict mode)`,
      ])
    })

    it('looks inside a message_reactions value down to the reaction', () => {
      const item = { field: 'message_reactions', value: { reaction: { mid: 'm', action: 'react', glow: 1 } } }
      const d = decode(changes([item], 'instagram'), { strict: true })
      expect(d.invalid.map((i) => i.path)).toEqual([`${AT}.value.reaction.glow`])
    })

    it('does not look inside the value of a field without a value codec, but checks the item', () => {
      const ok = decode(changes([{ field: 'leadgen', value: { anything: { goes: true } } }]), { strict: true })
      expect(ok.invalid).toEqual([])
      const extra = decode(fixture('strict/change.other-field-unknown-property.json'), { strict: true })
      expect(extra.invalid.map((i) => i.message)).toEqual([
        `${AT}.projector: unknown property "projector" in OtherChange (strict mode)`,
      ])
    })

    it('accepts every typed change fixture', () => {
      for (const file of [
        'messenger/change.template-status.json',
        'messenger/change.message-template-status.json',
        'messenger/change.feed-post-edited.json',
        'instagram/change.comments-reply.json',
        'instagram/change.story-insights.json',
        'instagram/change.message-reactions.json',
        'dashboard/instagram.comments-test.json',
      ]) {
        expect(decode(fixture(file), { strict: true }).invalid, file).toEqual([])
      }
    })
  })

  describe('failures of the change itself', () => {
    it('rejects a change without field', () => {
      const bad = soleInvalid(fixture('invalid/change.missing-field.json'))
      expect(bad.type).toBe('change')
      expect(bad.channel).toBe('changes')
      expect(bad.path).toBe(`${AT}.field`)
      expect(bad.message).toBe(`${AT}.field: missing required property "field" (ChangeField)`)
    })

    it('rejects a numeric field', () => {
      const bad = soleInvalid(changes([{ field: 5, value: {} }]))
      expect(bad.message).toBe(`${AT}.field: expected a string (ChangeField), got number 5`)
    })

    it('rejects a changes element that is not an object', () => {
      const bad = soleInvalid(changes(['feed']))
      expect(bad.type).toBeUndefined()
      expect(bad.message).toBe(`${AT}: expected a changes item (an object), got the string "feed"`)
    })

    it('does not let a bad change affect a valid neighbour in the same body', () => {
      const badItem = { value: {} }
      const d = decode(changes([badItem, feed]))
      const e = narrow(d.events[0], 'change')
      expect(e.raw).toBe(feed)
      expect(e.index).toBe(1)
      expect(e.path).toBe('entry[0].changes[1]')
      expect(d.invalid.map((i) => i.path)).toEqual([`${AT}.field`])
    })
  })

  describe('codecs and decodeEvent', () => {
    it('Change picks the codec by field, and falls back to OtherChange', () => {
      expect(Change.is({ field: 'mentions', value: { comment_id: '1', media_id: '2' } })).toBe(true)
      expect(Change.is({ field: 'mentions', value: { comment_id: '1' } })).toBe(false)
      expect(Change.is({ field: 'holographic_inbox', value: 42 })).toBe(true)
      expect(Change.is({ value: {} })).toBe(false)
      expect(Change.decode({ field: 'messages', value: { page_id: 7 } })).toEqual({
        _tag: 'Right',
        right: { field: 'messages', value: { page_id: '7' } },
      })
    })

    it('OtherChange refuses the fields that have a codec', () => {
      expect(OtherChange.is({ field: 'leadgen', value: 1 })).toBe(true)
      for (const field of Object.keys(knownChanges)) expect(OtherChange.is({ field, value: {} }), field).toBe(false)
    })

    it('knownChanges lists each typed field under its own name', () => {
      expect(Object.keys(knownChanges).sort()).toEqual([
        'comments',
        'feed',
        'live_comments',
        'mentions',
        'message_reactions',
        'message_template_status_update',
        'messages',
        'messenger_template_status_update',
        'story_insights',
      ])
      for (const [field, codec] of Object.entries(knownChanges)) expect(codec.name.endsWith('Change'), field).toBe(true)
    })

    it('the value codecs are exported on their own', () => {
      expect(FeedValue.is({ item: 'status', verb: 'add' })).toBe(true)
      expect(TemplateStatusValue.is({ event: 'APPROVED', reason: null })).toBe(true)
      expect(CommentValue.is({ text: 'no id' })).toBe(false)
    })

    it('decodeEvent decodes a change when told the channel is changes', () => {
      const r = decodeEvent(feed)
      expect(r._tag === 'Right' && r.right.type).toBe('unknown')
      const c = decodeEvent(feed, { channel: 'changes' })
      expect(c._tag === 'Right' && c.right.type === 'change' && c.right.field === 'feed' && c.right.value.verb).toBe(
        'add',
      )
      const bad = decodeEvent({ field: 'feed', value: { item: 'status' } }, { channel: 'changes', path: 'x' })
      expect(bad._tag === 'Left' && bad.left.path).toBe('x.value.verb')
    })
  })
})
