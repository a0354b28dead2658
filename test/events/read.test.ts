import { describe, expect, it } from 'vitest'
import { Read, ReadItem } from '../../src/index.js'
import {
  AT,
  body,
  decode,
  fixture,
  IG_ACCOUNT_ID,
  itemOf,
  narrow,
  PAGE_ID,
  person,
  soleEvent,
  soleInvalid,
} from './helpers.js'

const watermarkRead = { ...person, read: { watermark: 1718002990000 } }

describe('read', () => {
  describe('decodes each documented variant', () => {
    it('decodes a Messenger read receipt with a watermark', () => {
      const b = fixture('messenger/read.watermark.json')
      const e = soleEvent(b, 'read')
      expect(e.read.watermark).toBe(1458668856253)
      expect(e.read.mid).toBeUndefined()
      expect(e.timestamp).toBe(1458668856463)
      expect(e.platform).toBe('messenger')
      expect(e.entry).toEqual({ id: PAGE_ID, time: 1458668856600, index: 0 })
      expect(e.path).toBe(AT)
      expect(e.raw).toBe(itemOf(b))
    })

    it('decodes a Messenger read receipt with the legacy seq', () => {
      const e = soleEvent(fixture('messenger/read.legacy-seq.json'), 'read')
      expect(e.read).toEqual({ watermark: 1458668856253, seq: 38 })
    })

    it('decodes an Instagram read (messaging_seen) with only the mid', () => {
      const b = fixture('instagram/read.mid.json')
      const e = soleEvent(b, 'read')
      expect(e.platform).toBe('instagram')
      expect(e.entry.id).toBe(IG_ACCOUNT_ID)
      expect(e.read.mid).toBe('aWdf_seen_message')
      expect(e.read.watermark).toBeUndefined()
      expect(e.raw).toBe(itemOf(b))
    })

    it('accepts read.mid on a page body too (either field on either platform)', () => {
      const e = soleEvent(fixture('messenger/read.mid.json'), 'read')
      expect(e.platform).toBe('messenger')
      expect(e.read.mid).toBe('m_AbC1dEf2GhI3jKl4MnO5pQr6')
    })

    it('accepts a watermark on an Instagram body', () => {
      const e = soleEvent(body([watermarkRead], { object: 'instagram' }), 'read')
      expect(e.platform).toBe('instagram')
      expect(e.read.watermark).toBe(1718002990000)
    })

    it('decodes a read that arrives on the standby channel', () => {
      const e = soleEvent(body([watermarkRead], { channel: 'standby' }), 'read')
      expect(e.channel).toBe('standby')
      expect(e.path).toBe('entry[0].standby[0]')
    })
  })

  describe('normalisation', () => {
    it('decodes a numeric-string watermark to a number and keeps the string in raw', () => {
      const item = { ...person, read: { watermark: '1458668856253', seq: '38' } }
      const e = soleEvent(body([item]), 'read')
      expect(e.read.watermark).toBe(1458668856253)
      expect(e.read.seq).toBe(38)
      expect(e.raw).toBe(item)
      expect(item.read.watermark).toBe('1458668856253')
    })
  })

  describe('failures', () => {
    it('rejects a read with neither watermark nor mid', () => {
      const bad = soleInvalid(fixture('invalid/read.empty.json'))
      expect(bad.type).toBe('read')
      expect(bad.path).toBe(`${AT}.read`)
      expect(bad.message).toBe(
        `${AT}.read: expected "watermark" (Messenger) or "mid" (Instagram) in the read receipt, found neither`,
      )
    })

    it.each([
      [
        'the watermark is not numeric',
        { watermark: 'abc' },
        'read.watermark',
        'expected a number (or a numeric string), got the string "abc"',
      ],
      [
        // null reads as absent (docs/fidelity.md §17), and a read needs a watermark or a mid.
        'the watermark is null',
        { watermark: null },
        'read',
        'expected "watermark" (Messenger) or "mid" (Instagram) in the read receipt, found neither',
      ],
      ['the mid is a number', { mid: 7 }, 'read.mid', 'expected a string, got number 7'],
      ['the read is a number', 1458668856253, 'read', 'expected an object (Read), got number 1458668856253'],
    ])('rejects a read where %s', (_case, read, path, message) => {
      const bad = soleInvalid(body([{ ...person, read }]))
      expect(bad.path).toBe(`${AT}.${path}`)
      expect(bad.message).toBe(`${AT}.${path}: ${message}`)
    })

    it('does not let a bad read affect a valid neighbour in the same body', () => {
      const badItem = { ...person, read: {} }
      const d = decode(body([badItem, watermarkRead]))
      expect(d.events).toHaveLength(1)
      const e = narrow(d.events[0], 'read')
      expect(e.index).toBe(1)
      expect(e.path).toBe('entry[0].messaging[1]')
      expect(e.raw).toBe(watermarkRead)
      expect(d.invalid.map((i) => i.path)).toEqual(['entry[0].messaging[0].read'])
    })
  })

  describe('codecs', () => {
    it('Read.is needs a watermark or a mid', () => {
      expect(Read.is({ mid: 'aWdf_seen_message' })).toBe(true)
      expect(Read.is({ watermark: 1 })).toBe(true)
      expect(Read.is({})).toBe(false)
      expect(Read.is({ seq: 3 })).toBe(false)
    })

    it('ReadItem.decode turns a numeric-string watermark into a number', () => {
      const r = ReadItem.decode({ ...person, read: { watermark: '1' } })
      expect(r._tag === 'Right' && r.right.read.watermark).toBe(1)
    })
  })
})
