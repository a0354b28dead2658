/**
 * Where `new Function` is not allowed (Cloudflare Workers, pages with a strict CSP) the generic
 * guards, copies and normalisers run. This file turns compilation off before anything is
 * decoded (vitest runs each file in its own module graph) and checks they give the same results.
 */
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canCompile } from '../src/codec/jit.js'
import { decodeEvent, decodeWebhook, encodeWebhook, setJitless } from '../src/index.js'
import { webhookBody, webhookItem } from '../src/testing/index.js'
import { manifest, readFixture } from './fixtures.js'

setJitless(true)

describe('without compiled guards (setJitless(true))', () => {
  it('compilation is off', () => {
    expect(canCompile()).toBe(false)
  })

  it('every valid fixture decodes to the tags the manifest lists', () => {
    for (const f of manifest.valid) {
      const r = decodeWebhook(readFixture(f.file))
      if (r._tag === 'Left') throw new Error(r.left.message)
      expect(r.right.events.map((e) => e.type)).toEqual(f.types)
      expect(r.right.invalid).toEqual([])
    }
  })

  it('every invalid fixture fails with the paths the manifest lists', () => {
    for (const f of manifest.invalid) {
      const r = decodeWebhook(readFixture(f.file))
      const paths = r._tag === 'Left' ? r.left.issues.map((i) => i.path) : r.right.invalid.map((i) => i.path)
      expect(r._tag === 'Left' ? 'left' : 'invalid').toBe(f.result)
      expect(paths).toEqual(f.paths)
    }
  })

  it('normalises numeric IDs and numeric strings as the compiled path does', () => {
    const r = decodeEvent({
      sender: { id: 104857600000001 },
      recipient: { id: '2400000000000001' },
      timestamp: '1457764197627',
      message: {
        mid: 'm',
        is_echo: true,
        app_id: 1517776481860111,
        attachments: [{ type: 'sticker', payload: { url: 'u', sticker_id: 369239263222822 } }],
      },
    })
    if (r._tag === 'Left') throw new Error(r.left.message)
    const e = r.right
    if (e.type !== 'message_echo') throw new Error(e.type)
    expect(e.sender.id).toBe('104857600000001')
    expect(e.timestamp).toBe(1457764197627)
    expect(e.message.app_id).toBe('1517776481860111')
    expect(e.message.attachments?.[0]).toEqual({
      type: 'sticker',
      payload: { url: 'u', sticker_id: '369239263222822' },
    })
  })

  it('arbitrary fixture-derived bodies decode and re-encode', () => {
    fc.assert(
      fc.property(webhookBody(), ({ body, expected }) => {
        const r = decodeWebhook(body)
        if (r._tag === 'Left') throw new Error(r.left.message)
        expect(r.right.events.map((e) => e.type)).toEqual(expected.map((x) => x.type))
        expect(encodeWebhook(r.right)).toEqual(body)
      }),
      { numRuns: 200 },
    )
  })

  it('arbitrary items decode to their tag', () => {
    fc.assert(
      fc.property(webhookItem(), ({ item, type, channel }) => {
        const r = decodeEvent(item, { channel })
        expect(r._tag === 'Right' ? r.right.type : r.left.message).toBe(type)
      }),
      { numRuns: 200 },
    )
  })
})
