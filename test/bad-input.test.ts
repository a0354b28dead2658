/**
 * Hostile and broken input: the decoder returns a result for each of these (never throws, never
 * overflows the stack, never touches a prototype).
 */
import { describe, expect, it } from 'vitest'
import { decodeWebhook, encodeWebhook, parseWebhook } from '../src/index.js'

const item = (extra: Record<string, unknown> = {}) => ({
  sender: { id: '2400000000000001' },
  recipient: { id: '104857600000001' },
  timestamp: 1718002999876,
  message: { mid: 'm_1', text: 'hi' },
  ...extra,
})
const body = (...items: unknown[]) => ({
  object: 'page',
  entry: [{ id: '104857600000001', time: 1, messaging: items }],
})

function nested(depth: number, leaf: string): string {
  return '['.repeat(depth) + leaf + ']'.repeat(depth)
}

describe('bad input', () => {
  it('a 10 MB body with 20,000 items decodes every item', () => {
    const items = Array.from({ length: 20_000 }, (_, i) => item({ message: { mid: `m_${i}`, text: 'x'.repeat(480) } }))
    const text = JSON.stringify(body(...items))
    expect(text.length).toBeGreaterThan(10_000_000)
    const r = parseWebhook(text)
    if (!r.ok) throw new Error(r.error.message)
    expect(r.value.events.length).toBe(20_000)
    expect(r.value.invalid).toEqual([])
  })

  it('a single 10 MB message text decodes', () => {
    const r = parseWebhook(JSON.stringify(body(item({ message: { mid: 'm', text: 'y'.repeat(10_000_000) } }))))
    if (!r.ok) throw new Error(r.error.message)
    const e = r.value.events[0]
    expect(e?.type === 'message' && e.message.text?.length).toBe(10_000_000)
  })

  it('nesting 10,000 levels deep as the body is a Left, not a stack overflow', () => {
    const r = parseWebhook(nested(10_000, '1'))
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.issues[0]?.path).toBe('')
  })

  it('nesting 10,000 levels deep inside an item is kept, in lenient and strict mode', () => {
    const text = `{"object":"page","entry":[{"id":"1","time":1,"messaging":[{"sender":{"id":"1"},"recipient":{"id":"2"},"timestamp":3,"message":{"mid":"m","nlp":{"deep":${nested(10_000, '0')}}},"hop":${nested(10_000, '{}')}}]}]}`
    for (const strict of [false, true]) {
      const r = parseWebhook(text, { strict })
      if (!r.ok) throw new Error(r.error.message)
      expect(r.value.events.length + r.value.invalid.length).toBe(1)
    }
    const lenient = parseWebhook(text)
    expect(lenient.ok && lenient.value.events[0]?.type).toBe('message')
    const strict = parseWebhook(text, { strict: true })
    expect(strict.ok && strict.value.invalid[0]?.path).toBe('entry[0].messaging[0].hop')
  })

  it('an unknown event nested 10,000 levels deep decodes as unknown', () => {
    const text = `{"object":"page","entry":[{"id":"1","time":1,"messaging":[${nested(10_000, '1')}, {"x":${nested(10_000, '{}')}}]}]}`
    const r = parseWebhook(text)
    if (!r.ok) throw new Error(r.error.message)
    expect(r.value.invalid.map((i) => i.path)).toEqual(['entry[0].messaging[0]'])
    expect(r.value.events.map((e) => e.type)).toEqual(['unknown'])
  })

  it('__proto__ and constructor keys stay own data and pollute no prototype', () => {
    const text = `{"object":"page","__proto__":{"polluted":1},"entry":[{"id":"1","time":1,"__proto__":{"polluted":2},"messaging":[
      {"__proto__":{"polluted":3},"constructor":{"prototype":{"polluted":4}},"sender":{"id":7},"recipient":{"id":"2","__proto__":{"polluted":5}},"timestamp":"3",
       "message":{"mid":"m","__proto__":{"polluted":6},"attachments":[{"type":"__proto__","payload":{"polluted":7}},{"type":"constructor"},{"type":"image","payload":{"url":"u","sticker_id":1,"__proto__":{"polluted":8}}}]}},
      {"recipient":{"id":"2"},"timestamp":1,"app_roles":{"__proto__":["primary_receiver"],"constructor":["secondary_receiver"]}},
      {"__proto__":{"message":{"mid":"x"}},"recipient":{"id":"2"}},
      {"constructor":{"x":1},"sender":{"id":"1"},"recipient":{"id":"2"},"timestamp":1}
    ]}]}`
    for (const strict of [false, true]) {
      const r = parseWebhook(text, { strict })
      if (!r.ok) throw new Error(r.error.message)
      expect(r.value.events.length + r.value.invalid.length).toBe(4)
    }
    const r = parseWebhook(text)
    if (!r.ok) throw new Error(r.error.message)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('polluted')
    const [message, roles, protoOnly, ctorOnly] = r.value.events
    expect(message?.type).toBe('message')
    // The item needed normalisation (numeric sender id, string timestamp), so it was copied:
    // the copy keeps "__proto__" as an own key and its prototype is Object.prototype.
    expect(Object.getPrototypeOf(message)).toBe(Object.prototype)
    expect(Object.hasOwn(message as object, '__proto__')).toBe(true)
    if (message?.type === 'message') {
      expect(message.sender.id).toBe('7')
      expect(Object.getPrototypeOf(message.message)).toBe(Object.prototype)
      expect(message.message.attachments?.map((a) => a.type)).toEqual(['__proto__', 'constructor', 'image'])
    }
    expect(roles?.type).toBe('app_roles')
    if (roles?.type === 'app_roles') expect(Object.keys(roles.app_roles)).toEqual(['__proto__', 'constructor'])
    // An own "__proto__" key is data, not an event key: the item has none.
    expect(protoOnly?.type).toBe('unknown')
    expect(ctorOnly?.type).toBe('unknown')
    expect(encodeWebhook(r.value)).toEqual(JSON.parse(text))
  })

  it('strings with lone surrogates and other odd Unicode are kept as they are', () => {
    const odd = ['\ud800', 'a\udfffb', '\u0000', '\u2028\u2029', '💬👍🏽', '\ufeff']
    for (const text of odd) {
      const r = parseWebhook(JSON.stringify(body(item({ message: { mid: 'm', text } }))))
      if (!r.ok) throw new Error(r.error.message)
      const e = r.value.events[0]
      expect(e?.type === 'message' && e.message.text).toBe(text)
    }
  })

  it('integer IDs beyond 2^53 keep every digit when decoded from text', () => {
    const text =
      '{"object":"instagram","entry":[{"id":17841400000000001,"time":1,"messaging":[{"sender":{"id":12345678901234567890},"recipient":{"id":17841400000000001},"timestamp":1569262485349,"message":{"mid":"m","attachments":[{"type":"ig_reel","payload":{"url":"u","reel_video_id":18000000000000000123}}]}}]}]}'
    const r = parseWebhook(text)
    if (!r.ok) throw new Error(r.error.message)
    const e = r.value.events[0]
    if (e?.type !== 'message') throw new Error('expected a message')
    expect(e.entry.id).toBe('17841400000000001')
    expect(e.sender.id).toBe('12345678901234567890')
    expect(e.recipient.id).toBe('17841400000000001')
    const reel = e.message.attachments?.[0] as { payload: { reel_video_id: string } }
    expect(reel.payload.reel_video_id).toBe('18000000000000000123')
    // Safe integers elsewhere in the body stay numbers.
    expect(e.timestamp).toBe(1569262485349)
  })

  it('integer IDs beyond 2^53 in an already parsed body decode to the digits JSON.parse kept', () => {
    const r = decodeWebhook(
      JSON.parse(
        '{"object":"page","entry":[{"id":"1","time":1,"messaging":[{"sender":{"id":12345678901234567890},"recipient":{"id":"2"},"timestamp":1,"read":{"watermark":1}}]}]}',
      ),
    )
    if (r._tag === 'Left') throw new Error(r.left.message)
    const e = r.right.events[0]
    expect(e?.type === 'read' && e.sender?.id).toBe('12345678901234567168')
  })

  it('parseWebhook with exactIntegers: false leaves such IDs as JSON.parse read them', () => {
    const r = parseWebhook(
      '{"object":"page","entry":[{"id":"1","time":1,"messaging":[{"sender":{"id":12345678901234567890},"recipient":{"id":"2"},"timestamp":1,"read":{"watermark":1}}]}]}',
      { exactIntegers: false },
    )
    expect(r.ok && r.value.events[0]?.type === 'read' && r.value.events[0].sender?.id).toBe('12345678901234567168')
  })

  it('numbers that are not whole, negative, NaN-like or huge are not IDs', () => {
    for (const id of [1.5, -3, Number.POSITIVE_INFINITY, '1e400']) {
      const r = decodeWebhook(body({ ...item(), sender: { id } }))
      if (r._tag === 'Left') throw new Error(r.left.message)
      if (typeof id === 'string') expect(r.right.events.length).toBe(1)
      else expect(r.right.invalid.map((i) => i.path)).toEqual(['entry[0].messaging[0].sender.id'])
    }
  })

  it('bytes that are not UTF-8, text that is not JSON, and an empty body are error results', () => {
    const cases: [unknown, string][] = [
      [new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), 'encoding'],
      ['{"object":"page","entry":[', 'json'],
      ['', 'json'],
      [new ArrayBuffer(0), 'json'],
      ['null', 'envelope'],
      ['"page"', 'envelope'],
    ]
    for (const [input, reason] of cases) {
      const r = parseWebhook(input)
      expect(r.ok).toBe(false)
      if (!r.ok) {
        expect(r.error.reason).toBe(reason)
        expect(r.error.message.length).toBeGreaterThan(10)
      }
    }
  })

  it('a UTF-8 byte order mark before the JSON is skipped', () => {
    const text = JSON.stringify(body(item()))
    expect(parseWebhook(`\ufeff${text}`).ok).toBe(true)
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)])
    expect(parseWebhook(bytes).ok).toBe(true)
  })

  it('objects with a null prototype, getters that throw, and revoked proxies do not make it throw', () => {
    const nullProto = Object.assign(Object.create(null), item())
    const throwing = Object.defineProperty({ ...item() }, 'message', {
      get() {
        throw new Error('boom')
      },
      enumerable: true,
    })
    const { proxy, revoke } = Proxy.revocable({}, {})
    revoke()
    for (const x of [nullProto, throwing, proxy]) {
      expect(() => decodeWebhook(body(x))).not.toThrow()
    }
  })
})
