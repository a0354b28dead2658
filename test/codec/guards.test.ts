/**
 * `is` must agree with `decode`: `is(x)` holds exactly when `x` decodes to itself. The decoder
 * relies on it to skip `validate` (its `is`-first fast path). Checked for every item codec on
 * fixture-derived items, on corrupted ones and on arbitrary JSON.
 */
import * as fc from 'fast-check'
import type * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import { itemCodecs } from '../../src/dispatch.js'
import { webhookItem } from '../../src/testing/index.js'

const codecs: [string, t.Mixed][] = Object.entries(itemCodecs).flatMap(([type, list]) =>
  list.map((c): [string, t.Mixed] => [type, c]),
)

/** Replaces one random leaf of a JSON value with another JSON value. */
function corrupt(value: unknown, path: number[], replacement: unknown): unknown {
  if (typeof value !== 'object' || value === null || path.length === 0) return replacement
  const keys = Object.keys(value)
  if (keys.length === 0) return replacement
  const key = keys[(path[0] as number) % keys.length] as string
  const copy: Record<string, unknown> = Array.isArray(value)
    ? ([...value] as unknown as Record<string, unknown>)
    : { ...value }
  copy[key] = corrupt((value as Record<string, unknown>)[key], path.slice(1), replacement)
  return copy
}

describe('guards', () => {
  const input = fc.oneof(
    webhookItem().map((a) => a.item as unknown),
    fc
      .tuple(webhookItem(), fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }))
      .map(([a, p, r]) => corrupt(a.item, p, r)),
    fc.jsonValue(),
  )

  it('is(x) holds exactly when decode(x) succeeds and returns x itself, for every item codec', () => {
    fc.assert(
      fc.property(input, (x) => {
        for (const [, codec] of codecs) {
          const r = codec.decode(x)
          const decodesToItself = r._tag === 'Right' && r.right === x
          expect(codec.is(x)).toBe(decodesToItself)
        }
      }),
      { numRuns: 400 },
    )
  })
})
