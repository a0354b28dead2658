import { describe, expect, it } from 'vitest'
import { decodeEvent } from '../../src/index.js'
import {
  body,
  decode,
  ENTRY_TIME,
  fixture,
  itemOf,
  narrow,
  PAGE_ID,
  person,
  soleEvent,
  soleInvalid,
} from './helpers.js'

const read = { ...person, read: { watermark: 1718002990000 } }

describe('event provenance', () => {
  describe('platform', () => {
    it.each([
      ['page', 'messenger'],
      ['instagram', 'instagram'],
      ['user', 'other'],
      ['whatsapp_business_account', 'other'],
    ] as const)('reads object "%s" as platform %s', (object, platform) => {
      const d = decode({ object, entry: [{ id: PAGE_ID, time: ENTRY_TIME, messaging: [read] }] })
      expect(d.object).toBe(object)
      expect(d.platform).toBe(platform)
      expect(d.events[0]?.platform).toBe(platform)
    })
  })

  describe('channel, index and path', () => {
    it("keeps each item's channel, its index in that channel and its path; messaging before standby before changes", () => {
      const b = fixture('batch/multi-channel.json')
      const d = decode(b)
      expect(d.invalid).toEqual([])
      expect(d.events.map((e) => [e.type, e.channel, e.index, e.path])).toEqual([
        ['message', 'messaging', 0, 'entry[0].messaging[0]'],
        ['delivery', 'messaging', 1, 'entry[0].messaging[1]'],
        ['read', 'standby', 0, 'entry[0].standby[0]'],
        ['postback', 'standby', 1, 'entry[0].standby[1]'],
        ['change', 'changes', 0, 'entry[1].changes[0]'],
      ])
      expect(d.events.map((e) => e.raw)).toEqual([
        itemOf(b, 'messaging', 0, 0),
        itemOf(b, 'messaging', 0, 1),
        itemOf(b, 'standby', 0, 0),
        itemOf(b, 'standby', 0, 1),
        itemOf(b, 'changes', 1, 0),
      ])
      expect(d.events[2]?.raw).toBe(itemOf(b, 'standby', 0, 0))
    })
  })

  describe('entry', () => {
    it('gives every event its entry id, time and index across a batch of entries', () => {
      const d = decode(fixture('batch/mixed.json'))
      expect(d.events).toHaveLength(12)
      expect(d.events.map((e) => e.entry.index)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2])
      expect(d.events[0]?.entry).toEqual({ id: '104857600000001', time: 1718003000123, index: 0 })
      expect(d.events[6]?.entry).toEqual({ id: '104857600000002', time: 1718003000456, index: 1 })
      expect(d.events[11]?.entry).toEqual({ id: '104857600000003', time: 1718003000789, index: 2 })
      expect(d.events[11]?.path).toBe('entry[2].standby[1]')
    })

    it('decodes a numeric-string entry time to a number and a numeric entry id to a string', () => {
      const d = decode({ object: 'page', entry: [{ id: 104857600000001, time: '1458668856451', messaging: [read] }] })
      expect(d.events[0]?.entry).toEqual({ id: PAGE_ID, time: 1458668856451, index: 0 })
      expect(d.entries[0]?.raw).toEqual({ id: 104857600000001, time: '1458668856451', messaging: [read] })
    })

    it('lists the decoded entries with their path and raw object', () => {
      const b = body([read])
      const d = decode(b)
      expect(d.entries).toHaveLength(1)
      expect(d.entries[0]?.path).toBe('entry[0]')
      expect(d.entries[0]?.raw).toBe(b.entry[0])
      expect(d.raw).toBe(b)
    })
  })

  describe('raw', () => {
    it('is the very item received, for every event of a batch', () => {
      const b = fixture('batch/instagram-mixed.json')
      const d = decode(b)
      const items = b.entry.flatMap((entry) => entry.messaging as unknown[])
      expect(d.events).toHaveLength(items.length)
      for (const [i, e] of d.events.entries()) expect(e.raw).toBe(items[i])
    })

    it('is the item as received even when ids and numbers were normalised', () => {
      const item = { ...person, sender: { id: 2400000000000001 }, timestamp: '1718002999876', read: { watermark: '1' } }
      const e = soleEvent(body([item]), 'read')
      expect(e.raw).toBe(item)
      expect(e.raw).toEqual({
        ...person,
        sender: { id: 2400000000000001 },
        timestamp: '1718002999876',
        read: { watermark: '1' },
      })
      expect(e.sender?.id).toBe('2400000000000001')
      expect(e.timestamp).toBe(1718002999876)
      expect(e.read.watermark).toBe(1)
    })
  })

  describe('invalid items carry the same provenance', () => {
    it('reports the channel, entry, index, item path and raw item of a bad standby item in a second entry', () => {
      const b = fixture('invalid/standby.second-entry-missing-mid.json')
      const d = decode(b)
      expect(narrow(d.events[0], 'message').entry.index).toBe(0)
      expect(d.invalid).toHaveLength(1)
      const bad = d.invalid[0]
      expect(bad?.type).toBe('message')
      expect(bad?.channel).toBe('standby')
      expect(bad?.entry).toEqual({ id: '104857600000002', time: 1718003000456, index: 1 })
      expect(bad?.index).toBe(0)
      expect(bad?.itemPath).toBe('entry[1].standby[0]')
      expect(bad?.path).toBe('entry[1].standby[0].message.mid')
      expect(bad?.issues).toEqual([
        { path: 'entry[1].standby[0].message.mid', message: 'missing required property "mid" (string)' },
      ])
      expect(bad?.raw).toBe(itemOf(b, 'standby', 1, 0))
    })

    it('lists every issue of one item, the first one also as path and message', () => {
      const bad = soleInvalid(body([{ ...person, reaction: { mid: 1, action: 'explode' } }]))
      expect(bad.issues).toEqual([
        { path: 'entry[0].messaging[0].reaction.mid', message: 'expected a string, got number 1' },
        {
          path: 'entry[0].messaging[0].reaction.action',
          message: 'expected one of "react", "unreact", got the string "explode"',
        },
      ])
      expect(bad.path).toBe('entry[0].messaging[0].reaction.mid')
    })
  })

  describe('decodeEvent', () => {
    it('defaults to Messenger, messaging, an empty entry, index 0 and path ""', () => {
      const r = decodeEvent(read)
      if (r._tag === 'Left') throw new Error(r.left.message)
      const e = narrow(r.right, 'read')
      expect(e.platform).toBe('messenger')
      expect(e.channel).toBe('messaging')
      expect(e.entry).toEqual({ id: '', time: 0, index: 0 })
      expect(e.index).toBe(0)
      expect(e.path).toBe('')
      expect(e.raw).toBe(read)
    })

    it('takes platform, channel, entry, index and path from its context, for events and failures', () => {
      const context = {
        platform: 'instagram',
        channel: 'standby',
        entry: { id: '17841400000000001', time: 5, index: 2 },
        index: 3,
        path: 'entry[2].standby[3]',
      } as const
      const r = decodeEvent(read, context)
      if (r._tag === 'Left') throw new Error(r.left.message)
      expect(r.right).toMatchObject(context)
      const bad = decodeEvent({ ...person, read: {} }, context)
      if (bad._tag === 'Right') throw new Error('expected a failure')
      expect(bad.left).toMatchObject({
        channel: 'standby',
        entry: context.entry,
        index: 3,
        itemPath: 'entry[2].standby[3]',
      })
      expect(bad.left.path).toBe('entry[2].standby[3].read')
    })
  })
})
