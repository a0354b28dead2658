/**
 * `parseWebhook(text)` gives the verdict of `decodeWebhook(JSON.parse(text))`: the exact-integer
 * path (fidelity.md §2) may only change the digits of ID fields, never which items are valid, and
 * never another value. Checked on the package's arbitrary bodies with integer literals beyond 2^53
 * written into random places: ID fields, string fields, numeric fields, opaque objects, negative.
 */
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeWebhook, parseWebhook } from '../../src/index.js'
import { webhookBody } from '../../src/testing/index.js'
import { lawRuns } from './runs.js'

/** Every path to a value in a JSON value (objects and arrays), the root excluded. */
function paths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return []
  return Object.entries(value).flatMap(([k, v]) => {
    const p = [...at, Array.isArray(value) ? Number(k) : k]
    return [p, ...paths(v, p)]
  })
}

/** Sets the value at `path`; false when an earlier write replaced a parent on the way. */
function setAt(value: unknown, path: readonly (string | number)[], x: unknown): boolean {
  let o = value
  for (const k of path.slice(0, -1)) {
    if (typeof o !== 'object' || o === null) return false
    o = (o as Record<string | number, unknown>)[k]
  }
  if (typeof o !== 'object' || o === null) return false
  ;(o as Record<string | number, unknown>)[path[path.length - 1] as string | number] = x
  return true
}

/** An integer literal beyond 2^53 (sometimes negative, sometimes just above the limit). */
const bigLiteral = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 2n ** 53n + 1n, max: 10n ** 25n }), fc.integer({ min: 0, max: 9 }))
  .map(([negative, n, k]) => `${negative && k < 3 ? '-' : ''}${n}`)

/** A body as text with big integer literals written over some of its values and keys' values. */
const bodyWithBigIntegers = fc
  .tuple(webhookBody(), fc.array(fc.tuple(fc.nat(), bigLiteral), { minLength: 1, maxLength: 6 }))
  .map(([{ body }, writes]) => {
    const copy = structuredClone(body) as unknown
    const all = paths(copy)
    const literals: string[] = []
    for (const [i, literal] of writes) {
      if (all.length === 0) break
      if (setAt(copy, all[i % all.length] as (string | number)[], `@@BIG${literals.length}@@`)) literals.push(literal)
    }
    return JSON.stringify(copy).replace(/"@@BIG(\d+)@@"/g, (_, n: string) => literals[Number(n)] as string)
  })

/** Digit strings as the double they denote: an exact ID and its rounded twin compare equal. */
function digitsAsNumbers(value: unknown): unknown {
  if (typeof value === 'string') return /^\d+$/.test(value) ? Number(value) : value
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) return value.map(digitsAsNumbers)
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, digitsAsNumbers(v)]))
}

describe('parseWebhook and decodeWebhook agree', () => {
  it('law: parseWebhook(text) equals decodeWebhook(JSON.parse(text)) but for the digits of IDs, with big integers anywhere', () => {
    fc.assert(
      fc.property(bodyWithBigIntegers, (text) => {
        const p = parseWebhook(text)
        const d = decodeWebhook(JSON.parse(text))
        expect(p.ok).toBe(d._tag === 'Right')
        if (!p.ok || d._tag === 'Left') return
        expect(p.value.events.map((e) => e.type)).toEqual(d.right.events.map((e) => e.type))
        expect(p.value.invalid.map((i) => i.path)).toEqual(d.right.invalid.map((i) => i.path))
        expect(digitsAsNumbers(p.value)).toEqual(digitsAsNumbers(d.right))
      }),
      lawRuns(300),
    )
  })

  it('a negative entry id stays a Left next to a big one', () => {
    const text = '{"object":"page","entry":[{"id":-12345678901234567890,"time":1},{"id":17841400000000001,"time":1}]}'
    expect(parseWebhook(text).ok).toBe(false)
    expect(decodeWebhook(JSON.parse(text))._tag).toBe('Left')
  })

  it('big integers in string fields stay invalid when an ID of the body is a big integer', () => {
    for (const entryId of ['"17841400000000001"', '17841400000000001']) {
      const text = `{"object":"page","entry":[{"id":${entryId},"time":1,"messaging":[{"sender":{"id":"1"},"recipient":{"id":"2"},"timestamp":1,"message":{"mid":12345678901234567890,"text":99999999999999999999}}]}]}`
      const r = parseWebhook(text)
      if (!r.ok) throw new Error(r.error.message)
      expect(r.value.events).toEqual([])
      expect(r.value.invalid.map((i) => i.path)).toEqual(['entry[0].messaging[0].message.mid'])
    }
  })

  it('a negative sender id next to a big entry id is invalid, as without it', () => {
    const text =
      '{"object":"page","entry":[{"id":17841400000000001,"time":1,"messaging":[{"sender":{"id":-12345678901234567890},"recipient":{"id":"2"},"timestamp":1,"read":{"watermark":1}}]}]}'
    const r = parseWebhook(text)
    if (!r.ok) throw new Error(r.error.message)
    expect(r.value.entries[0]?.id).toBe('17841400000000001')
    expect(r.value.invalid.map((i) => i.path)).toEqual(['entry[0].messaging[0].sender.id'])
  })

  it('raw and opaque values stay as JSON.parse read them; only ID fields get the exact digits', () => {
    const text =
      '{"object":"page","entry":[{"id":"1","time":1,"messaging":[{"sender":{"id":12345678901234567890},"recipient":{"id":"2"},"timestamp":1,"message":{"mid":"m","text":"hi","nlp":{"n":98765432109876543210}}}]}]}'
    const r = parseWebhook(text)
    if (!r.ok) throw new Error(r.error.message)
    const e = r.value.events[0]
    if (e?.type !== 'message') throw new Error('expected a message')
    expect(e.sender.id).toBe('12345678901234567890')
    expect((e.message.nlp as { n?: unknown } | undefined)?.n).toBe(Number('98765432109876543210'))
    expect((e.raw.sender as { id: unknown }).id).toBe(Number('12345678901234567890'))
  })
})
