/**
 * The compiled fast paths (one function per event kind that normalises and builds an item; a
 * compiled strict check) give exactly what the generic code gives: the same events, the same
 * invalid items with the same paths and messages, in lenient and strict mode. A second copy of
 * the package is loaded with compilation off (`setJitless(true)` before its first decode) and
 * both decode the same bodies: fixture items, and fixture items with one value changed
 * anywhere (to a number, a numeric string, null, a wrong type, an extra key, a deleted key).
 */
import * as fc from 'fast-check'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import * as compiled from '../../src/index.js'
import { webhookBody, webhookItem } from '../../src/testing/index.js'
import { manifest, readFixture } from '../fixtures.js'
import { lawRuns } from './runs.js'

type Lib = typeof compiled
let generic: Lib

beforeAll(async () => {
  vi.resetModules()
  generic = (await import('../../src/index.js')) as Lib
  generic.setJitless(true)
})

const runs = lawRuns(400)

/** Both copies' results for one body, as plain data. */
function both(body: unknown, strict: boolean) {
  return [compiled.decodeWebhook(body, { strict }), generic.decodeWebhook(body, { strict })] as const
}

/** A value to put somewhere in an item: what real and broken senders write. */
const replacement = fc.oneof(
  fc.constantFrom<unknown>(null, true, 0, -1, 1.5, '', 'x', '123', ' 42 ', '1e3', {}, [], 2 ** 60),
  fc.integer({ min: 0, max: 2 ** 53 - 1 }),
  fc.string({ maxLength: 6 }),
  fc.jsonValue({ maxDepth: 2 }),
)

/** The paths of every value in `value`, objects and arrays included. */
function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(prefix)
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) pathsOf(value[i], [...prefix, i], out)
  } else if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out)
  return out
}

/** A copy of `value` with the value at `path` replaced, deleted, or given an extra key. */
function edit(value: unknown, path: (string | number)[], how: 'set' | 'delete' | 'extra', to: unknown): unknown {
  const copy = structuredClone(value)
  if (path.length === 0) return how === 'set' ? to : copy
  let at = copy as Record<string | number, unknown>
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>
  const last = path[path.length - 1] as string | number
  if (how === 'delete') {
    if (Array.isArray(at)) at.splice(last as number, 1)
    else delete at[last]
  } else if (how === 'extra') {
    const target = at[last]
    if (typeof target === 'object' && target !== null && !Array.isArray(target))
      (target as Record<string, unknown>).extra_key = to
    else at[last] = to
  } else at[last] = to
  return copy
}

const editedItem = webhookItem().chain(({ item, channel, object }) =>
  fc
    .record({
      path: fc.constantFrom(...pathsOf(item)),
      how: fc.constantFrom<'set' | 'delete' | 'extra'>('set', 'set', 'delete', 'extra'),
      to: replacement,
    })
    .map(({ path, how, to }) => ({
      body: { object, entry: [{ id: '1', time: 1718003000123, [channel]: [edit(item, path, how, to)] }] },
    })),
)

describe('compiled and generic decoding agree', () => {
  it('the generic copy really runs without compiled code', () => {
    expect(generic.decodeWebhook).not.toBe(compiled.decodeWebhook)
    expect(compiled.decodeWebhook(readFixture(manifest.valid[0]?.file as string))._tag).toBe('Right')
  })

  it('every fixture, lenient and strict', () => {
    for (const f of [...manifest.valid, ...manifest.invalid]) {
      for (const strict of [false, true]) {
        const [a, b] = both(readFixture(f.file), strict)
        expect(a, `${f.file} strict=${strict}`).toEqual(b)
      }
    }
  })

  it('law: arbitrary batched bodies decode alike, lenient and strict', () => {
    fc.assert(
      fc.property(webhookBody(), fc.boolean(), ({ body }, strict) => {
        const [a, b] = both(body, strict)
        expect(a).toEqual(b)
      }),
      runs,
    )
  })

  it('law: an item with one value changed, deleted or added anywhere decodes alike, lenient and strict', () => {
    fc.assert(
      fc.property(editedItem, fc.boolean(), ({ body }, strict) => {
        const [a, b] = both(body, strict)
        expect(a).toEqual(b)
      }),
      runs,
    )
  })

  it('numeric IDs and numeric strings, which the compiled path normalises in its one walk', () => {
    const item = {
      sender: { id: 2400000000000001 },
      recipient: { id: '104857600000001' },
      timestamp: '1718002990004',
      message: {
        mid: 'm_1',
        attachments: [
          { type: 'image', payload: { url: 'u' } },
          { type: 'sticker', payload: { url: 'u', sticker_id: 369239263222822 } },
        ],
        quick_reply: null,
      },
    }
    const body = { object: 'page', entry: [{ id: 104857600000001, time: 1, messaging: [item] }] }
    const [a, b] = both(body, false)
    expect(a).toEqual(b)
    if (a._tag === 'Left') throw new Error(a.left.message)
    const event = a.right.events[0] as unknown as {
      sender: { id: unknown }
      timestamp: unknown
      message: { attachments: { payload: { sticker_id?: unknown } }[]; quick_reply?: unknown }
      raw: unknown
    }
    expect(event.sender.id).toBe('2400000000000001')
    expect(event.timestamp).toBe(1718002990004)
    expect(event.message.attachments[1]?.payload.sticker_id).toBe('369239263222822')
    expect('quick_reply' in event.message).toBe(false)
    // The item as received is untouched.
    expect(event.raw).toBe(item)
    expect(item.sender.id).toBe(2400000000000001)
  })
})
