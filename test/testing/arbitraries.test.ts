/**
 * The exported arbitraries (messenger-webhooks/testing) generate what real traffic sends, not only
 * what Meta documents: items without a documented field (docs/fidelity.md §17) and Chat Plugin
 * `user_ref`s written as numbers, all of which the lenient decoder accepts; and, on request, only
 * items that pass strict mode. On `changes[]`: every change field with a value codec is drawn, in
 * its looser wire forms, and decodes as a `change` of its field.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeEvent, knownChanges } from '../../src/index.js'
import { webhookItem } from '../../src/testing/index.js'

const sample = (options: Parameters<typeof webhookItem>[0]) =>
  fc.sample(webhookItem(options), { numRuns: 3000, seed: 42 })

describe('webhookItem', () => {
  it('now and then leaves out a documented field, and every such item decodes leniently to its tag', () => {
    const items = sample({})
    const withoutTimestamp = items.filter((a) => a.item.timestamp === undefined && a.type === 'message')
    const postbackNoTitle = items.filter(
      (a) => a.type === 'postback' && (a.item.postback as { title?: unknown }).title === undefined,
    )
    expect(withoutTimestamp.length).toBeGreaterThan(0)
    expect(postbackNoTitle.length).toBeGreaterThan(0)
    for (const a of [...withoutTimestamp, ...postbackNoTitle]) {
      const r = decodeEvent(a.item, {
        platform: a.object === 'instagram' ? 'instagram' : 'messenger',
        channel: a.channel,
      })
      expect(r._tag === 'Right' && r.right.type).toBe(a.type)
    }
  })

  it('sometimes writes a Chat Plugin user_ref as a number, decoded to its digits', () => {
    const numeric = sample({ types: ['postback', 'referral'] }).filter(
      (a) => typeof (a.item.sender as { user_ref?: unknown } | undefined)?.user_ref === 'number',
    )
    expect(numeric.length).toBeGreaterThan(0)
    for (const a of numeric) {
      const r = decodeEvent(a.item)
      const sender = r._tag === 'Right' ? (r.right as { sender?: { user_ref?: unknown } }).sender : undefined
      expect(sender?.user_ref).toBe(String((a.item.sender as { user_ref: number }).user_ref))
    }
  })

  it('with omitDocumented: false and extraProperties: false, every item of a known kind passes strict mode', () => {
    // Strict mode refuses unknown events, and two fixtures carry unknown properties on purpose.
    const onPurpose = ['messenger/message.extra-properties.json', 'messenger/optin.unknown-type.json']
    const items = sample({ omitDocumented: false, extraProperties: false }).filter(
      (x) => x.type !== 'unknown' && !onPurpose.includes(x.file),
    )
    for (const a of items) {
      const r = decodeEvent(a.item, {
        strict: true,
        platform: a.object === 'instagram' ? 'instagram' : 'messenger',
        channel: a.channel,
      })
      expect(r._tag === 'Left' ? r.left.message : r.right.type, a.file).toBe(a.type)
    }
  })
})

const changeItems = (options: Parameters<typeof webhookItem>[0] = {}) =>
  fc.sample(webhookItem({ types: ['change'], ...options }), { numRuns: 2000, seed: 10 })

describe('webhookItem on changes', () => {
  it('draws every change field that has a value codec', () => {
    const fields = new Set(changeItems().map(({ item }) => item.field))
    for (const field of Object.keys(knownChanges)) expect(fields.has(field), field).toBe(true)
  })

  it('draws values that decode as a change of the same field, in lenient mode', () => {
    fc.assert(
      fc.property(webhookItem({ types: ['change'] }), ({ item, channel, type }) => {
        expect([channel, type]).toEqual(['changes', 'change'])
        const r = decodeEvent(item, { channel })
        if (r._tag === 'Left') throw new Error(r.left.message)
        expect(r.right.type === 'change' && r.right.field).toBe(item.field)
      }),
      { numRuns: 500 },
    )
  })

  it('sends IDs inside values as numbers and numbers as numeric strings, sometimes', () => {
    const values = changeItems().map(({ item }) => item.value as Record<string, unknown>)
    expect(values.some((v) => typeof v?.media_id === 'number' || typeof v?.page_id === 'number')).toBe(true)
    expect(values.some((v) => typeof v?.impressions === 'string' || typeof v?.created_time === 'string')).toBe(true)
  })

  it('without looseTypes and extraProperties, draws values strict mode accepts', () => {
    fc.assert(
      fc.property(webhookItem({ types: ['change'], looseTypes: false, extraProperties: false }), ({ item }) => {
        const r = decodeEvent(item, { channel: 'changes', strict: true })
        if (r._tag === 'Left') throw new Error(r.left.message)
        // the fixtures' own forms only: they send these IDs as strings and impressions as a number
        const v = item.value as Record<string, unknown> | undefined
        expect(typeof v?.media_id).not.toBe('number')
        expect(typeof v?.page_id).not.toBe('number')
        expect(typeof v?.impressions).not.toBe('string')
      }),
      { numRuns: 300 },
    )
  })
})
