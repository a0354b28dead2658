/**
 * The lenient leaf codecs: what each accepts on input and what it promises on output. Numbers may
 * arrive as numeric text, but only a finite number comes out; IDs come out as strings.
 */
import { describe, expect, it } from 'vitest'
import { Id, NumberLike, Timestamp } from '../../src/index.js'

const value = (r: { _tag: string; right?: unknown }) => (r._tag === 'Right' ? r.right : 'Left')

describe('NumberLike', () => {
  it('takes a finite number, or numeric text, and gives a number', () => {
    expect(value(NumberLike.decode(12.5))).toBe(12.5)
    expect(value(NumberLike.decode('12.5'))).toBe(12.5)
    expect(value(NumberLike.decode(' 7 '))).toBe(7)
    expect(value(NumberLike.decode('-3e2'))).toBe(-300)
  })

  it('refuses numeric text that overflows to Infinity, and non-finite numbers', () => {
    for (const input of ['1e999', '-1e400', Number.POSITIVE_INFINITY, Number.NaN]) {
      expect(value(NumberLike.decode(input)), String(input)).toBe('Left')
    }
  })

  it('refuses text that is not a plain decimal number', () => {
    for (const input of ['', 'abc', '0x10', '1_000', 'Infinity', '12px']) {
      expect(value(NumberLike.decode(input)), JSON.stringify(input)).toBe('Left')
    }
  })
})

describe('Timestamp', () => {
  it('refuses a timestamp sent as overflowing text', () => {
    expect(value(Timestamp.decode('1718003000123'))).toBe(1718003000123)
    expect(value(Timestamp.decode('1e400'))).toBe('Left')
  })
})

describe('Id', () => {
  it('gives a string for a string or a non-negative integer', () => {
    expect(value(Id.decode('830113327037526'))).toBe('830113327037526')
    expect(value(Id.decode(830113327037526))).toBe('830113327037526')
    expect(value(Id.decode(-1))).toBe('Left')
  })
})
