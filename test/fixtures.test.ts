import { describe, expect, it } from 'vitest'
import { decodeWebhook, encodeWebhook, parseWebhook } from '../src/index.js'
import { countItems, manifest, readFixture, readFixtureText } from './fixtures.js'

describe('shipped fixtures', () => {
  describe('valid bodies decode to the tags the manifest lists, in order', () => {
    it.each(manifest.valid.map((f) => [f.file, f] as const))('%s', (_file, f) => {
      const body = readFixture(f.file)
      const r = decodeWebhook(body)
      if (r._tag === 'Left') throw new Error(r.left.message)
      expect(r.right.invalid.map((i) => i.message)).toEqual([])
      expect(r.right.object).toBe(f.object)
      expect(r.right.events.map((e) => e.type)).toEqual(f.types)
      expect(r.right.events.map((e) => e.channel)).toEqual(f.channels)
      expect(r.right.events.length).toBe(countItems(body))
      expect(encodeWebhook(r.right)).toEqual(body)
    })
  })

  // Fixtures that carry properties no codec describes, on purpose: strict mode must flag them.
  const openOnPurpose = ['messenger/message.extra-properties.json', 'messenger/optin.unknown-type.json']

  it('strict mode flags the fixtures that carry unknown properties on purpose', () => {
    for (const file of openOnPurpose) {
      const r = decodeWebhook(readFixture(file), { strict: true })
      if (r._tag === 'Left') throw new Error(r.left.message)
      expect(r.right.invalid.length).toBeGreaterThan(0)
      expect(r.right.invalid[0]?.message).toMatch(/unknown property/)
    }
  })

  describe('valid bodies also decode in strict mode', () => {
    const known = manifest.valid.filter((f) => !f.types.includes('unknown') && !openOnPurpose.includes(f.file))
    it.each(known.map((f) => [f.file, f] as const))('%s', (_file, f) => {
      const r = decodeWebhook(readFixture(f.file), { strict: true })
      if (r._tag === 'Left') throw new Error(r.left.message)
      expect(r.right.invalid.map((i) => i.issues)).toEqual([])
    })
  })

  describe('invalid bodies fail with the paths the manifest lists', () => {
    it.each(manifest.invalid.map((f) => [f.file, f] as const))('%s', (_file, f) => {
      const body = readFixture(f.file)
      const r = decodeWebhook(body)
      if (f.result === 'left') {
        if (r._tag === 'Right') throw new Error('expected Left')
        expect(r.left.issues.map((i) => i.path)).toEqual(f.paths)
        for (const issue of r.left.issues) expect(issue.message.length).toBeGreaterThan(10)
      } else {
        if (r._tag === 'Left') throw new Error(r.left.message)
        expect(r.right.invalid.map((i) => i.path)).toEqual(f.paths)
        expect(r.right.events.length).toBe(f.events)
        expect(r.right.events.length + r.right.invalid.length).toBe(countItems(body))
        expect(encodeWebhook(r.right)).toEqual(body)
      }
    })
  })

  describe('strict-only fixtures are valid by default and invalid in strict mode', () => {
    it.each(manifest.strict.map((f) => [f.file, f] as const))('%s', (_file, f) => {
      const body = readFixture(f.file)
      const lenient = decodeWebhook(body)
      if (lenient._tag === 'Left') throw new Error(lenient.left.message)
      expect(lenient.right.events.map((e) => e.type)).toEqual(f.types)
      const strict = decodeWebhook(body, { strict: true })
      if (strict._tag === 'Left') throw new Error(strict.left.message)
      expect(strict.right.invalid.map((i) => i.path)).toEqual(f.paths)
    })
  })

  it('parseWebhook on the raw fixture text gives the same events as decodeWebhook', () => {
    for (const f of manifest.valid) {
      const parsed = parseWebhook(readFixtureText(f.file))
      if (!parsed.ok) throw new Error(parsed.error.message)
      expect(parsed.value.events.map((e) => e.type)).toEqual(f.types)
    }
  })
})
