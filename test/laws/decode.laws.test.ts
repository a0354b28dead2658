/**
 * The decoder's laws, checked on fixture-derived arbitraries (messenger-webhooks/testing) and on
 * arbitrary JSON.
 */
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeEvent, decodeWebhook, encodeWebhook, parseWebhook } from '../../src/index.js'
import { webhookBody, webhookItem } from '../../src/testing/index.js'
import { countItems } from '../fixtures.js'
import { lawRuns } from './runs.js'

const runs = lawRuns(300)

describe('decoder laws', () => {
  it('arbitrary fixture-derived items decode to the tag of their fixture', () => {
    fc.assert(
      fc.property(webhookItem(), ({ item, type, channel, object }) => {
        const r = decodeEvent(item, { channel, platform: object === 'instagram' ? 'instagram' : 'messenger' })
        if (r._tag === 'Left') throw new Error(r.left.message)
        expect(r.right.type).toBe(type)
        expect(r.right.raw).toBe(item)
      }),
      runs,
    )
  })

  it('arbitrary batched bodies decode to every expected tag, in order, on their channel', () => {
    fc.assert(
      fc.property(webhookBody(), ({ body, expected }) => {
        const r = decodeWebhook(body)
        if (r._tag === 'Left') throw new Error(r.left.message)
        expect(r.right.invalid).toEqual([])
        expect(r.right.events.map((e) => ({ type: e.type, channel: e.channel }))).toEqual(expected)
      }),
      runs,
    )
  })

  it('decode then encode gives back a body deep-equal to the input', () => {
    fc.assert(
      fc.property(webhookBody(), ({ body }) => {
        const r = decodeWebhook(body)
        if (r._tag === 'Left') throw new Error(r.left.message)
        expect(encodeWebhook(r.right)).toEqual(body)
      }),
      runs,
    )
  })

  it('numeric IDs decode to the same digits as strings, numeric-string timestamps to numbers', () => {
    fc.assert(
      fc.property(webhookItem({ types: ['message', 'postback', 'read', 'reaction'] }), ({ item }) => {
        const r = decodeEvent(item)
        if (r._tag === 'Left') throw new Error(r.left.message)
        const e = r.right as { sender?: { id?: unknown }; timestamp?: unknown }
        const rawSender = (item.sender as { id?: unknown } | undefined)?.id
        if (rawSender !== undefined) expect(e.sender?.id).toBe(String(rawSender))
        if (item.timestamp !== undefined) expect(e.timestamp).toBe(Number(item.timestamp))
      }),
      runs,
    )
  })

  it('events.length + invalid.length is the number of items, whatever the items are', () => {
    const junk = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      webhookItem().map((a) => a.item),
    )
    const body = fc.record({
      object: fc.constantFrom('page', 'instagram', 'user'),
      entry: fc.array(
        fc.record(
          {
            id: fc.oneof(fc.string(), fc.nat()),
            time: fc.nat(),
            messaging: fc.array(junk, { maxLength: 4 }),
            standby: fc.array(junk, { maxLength: 3 }),
            changes: fc.array(fc.oneof(junk, fc.record({ field: fc.string(), value: fc.jsonValue() })), {
              maxLength: 3,
            }),
          },
          { requiredKeys: ['id', 'time'] },
        ),
        { maxLength: 3 },
      ),
    })
    fc.assert(
      fc.property(body, (b) => {
        const r = decodeWebhook(b)
        if (r._tag === 'Left') throw new Error(r.left.message)
        expect(r.right.events.length + r.right.invalid.length).toBe(countItems(b))
        expect(encodeWebhook(r.right)).toEqual(b)
      }),
      runs,
    )
  })

  it('one corrupted item is reported with its path and leaves the others decoded', () => {
    fc.assert(
      fc.property(webhookBody({ maxEntries: 1 }), fc.nat(), ({ body, expected }, pick) => {
        const entry = body.entry[0] as Record<string, unknown[]>
        const channel = expected[pick % expected.length]?.channel as string
        const items = entry[channel] as unknown[]
        const at = pick % items.length
        items[at] = 42
        const r = decodeWebhook(body)
        if (r._tag === 'Left') throw new Error(r.left.message)
        expect(r.right.invalid.map((i) => i.path)).toEqual([`entry[0].${channel}[${at}]`])
        expect(r.right.events.length).toBe(expected.length - 1)
      }),
      runs,
    )
  })

  it('never throws on any JSON value, in lenient or strict mode', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, strict) => {
        const r = decodeWebhook(value, { strict })
        expect(r._tag === 'Left' || r._tag === 'Right').toBe(true)
      }),
      lawRuns(1000),
    )
  })

  it('never throws on any JavaScript value, whole or as the items of a body', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withMap: true, withBigInt: true }), (value) => {
        expect(() => decodeWebhook(value)).not.toThrow()
        expect(() =>
          decodeWebhook({ object: 'page', entry: [{ id: '1', time: 1, messaging: [value], changes: [value] }] }),
        ).not.toThrow()
        expect(() => decodeEvent(value, { strict: true })).not.toThrow()
      }),
      lawRuns(500),
    )
  })

  it('parseWebhook never throws on any text or bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.uint8Array(), (text, bytes) => {
        for (const input of [
          text,
          bytes,
          JSON.stringify({ object: 'page', entry: [{ id: '1', time: 1, messaging: [text] }] }),
        ]) {
          const r = parseWebhook(input)
          expect(typeof r.ok).toBe('boolean')
        }
      }),
      lawRuns(500),
    )
  })
})
