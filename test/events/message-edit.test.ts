import { describe, expect, it } from 'vitest'
import { MessageEdit } from '../../src/index.js'
import {
  AT,
  body,
  decode,
  expectDocumentedMissing,
  fixture,
  IG_ACCOUNT_ID,
  itemOf,
  narrow,
  PAGE_ID,
  person,
  soleEvent,
  soleInvalid,
} from './helpers.js'

const edit = { ...person, message_edit: { mid: 'm_Original0001', text: 'see you at 6pm', num_edit: 1 } }

describe('message_edit', () => {
  describe('decodes each documented variant', () => {
    it('decodes a Messenger edit with a numeric num_edit', () => {
      const b = fixture('messenger/message_edit.text.json')
      const e = soleEvent(b, 'message_edit')
      expect(e.message_edit).toEqual({ mid: 'm_Original0001', text: 'see you at 6pm, not 5pm', num_edit: 1 })
      expect(e.platform).toBe('messenger')
      expect(e.entry).toEqual({ id: PAGE_ID, time: 1458668856600, index: 0 })
      expect(e.raw).toBe(itemOf(b))
    })

    it('decodes an Instagram edit', () => {
      const e = soleEvent(fixture('instagram/message_edit.text.json'), 'message_edit')
      expect(e.platform).toBe('instagram')
      expect(e.entry.id).toBe(IG_ACCOUNT_ID)
      expect(e.message_edit).toEqual({ mid: 'aWdf_edited', text: 'corrected text', num_edit: 1 })
    })
  })

  describe('normalisation', () => {
    it('decodes num_edit "2" (the doc placeholder is a string) to 2 and keeps "2" in raw', () => {
      const b = fixture('messenger/message_edit.num-edit-string.json')
      const e = soleEvent(b, 'message_edit')
      expect(e.message_edit.num_edit).toBe(2)
      expect(e.raw).toBe(itemOf(b))
      expect((itemOf(b).message_edit as { num_edit: unknown }).num_edit).toBe('2')
    })
  })

  describe('failures', () => {
    it('rejects a non-numeric num_edit', () => {
      const bad = soleInvalid(fixture('invalid/message_edit.bad-num-edit.json'))
      expect(bad.type).toBe('message_edit')
      expect(bad.path).toBe(`${AT}.message_edit.num_edit`)
      expect(bad.message).toBe(
        `${AT}.message_edit.num_edit: expected a number (or a numeric string), got the string "five"`,
      )
    })

    it.each([
      ['mid is missing', { text: 'x', num_edit: 1 }, 'message_edit.mid', 'missing required property "mid" (string)'],
      ['text is a number', { mid: 'm', text: 5, num_edit: 1 }, 'message_edit.text', 'expected a string, got number 5'],
      [
        'num_edit is a boolean',
        { mid: 'm', text: 'x', num_edit: true },
        'message_edit.num_edit',
        'expected a number (or a numeric string), got boolean true',
      ],
    ])('rejects an edit where %s', (_case, message_edit, path, message) => {
      const bad = soleInvalid(body([{ ...person, message_edit }]))
      expect(bad.path).toBe(`${AT}.${path}`)
      expect(bad.message).toBe(`${AT}.${path}: ${message}`)
    })

    it('accepts an edit without its new text, as Instagram sends it; strict mode says text is documented as required', () => {
      const e = expectDocumentedMissing(
        fixture('strict/instagram.message_edit.no-text.json'),
        'message_edit',
        `${AT}.message_edit.text`,
      )
      expect(e.message_edit).toEqual({ mid: 'aWdfZAG1faWQ6edit01', num_edit: 2 })
      expect(e.message_edit.text).toBeUndefined()
    })

    it('accepts an edit without num_edit; strict mode says it is documented as required', () => {
      expectDocumentedMissing(
        body([{ ...person, message_edit: { mid: 'm', text: 'x' } }]),
        'message_edit',
        `${AT}.message_edit.num_edit`,
      )
    })

    it('does not let a bad edit affect a valid neighbour in the same body', () => {
      const badItem = { ...person, message_edit: { text: 'no mid' } }
      const d = decode(body([edit, badItem]))
      expect(narrow(d.events[0], 'message_edit').raw).toBe(edit)
      expect(d.events).toHaveLength(1)
      expect(d.invalid.map((i) => [i.itemPath, i.path])).toEqual([
        ['entry[0].messaging[1]', 'entry[0].messaging[1].message_edit.mid'],
      ])
    })
  })

  describe('codecs', () => {
    it('MessageEdit.decode accepts num_edit as a numeric string', () => {
      const r = MessageEdit.decode({ mid: 'm_1', text: 'x', num_edit: '3' })
      expect(r._tag === 'Right' && r.right.num_edit).toBe(3)
      expect(MessageEdit.is({ mid: 'm_1', text: 'x', num_edit: '3' })).toBe(false)
    })
  })
})
