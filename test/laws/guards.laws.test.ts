/**
 * A guard never accepts what its decoder rejects: for every codec the package exports, `is(u)`
 * implies that `decode(u)` is a `Right` (and, with `is` first on the decoder's fast path, that the
 * decoded value is `u` itself for the identity-shaped codecs). The inputs are fixture values at
 * every depth, corrupted near-valid versions of them (a leaf replaced, a key added or dropped, an
 * `{ id }`/`{ user_ref }` pair mixed), the package's own arbitraries and arbitrary values.
 */
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import * as fc from 'fast-check'
import * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import * as api from '../../src/index.js'
import { webhookBody } from '../../src/testing/index.js'
import { FIXTURES, readFixture } from '../fixtures.js'
import { lawRuns } from './runs.js'

const codecs: [string, t.Mixed][] = Object.entries(api).filter((e): e is [string, t.Mixed] => e[1] instanceof t.Type)

/** Every fixture body, and every object, array and primitive inside one, and every key seen. */
function fixturePool(): { values: unknown[]; keys: string[] } {
  const values: unknown[] = []
  const keys = new Set<string>()
  const walk = (v: unknown): void => {
    values.push(v)
    if (typeof v !== 'object' || v === null) return
    for (const [k, x] of Object.entries(v)) {
      if (!Array.isArray(v)) keys.add(k)
      walk(x)
    }
  }
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const p = join(dir, name)
      return statSync(p).isDirectory() ? files(p) : p.endsWith('.json') && name !== 'manifest.json' ? [p] : []
    })
  for (const file of files(FIXTURES)) walk(readFixture(file.slice(FIXTURES.length + 1)))
  return { values, keys: [...keys] }
}

const pool = fixturePool()
/** Values of the output types too: a decoded webhook is a WebhookBody, and decodes as one. */
const decoded = pool.values.flatMap((v) => {
  const r = api.decodeWebhook(v)
  return r._tag === 'Right' ? [r.right, ...r.right.events] : []
})

/** A leaf-ish JSON value of the kinds that break codecs: wrong types, edge numbers, odd strings. */
const oddValue = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 5.5, -0, 1e21, 2 ** 53 + 2, '', ' ', '5', '-1', 'true', '1e999', [], {}),
  fc.jsonValue({ maxDepth: 1 }),
  fc.constantFrom(...pool.values.filter((v) => typeof v !== 'object' || v === null)),
)

/** A copy of `value` with the value at a random path changed by `edit`. */
function editAt(value: unknown, path: readonly number[], edit: (v: unknown) => unknown): unknown {
  if (path.length === 0 || typeof value !== 'object' || value === null) return edit(value)
  const keys = Object.keys(value)
  if (keys.length === 0) return edit(value)
  const key = keys[(path[0] as number) % keys.length] as string
  const copy: Record<string, unknown> = Array.isArray(value)
    ? ([...value] as unknown as Record<string, unknown>)
    : { ...value }
  copy[key] = editAt((value as Record<string, unknown>)[key], path.slice(1), edit)
  return copy
}

type Edit = (v: unknown) => unknown

const edits: fc.Arbitrary<Edit> = fc.oneof(
  oddValue.map(
    (x): Edit =>
      () =>
        x,
  ),
  fc.tuple(fc.constantFrom(...pool.keys), oddValue).map(
    ([k, x]): Edit =>
      (v) =>
        typeof v === 'object' && v !== null && !Array.isArray(v) ? { ...v, [k]: x } : v,
  ),
  fc.nat().map(
    (i): Edit =>
      (v) => {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) return v
        const keys = Object.keys(v)
        if (keys.length === 0) return v
        const { [keys[i % keys.length] as string]: _, ...rest } = v as Record<string, unknown>
        return rest
      },
  ),
  // The shape that slipped through once: both alternatives' keys, one of them of the wrong type.
  fc.tuple(oddValue, fc.string()).map(
    ([id, ref]): Edit =>
      (v) =>
        typeof v === 'object' && v !== null && !Array.isArray(v) ? { ...v, id, user_ref: ref } : v,
  ),
)

const nearValid = fc
  .tuple(
    fc.constantFrom(...pool.values),
    fc.array(fc.tuple(fc.array(fc.nat(), { maxLength: 6 }), edits), { minLength: 1, maxLength: 3 }),
  )
  .map(([base, changes]) => changes.reduce((v, [path, edit]) => editAt(v, path, edit), base))

const inputs = fc.oneof(
  { arbitrary: nearValid, weight: 6 },
  { arbitrary: fc.constantFrom(...pool.values), weight: 1 },
  { arbitrary: fc.constantFrom(...decoded), weight: 1 },
  { arbitrary: webhookBody().map((b) => b.body as unknown), weight: 1 },
  { arbitrary: fc.anything({ maxDepth: 3 }), weight: 1 },
)

/** Checks the law on one input for every codec; returns a message for the first codec that breaks it. */
function check(u: unknown): string | undefined {
  for (const [name, codec] of codecs) {
    if (!codec.is(u)) continue
    const r = codec.decode(u)
    if (r._tag === 'Left') return `${name}.is accepts what ${name}.decode rejects: ${JSON.stringify(u)}`
  }
  return undefined
}

describe('guards and decoders agree', () => {
  it(`covers every exported codec (${codecs.length})`, () => {
    expect(codecs.length).toBeGreaterThan(80)
    for (const name of ['Sender', 'WebhookBody', 'Attachment', 'PostbackItem', 'Id', 'Timestamp']) {
      expect(codecs.map(([n]) => n)).toContain(name)
    }
  })

  it('law: is(u) implies decode(u) is a Right, for every fixture value at every depth and every decoded body', () => {
    for (const u of [...pool.values, ...decoded]) expect(check(u)).toBeUndefined()
  })

  it('law: is(u) implies decode(u) is a Right, for every exported codec, on near-valid and arbitrary values', () => {
    fc.assert(
      fc.property(inputs, (u) => {
        expect(check(u)).toBeUndefined()
      }),
      lawRuns(3000),
    )
  })

  it('a sender with both keys is judged by its id: an id that is no ID is refused by is and by decode', () => {
    const postback = (sender: unknown) => ({
      sender,
      recipient: { id: '1' },
      timestamp: 1,
      postback: { title: 't', payload: 'p' },
    })
    for (const id of [null, -1, 5.5, {}, true, []]) {
      const sender = { id, user_ref: 'guest' }
      expect(api.Sender.is(sender)).toBe(false)
      expect(api.Sender.decode(sender)._tag).toBe('Left')
      expect(api.PostbackItem.decode(postback(sender))._tag).toBe('Left')
    }
    // A numeric ID is an ID: it decodes to its digits as a string, never stays a number.
    const r = api.PostbackItem.decode(postback({ id: 5, user_ref: 'guest' }))
    expect(r._tag === 'Right' && r.right.sender).toEqual({ id: '5', user_ref: 'guest' })
  })
})
