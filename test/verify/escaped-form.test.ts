/**
 * Meta's escaped-unicode form built from bytes (src/verify/escaped-form.ts): the same bytes as the
 * code-point-by-code-point reference, the same UTF-8 verdict as a fatal TextDecoder, at every
 * alignment of the body in its buffer, and a leading byte-order mark escaped, never dropped.
 */
import { isAscii, isUtf8 } from 'node:buffer'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { escapedUnicodeForm, hasNonAscii, isWellFormedUtf8, writeEscapedForm } from '../../src/verify/escaped-form.js'
import { metaEscape } from './reference.js'

const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const encoder = new TextEncoder()
const ascii = (b: Uint8Array) => Buffer.from(b).toString('latin1')

/** The form by the reference: decode (keeping a BOM), escape code unit by code unit, encode. */
function reference(bytes: Uint8Array): string | undefined {
  try {
    return metaEscape(fatal.decode(bytes))
  } catch {
    return undefined
  }
}

/** Every chunk the writer emits, joined. */
function written(bytes: Uint8Array): Uint8Array {
  const chunks: Buffer[] = []
  writeEscapedForm(bytes, (c) => chunks.push(Buffer.from(c)))
  return Buffer.concat(chunks)
}

/** The same bytes placed at byte offset `shift` of a larger buffer (pooled Buffers are unaligned). */
function shifted(bytes: Uint8Array, shift: number): Uint8Array {
  const host = new Uint8Array(bytes.byteLength + shift + 3)
  host.set(bytes, shift)
  return host.subarray(shift, shift + bytes.byteLength)
}

/** Byte arrays that are often almost UTF-8: encoded text with bytes changed, cut or inserted. */
const nearlyUtf8 = fc
  .tuple(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
    fc.nat(),
  )
  .map(([text, edits, cut]) => {
    const bytes = Array.from(encoder.encode(text))
    for (const [at, byte] of edits) bytes.splice(bytes.length === 0 ? 0 : at % bytes.length, 1, byte)
    return Uint8Array.from(bytes.slice(0, bytes.length - (cut % 3 === 0 ? cut % 4 : 0)))
  })

describe('the escaped-unicode form', () => {
  it("escapes Meta's example and astral characters as surrogate pairs, in lowercase", () => {
    expect(ascii(written(encoder.encode('{"t":"äöå 😀 中"}')))).toBe(
      '{"t":"\\u00e4\\u00f6\\u00e5 \\ud83d\\ude00 \\u4e2d"}',
    )
  })

  it('escapes a leading byte-order mark as \\ufeff instead of dropping it', () => {
    const bom = Uint8Array.from([0xef, 0xbb, 0xbf, ...encoder.encode('{"a":"é"}')])
    expect(ascii(escapedUnicodeForm(bom) as Uint8Array)).toBe('\\ufeff{"a":"\\u00e9"}')
  })

  it('has no form for an ASCII body (the form is the body itself) or for bytes that are not UTF-8', () => {
    expect(escapedUnicodeForm(encoder.encode('{"a":"b"}'))).toBeUndefined()
    expect(escapedUnicodeForm(Uint8Array.from([0x7b, 0xc3, 0x28, 0x7d]))).toBeUndefined()
    expect(escapedUnicodeForm(Uint8Array.from([0xed, 0xa0, 0x80]))).toBeUndefined() // a UTF-8-encoded surrogate
    expect(escapedUnicodeForm(Uint8Array.from([0xe2, 0x82]))).toBeUndefined() // truncated
  })

  it('sends long ASCII runs and the scratch buffer in order, across many chunks', () => {
    const text = `${'a'.repeat(70_000)}é${'b'.repeat(600)}😀${'ü'.repeat(30_000)}c`
    expect(ascii(written(encoder.encode(text)))).toBe(metaEscape(text))
  })

  it('law: on any text, the writer produces the reference form at every alignment', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.integer({ min: 0, max: 3 }), (text, shift) => {
        const bytes = shifted(encoder.encode(text), shift)
        expect(ascii(written(bytes))).toBe(reference(bytes))
      }),
      { numRuns: 2000 },
    )
  })

  it('law: the UTF-8 verdict is a fatal TextDecoder’s (and node:buffer isUtf8’s), and the form exists exactly then', () => {
    fc.assert(
      fc.property(nearlyUtf8, fc.integer({ min: 0, max: 3 }), (raw, shift) => {
        const bytes = shifted(raw, shift)
        const expected = reference(bytes)
        expect(isWellFormedUtf8(bytes)).toBe(expected !== undefined)
        expect(isUtf8(bytes)).toBe(expected !== undefined)
        const form = escapedUnicodeForm(bytes)
        if (expected === undefined || !hasNonAscii(bytes)) expect(form).toBeUndefined()
        else expect(ascii(form as Uint8Array)).toBe(expected)
      }),
      { numRuns: 5000 },
    )
  })

  it('law: hasNonAscii is node:buffer isAscii negated, at every alignment and length', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 64 }).map((b) => b.map((x) => x & 0x7f)),
        fc.option(fc.tuple(fc.nat(), fc.integer({ min: 0x80, max: 0xff }))),
        fc.integer({ min: 0, max: 3 }),
        (base, hit, shift) => {
          const bytes = Uint8Array.from(base)
          if (hit !== null && bytes.length > 0) bytes[hit[0] % bytes.length] = hit[1]
          const view = shifted(bytes, shift)
          expect(hasNonAscii(view)).toBe(!isAscii(view))
        },
      ),
      { numRuns: 3000 },
    )
  })
})
