/**
 * The arbitraries of messenger-webhooks/testing on `changes[]`: every change field with a value
 * codec is drawn (they come from the fixtures), in its looser wire forms, and decodes as a
 * `change` of its field.
 */
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeEvent, knownChanges } from '../../src/index.js'
import { webhookItem } from '../../src/testing/index.js'

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
