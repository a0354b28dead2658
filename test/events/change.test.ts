import { describe, expect, it } from 'vitest'
import { Change, decodeEvent } from '../../src/index.js'
import { body, decode, fixture, IG_ACCOUNT_ID, itemOf, narrow, PAGE_ID, soleEvent, soleInvalid } from './helpers.js'

const AT = 'entry[0].changes[0]'
const feed = { field: 'feed', value: { item: 'status', verb: 'add' } }

describe('change', () => {
  describe('decodes each documented variant', () => {
    it('decodes a Page feed change: field, value kept as sent, entry time in seconds', () => {
      const b = fixture('messenger/change.feed.json')
      const e = soleEvent(b, 'change')
      expect(e.field).toBe('feed')
      expect(e.value).toBe((itemOf(b, 'changes') as { value: unknown }).value)
      expect(e.platform).toBe('messenger')
      expect(e.channel).toBe('changes')
      expect(e.entry).toEqual({ id: PAGE_ID, time: 1520383571, index: 0 })
      expect(e.index).toBe(0)
      expect(e.path).toBe(AT)
      expect(e.raw).toBe(itemOf(b, 'changes'))
    })

    it('decodes a template status update; numbers inside value stay numbers', () => {
      const e = soleEvent(fixture('messenger/change.template-status.json'), 'change')
      expect(e.field).toBe('messenger_template_status_update')
      expect((e.value as { message_template_id: unknown }).message_template_id).toBe(1234567890123456)
    })

    it('decodes an Instagram mention', () => {
      const e = soleEvent(fixture('instagram/change.mentions.json'), 'change')
      expect(e.platform).toBe('instagram')
      expect(e.entry.id).toBe(IG_ACCOUNT_ID)
      expect(e.field).toBe('mentions')
    })

    it('decodes an Instagram comment', () => {
      const e = soleEvent(fixture('instagram/change.comments.json'), 'change')
      expect(e.field).toBe('comments')
      expect(e.platform).toBe('instagram')
    })

    it('decodes the App Dashboard "Test" for messages: entry id "0", time in seconds', () => {
      const e = soleEvent(fixture('dashboard/messenger.messages-test.json'), 'change')
      expect(e.entry).toEqual({ id: '0', time: 1514862760, index: 0 })
      expect(e.field).toBe('messages')
      expect(e.value).toEqual({ page_id: '1067280970047460' })
    })

    it('decodes a change without value', () => {
      const e = soleEvent(body([{ field: 'feed' }], { channel: 'changes' }), 'change')
      expect(e.field).toBe('feed')
      expect(e.value).toBeUndefined()
    })

    it('decodes every changes element as a change, even one shaped like a messaging item', () => {
      const item = {
        field: 'messaging_postbacks',
        value: { postback: { title: 'Get Started' } },
        postback: { title: 'x' },
      }
      const e = soleEvent(body([item], { channel: 'changes' }), 'change')
      expect(e.field).toBe('messaging_postbacks')
    })
  })

  describe('open sets stay open', () => {
    it('decodes a change field nobody knows, with its value', () => {
      const e = soleEvent(fixture('messenger/change.unknown-field.json'), 'change')
      expect(e.field).toBe('holographic_inbox')
      expect(e.value).toEqual({ projector_id: 'HX-1', enabled: true })
    })

    it('keeps a value that is not an object', () => {
      expect(soleEvent(body([{ field: 'x', value: 42 }], { channel: 'changes' }), 'change').value).toBe(42)
    })
  })

  describe('failures', () => {
    it('rejects a change without field', () => {
      const bad = soleInvalid(fixture('invalid/change.missing-field.json'))
      expect(bad.type).toBe('change')
      expect(bad.channel).toBe('changes')
      expect(bad.path).toBe(`${AT}.field`)
      expect(bad.message).toBe(`${AT}.field: missing required property "field" (ChangeField)`)
    })

    it('rejects a numeric field', () => {
      const bad = soleInvalid(body([{ field: 5, value: {} }], { channel: 'changes' }))
      expect(bad.message).toBe(`${AT}.field: expected a string (ChangeField), got number 5`)
    })

    it('rejects a changes element that is not an object', () => {
      const bad = soleInvalid(body(['feed'], { channel: 'changes' }))
      expect(bad.type).toBeUndefined()
      expect(bad.message).toBe(`${AT}: expected a changes item (an object), got the string "feed"`)
    })

    it('does not let a bad change affect a valid neighbour in the same body', () => {
      const badItem = { value: {} }
      const d = decode(body([badItem, feed], { channel: 'changes' }))
      const e = narrow(d.events[0], 'change')
      expect(e.raw).toBe(feed)
      expect(e.index).toBe(1)
      expect(e.path).toBe('entry[0].changes[1]')
      expect(d.invalid.map((i) => i.path)).toEqual([`${AT}.field`])
    })
  })

  describe('codecs and decodeEvent', () => {
    it('Change.is needs a string field', () => {
      expect(Change.is({ field: 'mentions', value: { comment_id: '1', media_id: '2' } })).toBe(true)
      expect(Change.is({ value: {} })).toBe(false)
    })

    it('decodeEvent decodes a change when told the channel is changes', () => {
      const r = decodeEvent(feed)
      expect(r._tag === 'Right' && r.right.type).toBe('unknown')
      const c = decodeEvent(feed, { channel: 'changes' })
      expect(c._tag === 'Right' && c.right.type).toBe('change')
    })
  })
})
