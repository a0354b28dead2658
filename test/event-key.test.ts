/**
 * `eventKey` (src/event-key.ts): the same string whenever Meta redelivers an event (in another
 * batch, in another order, with another `entry.time`), another string for another event, derived
 * per tag from Meta's identifiers (`mid`, `num_edit`, a reaction's person, action and time, a
 * watermark) and otherwise from a canonical digest of the item; never a throw.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeWebhook, eventKey, parseWebhook, type WebhookEvent } from '../src/index.js'
import { webhookBody, webhookItem } from '../src/testing/index.js'
import { lawRuns } from './laws/runs.js'

type Json = Record<string, unknown>
type Body = { object: string; entry: Json[] }

const PAGE = '104857600000001'
const IG = '17841400000000001'
const USER = '2400000000000001'

/** The keys of a body's events, in order. */
function keys(body: unknown): string[] {
  const r = parseWebhook(typeof body === 'string' ? body : JSON.stringify(body))
  if (!r.ok) throw new Error(r.error.message)
  return r.value.events.map(eventKey)
}

const sorted = (xs: readonly string[]) => [...xs].sort()

/** A body of one entry with `items` in `channel`. */
function one(items: Json[], { object = 'page', id = PAGE, time = 1718003000000, channel = 'messaging' } = {}): Body {
  return { object, entry: [{ id, time, [channel]: items }] }
}

/** The key of a single item. */
function keyOf(item: Json, options: Parameters<typeof one>[1] = {}): string {
  const [k] = keys(one([item], options))
  if (k === undefined) throw new Error('no event')
  return k
}

const base = (extra: Json): Json => ({
  sender: { id: USER },
  recipient: { id: PAGE },
  timestamp: 1718002999876,
  ...extra,
})

/** The same value with the keys of every object in reverse order (another serialisation). */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys)
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(
    Object.keys(value)
      .reverse()
      .map((k) => [k, reverseKeys((value as Json)[k])]),
  )
}

/** Makes every item of `bodies` a distinct event, the way Meta tells events apart. */
function distinct(bodies: Body[]): Body[] {
  let n = 0
  for (const b of bodies) {
    for (const e of b.entry) {
      for (const c of ['messaging', 'standby', 'changes']) {
        for (const item of (e[c] as Json[] | undefined) ?? []) {
          n++
          for (const k of [
            'message',
            'message_edit',
            'reaction',
            'postback',
            'response_feedback',
            'read',
            'delivery',
          ]) {
            const p = item[k] as Json | undefined
            if (typeof p !== 'object' || p === null) continue
            if (typeof p.mid === 'string') p.mid = `m_distinct_${n}`
            if (p.watermark !== undefined) p.watermark = 1_600_000_000_000 + n
            if (Array.isArray(p.mids)) p.mids = [`m_delivered_${n}`]
          }
          // Content of its own for events keyed by a digest.
          item.x_distinct = n
        }
      }
    }
  }
  return bodies
}

describe('eventKey: the same event redelivered', () => {
  const variants = fc.record({
    time: fc.integer({ min: 1, max: 2_000_000_000_000 }),
    reverseEntries: fc.boolean(),
    reverseItems: fc.boolean(),
    reserialise: fc.boolean(),
  })

  it('law: same keys in another batch order, item order, entry.time and key order', () => {
    fc.assert(
      fc.property(webhookBody(), variants, ({ body }, v) => {
        const copy = JSON.parse(JSON.stringify(body)) as Body
        for (const e of copy.entry) {
          e.time = v.time
          if (v.reverseItems)
            for (const c of ['messaging', 'standby', 'changes']) (e[c] as Json[] | undefined)?.reverse()
        }
        if (v.reverseEntries) copy.entry.reverse()
        const again = v.reserialise ? reverseKeys(copy) : copy
        expect(sorted(keys(again))).toEqual(sorted(keys(body)))
      }),
      lawRuns(300),
    )
  })

  it('law: same keys when the entries come one per body (another batching)', () => {
    fc.assert(
      fc.property(webhookBody({ maxEntries: 4 }), ({ body }) => {
        const split = body.entry.flatMap((e) => keys({ object: body.object, entry: [e] }))
        expect(sorted(split)).toEqual(sorted(keys(body)))
      }),
      lawRuns(200),
    )
  })

  it('law: the same item gives the same key wherever it is placed', () => {
    fc.assert(
      fc.property(webhookItem(), fc.nat({ max: 3 }), ({ item, object, channel }, position) => {
        const filler = Array.from({ length: position }, (_, i) => ({ ...item, x_filler: i }))
        const options = { object, id: object === 'instagram' ? IG : PAGE, channel }
        const alone = keys(one([item], options))
        const placed = keys(one([...filler, item], options))
        expect(placed[position]).toBe(alone[0])
      }),
      lawRuns(300),
    )
  })
})

describe('eventKey: other events', () => {
  it('law: every distinct event of many bodies has a key of its own', () => {
    fc.assert(
      fc.property(fc.array(webhookBody({ maxItemsPerEntry: 6 }), { minLength: 1, maxLength: 20 }), (drawn) => {
        const bodies = distinct(drawn.map((d) => JSON.parse(JSON.stringify(d.body)) as Body))
        const all = bodies.flatMap(keys)
        expect(new Set(all).size).toBe(all.length)
      }),
      lawRuns(100),
    )
  })

  it('tells apart the same item on messaging and standby, on two Pages, on Messenger and Instagram', () => {
    const item = base({ message: { mid: 'm_1', text: 'hi' } })
    const all = [
      keyOf(item),
      keyOf(item, { channel: 'standby' }),
      keyOf(item, { id: '104857600000002' }),
      keyOf(item, { object: 'instagram', id: PAGE }),
    ]
    expect(new Set(all).size).toBe(4)
    expect(all).toEqual([
      `messenger:${PAGE}:messaging:message:m_1`,
      `messenger:${PAGE}:standby:message:m_1`,
      'messenger:104857600000002:messaging:message:m_1',
      `instagram:${PAGE}:messaging:message:m_1`,
    ])
  })
})

describe('eventKey: derivation per tag', () => {
  it('message and message_echo: the mid', () => {
    expect(keyOf(base({ message: { mid: 'm_1', text: 'hi' } }))).toBe(`messenger:${PAGE}:messaging:message:m_1`)
    // The mid is the identity: the text is not part of the key.
    expect(keyOf(base({ message: { mid: 'm_1', text: 'other' } }))).toBe(
      keyOf(base({ message: { mid: 'm_1', text: 'hi' } })),
    )
    expect(keyOf(base({ message: { mid: 'm_2', text: 'x', is_echo: true, app_id: 1 } }))).toBe(
      `messenger:${PAGE}:messaging:message_echo:m_2`,
    )
  })

  it('message_edit: the mid and num_edit; the item digest without num_edit', () => {
    const edit = (m: Json) => keyOf(base({ message_edit: m }))
    expect(edit({ mid: 'm_1', text: 'a', num_edit: 1 })).toBe(`messenger:${PAGE}:messaging:message_edit:m_1:1`)
    expect(edit({ mid: 'm_1', text: 'b', num_edit: 2 })).toBe(`messenger:${PAGE}:messaging:message_edit:m_1:2`)
    expect(edit({ mid: 'm_1', text: 'b', num_edit: '2' })).toBe(`messenger:${PAGE}:messaging:message_edit:m_1:2`)
    const noNum = edit({ mid: 'm_1', text: 'a' })
    expect(noNum).toMatch(new RegExp(`^messenger:${PAGE}:messaging:message_edit:m_1:#[0-9a-f]{28}$`))
    expect(edit({ mid: 'm_1', text: 'another' })).not.toBe(noNum)
    expect(edit({ text: 'a', mid: 'm_1' })).toBe(noNum)
  })

  it('reaction: message, person, action, emoji and the item timestamp', () => {
    const react = (r: Json, extra: Json = {}) => keyOf(base({ reaction: r, ...extra }))
    const love = { mid: 'm_1', action: 'react', reaction: 'love', emoji: '❤️' }
    expect(react(love)).toBe(`messenger:${PAGE}:messaging:reaction:m_1:${USER}:react:love:1718002999876`)
    expect(react({ mid: 'm_1', action: 'unreact' })).toBe(
      `messenger:${PAGE}:messaging:reaction:m_1:${USER}:unreact::1718002999876`,
    )
    // React, unreact, react again: the timestamps tell the two reacts apart.
    expect(react(love, { timestamp: 1718002999999 })).not.toBe(react(love))
    // Another person reacting to the same message.
    expect(react(love, { sender: { id: '2400000000000002' } })).not.toBe(react(love))
    // A numeric-string timestamp is the same time.
    expect(react(love, { timestamp: '1718002999876' })).toBe(react(love))
    // Without a timestamp the item's digest stands in (never entry.time).
    const { timestamp: _, ...untimed } = base({ reaction: love })
    const k = keyOf(untimed)
    expect(k).toMatch(/:react:love:#[0-9a-f]{28}$/)
    expect(keyOf(untimed, { time: 1 })).toBe(k)
  })

  it('read: the reader and the watermark (Messenger) or mid (Instagram)', () => {
    expect(keyOf(base({ read: { watermark: 1718002999000 } }))).toBe(
      `messenger:${PAGE}:messaging:read:${USER}:1718002999000`,
    )
    expect(keyOf(base({ read: { watermark: 1718002999000 }, sender: { id: Number(USER) } }))).toBe(
      `messenger:${PAGE}:messaging:read:${USER}:1718002999000`,
    )
    expect(keyOf(base({ read: { mid: 'aWdf_1' } }), { object: 'instagram', id: IG })).toBe(
      `instagram:${IG}:messaging:read:${USER}:aWdf_1`,
    )
  })

  it('delivery: the recipient of the messages, the watermark and the mids', () => {
    expect(keyOf(base({ delivery: { watermark: 5, mids: ['m_1', 'm_2'] } }))).toBe(
      `messenger:${PAGE}:messaging:delivery:${USER}:5:m_1,m_2`,
    )
    expect(keyOf(base({ delivery: { watermark: 6 } }))).toBe(`messenger:${PAGE}:messaging:delivery:${USER}:6:`)
  })

  it('postback: the mid, or the item digest without one', () => {
    expect(keyOf(base({ postback: { mid: 'm_p', title: 'Go', payload: 'GO' } }))).toBe(
      `messenger:${PAGE}:messaging:postback:m_p`,
    )
    const a = keyOf(base({ postback: { title: 'Go', payload: 'GO' } }))
    expect(a).toMatch(/:postback:#[0-9a-f]{28}$/)
    expect(keyOf(base({ postback: { title: 'Go', payload: 'STOP' } }))).not.toBe(a)
    expect(keyOf(base({ postback: { payload: 'GO', title: 'Go' } }))).toBe(a)
  })

  it('response_feedback: the mid and the feedback', () => {
    expect(keyOf(base({ response_feedback: { mid: 'm_b', feedback: 'Good response' } }))).toBe(
      `messenger:${PAGE}:messaging:response_feedback:m_b:Good response`,
    )
  })

  it('every other tag, changes included: a canonical digest of the item', () => {
    const change = {
      field: 'feed',
      value: { item: 'status', verb: 'add', post_id: '1_2', message: 'hi', created_time: 1 },
    }
    const k = keyOf(change, { channel: 'changes' })
    expect(k).toMatch(new RegExp(`^messenger:${PAGE}:changes:change:#[0-9a-f]{28}$`))
    expect(keyOf(reverseKeys(change) as Json, { channel: 'changes', time: 5 })).toBe(k)
    expect(keyOf({ ...change, value: { ...change.value, message: 'other' } }, { channel: 'changes' })).not.toBe(k)
    const optin = keyOf(base({ optin: { ref: 'R1' } }))
    expect(optin).toMatch(/:messaging:optin:#[0-9a-f]{28}$/)
    expect(keyOf(base({ optin: { ref: 'R2' } }))).not.toBe(optin)
  })
})

describe('eventKey never throws', () => {
  it('keys an item nested a hundred thousand levels deep', () => {
    let deep = '1'
    for (let i = 0; i < 100_000; i++) deep = `[${deep}]`
    const text = `{"object":"page","entry":[{"id":"${PAGE}","time":1,"changes":[{"field":"x_unknown","value":${deep}}]}]}`
    const [k] = keys(text)
    expect(k).toMatch(/:changes:change:#[0-9a-f]{28}$/)
    expect(keys(text)[0]).toBe(k)
  })

  it('answers a key no event has for values that are not events', () => {
    const throwing = new Proxy(
      {},
      {
        get() {
          throw new Error('hostile')
        },
      },
    )
    for (const v of [null, undefined, 42, 'message', {}, [], { type: 'message' }, throwing]) {
      expect(eventKey(v as unknown as WebhookEvent)).toBe('not-an-event')
    }
  })

  it('law: returns a string for anything, and for events whose raw item is anything', () => {
    const r = decodeWebhook(one([base({ optin: { ref: 'R' } })]))
    if (r._tag !== 'Right') throw new Error('no event')
    const event = r.right.events[0] as WebhookEvent
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(typeof eventKey(value as WebhookEvent)).toBe('string')
        expect(typeof eventKey({ ...event, raw: value } as WebhookEvent)).toBe('string')
      }),
      lawRuns(500),
    )
  })
})
