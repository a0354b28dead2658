import { describe, expect, it } from 'vitest'
import { decodeEvent, decodeWebhook, encodeWebhook, WebhookBody } from '../src/index.js'
import { readFixture } from './fixtures.js'

const item = { sender: { id: '2400000000000001' }, recipient: { id: '104857600000001' }, timestamp: 1718002999876 }

describe('decodeWebhook', () => {
  describe('envelope', () => {
    it('keeps the object as sent and derives the platform from it', () => {
      for (const [object, platform] of [
        ['page', 'messenger'],
        ['instagram', 'instagram'],
        ['whatsapp_business_account', 'other'],
      ] as const) {
        const r = decodeWebhook({
          object,
          entry: [{ id: '1', time: 1, messaging: [{ ...item, read: { watermark: 1 } }] }],
        })
        if (r._tag === 'Left') throw new Error(r.left.message)
        expect(r.right.object).toBe(object)
        expect(r.right.platform).toBe(platform)
        expect(r.right.events[0]?.platform).toBe(platform)
      }
    })

    it('reports every envelope problem at once, with paths, as a Left', () => {
      const r = decodeWebhook({
        object: 'page',
        entry: [{ id: true, time: 'soon' }, 'x', { id: '2', time: 1, messaging: {} }],
      })
      if (r._tag === 'Right') throw new Error('expected a Left')
      expect(r.left._tag).toBe('WebhookError')
      expect(r.left.reason).toBe('envelope')
      expect(r.left.issues.map((i) => i.path)).toEqual([
        'entry[0].id',
        'entry[0].time',
        'entry[1]',
        'entry[2].messaging',
      ])
      expect(r.left.message.split('\n')).toHaveLength(4)
      expect(r.left.message).toContain('entry[1]: expected an entry object, got the string "x"')
    })

    it('says so when given a single { field, value } change from the reference pages', () => {
      const r = decodeWebhook(readFixture('invalid/envelope.reference-page-form.json'))
      if (r._tag === 'Right') throw new Error('expected a Left')
      expect(r.left.issues[0]?.message).toContain("from Meta's reference pages")
    })

    it('accepts numeric entry ids and numeric-string times, and entries with no items', () => {
      const r = decodeWebhook({
        object: 'page',
        entry: [
          { id: 104857600000001, time: '1458692752478' },
          { id: '0', time: 1, uid: 'u', changed_fields: ['feed'] },
        ],
      })
      if (r._tag === 'Left') throw new Error(r.left.message)
      expect(r.right.entries.map((e) => [e.id, e.time, e.index, e.path])).toEqual([
        ['104857600000001', 1458692752478, 0, 'entry[0]'],
        ['0', 1, 1, 'entry[1]'],
      ])
      expect(r.right.events).toEqual([])
    })
  })

  describe('items', () => {
    it('emits messaging, then standby, then changes of each entry, entries in order, with provenance', () => {
      const r = decodeWebhook(readFixture('batch/multi-channel.json'))
      if (r._tag === 'Left') throw new Error(r.left.message)
      const seen = r.right.events.map((e) => `${e.entry.index}:${e.channel}[${e.index}]=${e.path}`)
      expect(seen).toEqual(
        r.right.events.map(
          (e) => `${e.entry.index}:${e.channel}[${e.index}]=entry[${e.entry.index}].${e.channel}[${e.index}]`,
        ),
      )
      const order = r.right.events.map((e) => [
        e.entry.index,
        ['messaging', 'standby', 'changes'].indexOf(e.channel),
        e.index,
      ])
      expect(order).toEqual([...order].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!))
    })

    it('puts the tag and provenance first and keeps item properties it does not know', () => {
      const raw = { ...item, read: { watermark: 5 }, hop_context: { app_id: 1 } }
      const r = decodeEvent(raw, { entry: { id: '9', time: 8, index: 2 }, index: 3, path: 'entry[2].messaging[3]' })
      if (r._tag === 'Left') throw new Error(r.left.message)
      expect(Object.keys(r.right).slice(0, 7)).toEqual(['type', 'platform', 'channel', 'entry', 'index', 'path', 'raw'])
      expect(r.right).toMatchObject({
        type: 'read',
        entry: { id: '9', time: 8, index: 2 },
        index: 3,
        path: 'entry[2].messaging[3]',
      })
      expect((r.right as unknown as Record<string, unknown>).hop_context).toEqual({ app_id: 1 })
      expect(r.right.raw).toBe(raw)
    })

    it('an item property named like a provenance field stays in raw only', () => {
      const raw = { ...item, read: { watermark: 5 }, type: 'spoof', path: 'x' }
      const r = decodeEvent(raw)
      if (r._tag === 'Left') throw new Error(r.left.message)
      expect(r.right.type).toBe('read')
      expect(r.right.path).toBe('')
      expect(r.right.raw.type).toBe('spoof')
    })

    it('returns the received payload objects when nothing needed normalising', () => {
      const message = { mid: 'm', text: 'hi', extra: { kept: true } }
      const r = decodeEvent({ ...item, message })
      expect(r._tag === 'Right' && r.right.type === 'message' && r.right.message).toBe(message)
    })

    it('an item that is not an object is invalid, with its path', () => {
      const r = decodeWebhook({ object: 'page', entry: [{ id: '1', time: 1, standby: [null, 'x', []] }] })
      if (r._tag === 'Left') throw new Error(r.left.message)
      expect(r.right.invalid.map((i) => [i.path, i.type, i.channel])).toEqual([
        ['entry[0].standby[0]', undefined, 'standby'],
        ['entry[0].standby[1]', undefined, 'standby'],
        ['entry[0].standby[2]', undefined, 'standby'],
      ])
      expect(r.right.invalid[1]?.message).toBe(
        'entry[0].standby[1]: expected a standby item (an object), got the string "x"',
      )
    })

    it('reports every problem of an invalid item, the first as its path and message', () => {
      const raw = { recipient: {}, timestamp: 'soon', reaction: { action: 'explode' } }
      const r = decodeWebhook({ object: 'page', entry: [{ id: '1', time: 1, messaging: [raw] }] })
      if (r._tag === 'Left') throw new Error(r.left.message)
      const bad = r.right.invalid[0]
      expect(bad?.type).toBe('reaction')
      expect(bad?.itemPath).toBe('entry[0].messaging[0]')
      expect(bad?.issues.map((i) => i.path)).toEqual([
        'entry[0].messaging[0].sender',
        'entry[0].messaging[0].recipient.id',
        'entry[0].messaging[0].reaction.mid',
        'entry[0].messaging[0].reaction.action',
        // An optional property (its absence is allowed) comes after the required ones.
        'entry[0].messaging[0].timestamp',
      ])
      expect(bad?.path).toBe('entry[0].messaging[0].sender')
      expect(bad?.issues[3]?.message).toBe('expected one of "react", "unreact", got the string "explode"')
      expect(bad?.raw).toBe(raw)
    })
  })

  describe('strict mode', () => {
    it('reports unknown properties at every level with their paths', () => {
      const raw = {
        ...item,
        x_item: 1,
        message: { mid: 'm', x_message: 2, attachments: [{ type: 'image', payload: { url: 'u', x_payload: 3 } }] },
      }
      const r = decodeWebhook({ object: 'page', entry: [{ id: '1', time: 1, messaging: [raw] }] }, { strict: true })
      if (r._tag === 'Left') throw new Error(r.left.message)
      expect(r.right.invalid[0]?.issues.map((i) => i.path)).toEqual([
        'entry[0].messaging[0].x_item',
        'entry[0].messaging[0].message.x_message',
        'entry[0].messaging[0].message.attachments[0].payload.x_payload',
      ])
    })

    it('reports an item with no known event key as invalid, naming its keys', () => {
      const r = decodeEvent({ ...item, hop_context: {} }, { strict: true })
      if (r._tag === 'Right') throw new Error('expected a Left')
      expect(r.left.type).toBe('unknown')
      expect(r.left.message).toContain('keys: hop_context')
    })

    it('does not flag unknown attachment types or opaque objects', () => {
      const raw = {
        ...item,
        message: { mid: 'm', nlp: { anything: 1 }, attachments: [{ type: 'hologram', payload: { depth: 3 } }] },
      }
      expect(decodeEvent(raw, { strict: true })._tag).toBe('Right')
    })
  })
})

describe('decodeEvent', () => {
  it('defaults to a Messenger messaging item of an unnamed entry', () => {
    const r = decodeEvent({ ...item, postback: { title: 'Go' } })
    if (r._tag === 'Left') throw new Error(r.left.message)
    expect(r.right).toMatchObject({
      platform: 'messenger',
      channel: 'messaging',
      entry: { id: '', time: 0, index: 0 },
      index: 0,
      path: '',
    })
  })

  it('decodes a change when told the channel', () => {
    const value = { item: 'post', verb: 'add' }
    const r = decodeEvent({ field: 'feed', value }, { channel: 'changes', platform: 'instagram' })
    expect(r._tag === 'Right' && r.right.type === 'change' && [r.right.field, r.right.value]).toEqual(['feed', value])
  })
})

describe('encodeWebhook and WebhookBody', () => {
  it('rebuild the body deep-equal to the input, invalid items included', () => {
    const body = readFixture('invalid/batch.two-bad-of-four.json')
    const r = WebhookBody.decode(body)
    if (r._tag === 'Left') throw new Error('expected a Right')
    expect(r.right.invalid).toHaveLength(2)
    expect(WebhookBody.encode(r.right)).toEqual(body)
    expect(encodeWebhook(r.right)).toEqual(body)
    expect(WebhookBody.is(r.right)).toBe(true)
    expect(WebhookBody.is(body)).toBe(false)
  })

  it('WebhookBody reports envelope problems as io-ts errors', () => {
    const r = WebhookBody.decode({ object: 1 })
    if (r._tag === 'Right') throw new Error('expected a Left')
    expect(r.left.map((e) => e.message)).toEqual([
      'object: expected "object" to be a string such as "page" or "instagram", got number 1',
      'entry: expected "entry" to be an array of entries, got nothing',
    ])
  })
})

describe('modifiers', () => {
  it('a top-level referral next to a message or postback is a modifier, also in strict mode', () => {
    const referral = { ref: 'bio_link', source: 'SHORTLINKS', type: 'OPEN_THREAD' }
    for (const key of ['message', 'postback'] as const) {
      const payload = key === 'message' ? { mid: 'm', text: 'hi' } : { title: 'Go' }
      const r = decodeEvent({ ...item, [key]: payload, referral }, { strict: true })
      if (r._tag === 'Left') throw new Error(r.left.message)
      expect(r.right.type).toBe(key)
      expect((r.right as unknown as { referral: unknown }).referral).toEqual(referral)
    }
  })
})
