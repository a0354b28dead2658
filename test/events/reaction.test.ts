import { describe, expect, it } from 'vitest'
import { Reaction, ReactionItem } from '../../src/index.js'
import {
  AT,
  body,
  decode,
  fixture,
  IG_ACCOUNT_ID,
  IGSID,
  itemOf,
  narrow,
  PAGE_ID,
  PSID,
  person,
  soleEvent,
  soleInvalid,
} from './helpers.js'

const react = { ...person, reaction: { mid: 'm_Original0001', action: 'react', reaction: 'like', emoji: '\u{1F44D}' } }

describe('reaction', () => {
  describe('decodes each documented variant', () => {
    it('decodes a Messenger react with its reaction name and emoji', () => {
      const b = fixture('messenger/reaction.react.json')
      const e = soleEvent(b, 'reaction')
      expect(e.reaction).toEqual({ reaction: 'love', emoji: '\u2764\ufe0f', action: 'react', mid: 'm_Original0001' })
      expect(e.sender).toEqual({ id: PSID })
      expect(e.recipient).toEqual({ id: PAGE_ID })
      expect(e.timestamp).toBe(1458668856463)
      expect(e.platform).toBe('messenger')
      expect(e.channel).toBe('messaging')
      expect(e.entry).toEqual({ id: PAGE_ID, time: 1458668856600, index: 0 })
      expect(e.index).toBe(0)
      expect(e.path).toBe(AT)
      expect(e.raw).toBe(itemOf(b))
    })

    it('decodes a Messenger unreact, which keeps reaction and emoji', () => {
      const e = soleEvent(fixture('messenger/reaction.unreact.json'), 'reaction')
      expect(e.reaction.action).toBe('unreact')
      expect(e.reaction.reaction).toBe('love')
      expect(e.reaction.emoji).toBe('\u2764\ufe0f')
    })

    it('decodes an Instagram react', () => {
      const b = fixture('instagram/reaction.react.json')
      const e = soleEvent(b, 'reaction')
      expect(e.platform).toBe('instagram')
      expect(e.entry).toEqual({ id: IG_ACCOUNT_ID, time: 1569262486134, index: 0 })
      expect(e.sender).toEqual({ id: IGSID })
      expect(e.reaction).toEqual({ mid: 'aWdf_original', action: 'react', reaction: 'love', emoji: '\u2764\ufe0f' })
      expect(e.raw).toBe(itemOf(b))
    })

    it('decodes an Instagram unreact without reaction or emoji', () => {
      const e = soleEvent(fixture('instagram/reaction.unreact.json'), 'reaction')
      expect(e.platform).toBe('instagram')
      expect(e.reaction.action).toBe('unreact')
      expect(e.reaction.mid).toBe('aWdf_original')
      expect(e.reaction.emoji).toBeUndefined()
      expect(e.reaction.reaction).toBeUndefined()
      expect(Object.keys(e.reaction)).toEqual(['mid', 'action'])
    })

    it('decodes the Instagram reaction name "laugh", which Messenger does not send', () => {
      const e = soleEvent(
        body([{ ...react, reaction: { mid: 'aWdf_1', action: 'react', reaction: 'laugh' } }], { object: 'instagram' }),
        'reaction',
      )
      expect(e.reaction.reaction).toBe('laugh')
    })
  })

  describe('open sets stay open', () => {
    it('keeps a reaction name outside both documented enums', () => {
      const e = soleEvent(fixture('messenger/reaction.unknown-value.json'), 'reaction')
      expect(e.reaction.reaction).toBe('party_popper')
      expect(e.reaction.emoji).toBe('\u{1F389}')
    })
  })

  describe('normalisation', () => {
    it('decodes a numeric-string timestamp to a number and keeps the string in raw', () => {
      const item = { ...react, timestamp: '1458668856463' }
      const e = soleEvent(body([item]), 'reaction')
      expect(e.timestamp).toBe(1458668856463)
      expect(e.raw).toBe(item)
      expect(e.raw.timestamp).toBe('1458668856463')
    })

    it('decodes a numeric sender id to a string and keeps the number in raw', () => {
      const item = { ...react, sender: { id: 2400000000000001 } }
      const e = soleEvent(body([item]), 'reaction')
      expect(e.sender.id).toBe(PSID)
      expect(item.sender.id).toBe(2400000000000001)
    })
  })

  describe('failures', () => {
    it('rejects an action outside react | unreact and lists the allowed values', () => {
      const bad = soleInvalid(fixture('invalid/reaction.bad-action.json'))
      expect(bad.type).toBe('reaction')
      expect(bad.path).toBe(`${AT}.reaction.action`)
      expect(bad.message).toBe(`${AT}.reaction.action: expected one of "react", "unreact", got the string "explode"`)
    })

    it('rejects a reaction without mid (the jgorset fixture shape)', () => {
      const bad = soleInvalid(fixture('invalid/reaction.missing-mid.json'))
      expect(bad.path).toBe(`${AT}.reaction.mid`)
      expect(bad.message).toBe(`${AT}.reaction.mid: missing required property "mid" (string)`)
    })

    it.each([
      ['action is missing', { mid: 'm_1' }, 'reaction.action', 'missing required property "action" (ReactionAction)'],
      [
        'action is a number',
        { mid: 'm_1', action: 1 },
        'reaction.action',
        'expected one of "react", "unreact", got number 1',
      ],
      [
        'action has the wrong case',
        { mid: 'm_1', action: 'React' },
        'reaction.action',
        'expected one of "react", "unreact", got the string "React"',
      ],
      ['mid is a number', { mid: 42, action: 'react' }, 'reaction.mid', 'expected a string, got number 42'],
      [
        'the reaction name is a number',
        { mid: 'm_1', action: 'react', reaction: 3 },
        'reaction.reaction',
        'expected a string (ReactionName), got number 3',
      ],
      [
        'emoji is an array',
        { mid: 'm_1', action: 'react', emoji: ['x'] },
        'reaction.emoji',
        'expected a string, got an array of 1',
      ],
      ['the reaction is a string', 'love', 'reaction', 'expected an object (Reaction), got the string "love"'],
    ])('rejects a reaction where %s', (_case, reaction, path, message) => {
      const bad = soleInvalid(body([{ ...person, reaction }]))
      expect(bad.type).toBe('reaction')
      expect(bad.path).toBe(`${AT}.${path}`)
      expect(bad.message).toBe(`${AT}.${path}: ${message}`)
    })

    it('does not let a bad reaction affect a valid neighbour in the same body', () => {
      const badItem = { ...person, reaction: { mid: 'm_2', action: 'explode' } }
      const d = decode(body([react, badItem]))
      expect(d.events).toHaveLength(1)
      const e = narrow(d.events[0], 'reaction')
      expect(e.reaction.mid).toBe('m_Original0001')
      expect(e.index).toBe(0)
      expect(e.raw).toBe(react)
      expect(d.invalid).toHaveLength(1)
      expect(d.invalid[0]?.itemPath).toBe('entry[0].messaging[1]')
      expect(d.invalid[0]?.path).toBe('entry[0].messaging[1].reaction.action')
      expect(d.invalid[0]?.index).toBe(1)
      expect(d.invalid[0]?.raw).toBe(badItem)
    })
  })

  describe('codecs', () => {
    it('Reaction.is accepts an Instagram unreact and refuses an unknown action', () => {
      expect(Reaction.is({ mid: 'aWdf_original', action: 'unreact' })).toBe(true)
      expect(Reaction.is({ mid: 'aWdf_original', action: 'explode' })).toBe(false)
      expect(Reaction.is({ action: 'react' })).toBe(false)
    })

    it('ReactionItem.decode keeps an unknown reaction name', () => {
      const r = ReactionItem.decode({ ...person, reaction: { mid: 'm', action: 'react', reaction: 'fire' } })
      expect(r._tag).toBe('Right')
      if (r._tag === 'Right') expect(r.right.reaction.reaction).toBe('fire')
    })
  })
})
