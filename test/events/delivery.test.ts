import { describe, expect, it } from 'vitest'
import { Delivery, DeliveryItem } from '../../src/index.js'
import {
  AT,
  body,
  decode,
  expectDocumentedMissing,
  fixture,
  itemOf,
  narrow,
  PAGE_ID,
  PSID,
  person,
  soleEvent,
  soleInvalid,
} from './helpers.js'

const delivery = {
  sender: { id: PSID },
  recipient: { id: PAGE_ID },
  delivery: { mids: ['m_1'], watermark: 1718002990050 },
}

describe('delivery', () => {
  describe('decodes each documented variant', () => {
    it('decodes a delivery with mids and no item timestamp (Meta example)', () => {
      const b = fixture('messenger/delivery.with-mids.json')
      const e = soleEvent(b, 'delivery')
      expect(e.delivery.mids).toEqual(['mid.1458668856218:ed81099e15d3f4f233'])
      expect(e.delivery.watermark).toBe(1458668856253)
      // No item timestamp: the event carries the entry's time, and says so.
      expect(e.timestamp).toBe(1458668856451)
      expect(e.timestampFrom).toBe('entry.time')
      expect(e.sender).toEqual({ id: PSID })
      expect(e.recipient).toEqual({ id: PAGE_ID })
      expect(e.platform).toBe('messenger')
      expect(e.channel).toBe('messaging')
      expect(e.entry).toEqual({ id: PAGE_ID, time: 1458668856451, index: 0 })
      expect(e.raw).toBe(itemOf(b))
    })

    it('decodes a delivery without mids (older clients) and with the legacy seq', () => {
      const e = soleEvent(fixture('messenger/delivery.without-mids.json'), 'delivery')
      expect(e.delivery.mids).toBeUndefined()
      expect(e.delivery.seq).toBe(37)
      expect(e.timestamp).toBe(1458668856463)
    })

    it('decodes the real 2016 delivery with neither timestamp nor mids', () => {
      const e = soleEvent(fixture('messenger/delivery.no-timestamp-2016.json'), 'delivery')
      expect(e.delivery).toEqual({ watermark: 1463478212040, seq: 7 })
      expect(e.timestampFrom).toBe('entry.time')
      expect(e.timestamp).toBe(e.entry.time)
      expect(e.raw.timestamp).toBeUndefined()
    })

    it('decodes a delivery on the standby channel', () => {
      const e = soleEvent(body([delivery], { channel: 'standby' }), 'delivery')
      expect(e.channel).toBe('standby')
      expect(e.path).toBe('entry[0].standby[0]')
    })
  })

  describe('normalisation', () => {
    it('decodes entry.time, timestamp and watermark sent as numeric strings to numbers; raw keeps the strings', () => {
      const b = fixture('messenger/delivery.numbers-as-strings.json')
      const e = soleEvent(b, 'delivery')
      expect(e.entry.time).toBe(1458668856451)
      expect(e.timestamp).toBe(1458668856463)
      expect(e.delivery.watermark).toBe(1458668856253)
      expect(e.delivery.mids).toEqual(['m_Delivered0001'])
      const raw = itemOf(b)
      expect(e.raw).toBe(raw)
      expect(raw.timestamp).toBe('1458668856463')
      expect((raw.delivery as { watermark: unknown }).watermark).toBe('1458668856253')
    })
  })

  describe('failures', () => {
    it('rejects a non-numeric watermark', () => {
      const bad = soleInvalid(fixture('invalid/delivery.bad-watermark.json'))
      expect(bad.type).toBe('delivery')
      expect(bad.path).toBe(`${AT}.delivery.watermark`)
      expect(bad.message).toBe(
        `${AT}.delivery.watermark: expected a number (or a numeric string), got the string "abc"`,
      )
    })

    it.each([
      [
        'neither watermark nor mids is there',
        { seq: 7 },
        'delivery',
        'a delivery needs a watermark or mids (Meta documents watermark as always present)',
      ],
      [
        'mids is a string',
        { watermark: 1, mids: 'm_1' },
        'delivery.mids',
        'expected an array (string[]), got the string "m_1"',
      ],
      ['a mid is a number', { watermark: 1, mids: ['m_1', 2] }, 'delivery.mids[1]', 'expected a string, got number 2'],
      [
        'seq is not numeric',
        { watermark: 1, seq: 'seven' },
        'delivery.seq',
        'expected a number (or a numeric string), got the string "seven"',
      ],
    ])('rejects a delivery where %s', (_case, d, path, message) => {
      const bad = soleInvalid(body([{ ...delivery, delivery: d }]))
      expect(bad.path).toBe(`${AT}.${path}`)
      expect(bad.message).toBe(`${AT}.${path}: ${message}`)
    })

    it('accepts a delivery naming its mids without a watermark; strict mode says watermark is documented as required', () => {
      const e = expectDocumentedMissing(
        fixture('strict/delivery.mids-only.json'),
        'delivery',
        `${AT}.delivery.watermark`,
      )
      expect(e.delivery).toEqual({ mids: ['m_Delivered0001', 'm_Delivered0002'] })
    })

    it('rejects a delivery with neither watermark nor mids (invalid fixture)', () => {
      const bad = soleInvalid(fixture('invalid/delivery.empty.json'))
      expect(bad.path).toBe(`${AT}.delivery`)
    })

    it('rejects a delivery timestamp that is present but not numeric', () => {
      const bad = soleInvalid(body([{ ...delivery, timestamp: 'yesterday' }]))
      expect(bad.path).toBe(`${AT}.timestamp`)
    })

    it('does not let a bad delivery affect a valid neighbour in the same body', () => {
      const badItem = { ...delivery, delivery: { watermark: 'abc' } }
      const good = { ...person, read: { watermark: 1 } }
      const d = decode(body([badItem, delivery, good]))
      expect(d.events.map((e) => e.type)).toEqual(['delivery', 'read'])
      expect(narrow(d.events[0], 'delivery').raw).toBe(delivery)
      expect(d.invalid.map((i) => i.itemPath)).toEqual([AT])
    })
  })

  describe('codecs', () => {
    it('Delivery.is needs a watermark or mids', () => {
      expect(Delivery.is({ watermark: 1458668856253 })).toBe(true)
      expect(Delivery.is({ mids: ['m_1'] })).toBe(true)
      expect(Delivery.is({ seq: 1 })).toBe(false)
    })

    it('DeliveryItem.is accepts an item without timestamp', () => {
      expect(DeliveryItem.is(delivery)).toBe(true)
    })
  })
})
