import { describe, expect, it } from 'vitest'
import { GamePlay } from '../../src/index.js'
import {
  AT,
  body,
  decode,
  expectDocumentedMissing,
  fixture,
  itemOf,
  narrow,
  PAGE_ID,
  PSID,
  person,
  soleEvent,
  soleInvalid,
} from './helpers.js'

const solo = { game_id: '1700000000000001', player_id: '6000000000000001', context_type: 'SOLO', score: 12 }
const play = { ...person, game_play: solo }

describe('game_play', () => {
  describe('decodes each documented variant', () => {
    it('decodes a score-based game played in a thread', () => {
      const b = fixture('messenger/game_play.score.json')
      const e = soleEvent(b, 'game_play')
      expect(e.game_play).toEqual({
        game_id: '1700000000000001',
        player_id: '6000000000000001',
        locale: 'en_US',
        context_type: 'THREAD',
        context_id: '7000000000000001',
        score: 99,
      })
      expect(e.sender).toEqual({ id: PSID })
      expect(e.entry).toEqual({ id: PAGE_ID, time: 1469111400123, index: 0 })
      expect(e.raw).toBe(itemOf(b))
    })

    it('decodes a rich game: SOLO without context_id, payload kept as the JSON string it is', () => {
      const e = soleEvent(fixture('messenger/game_play.payload.json'), 'game_play')
      expect(e.game_play.context_type).toBe('SOLO')
      expect(e.game_play.context_id).toBeUndefined()
      expect(e.game_play.payload).toBe('{"level":3,"lives":2}')
      expect(e.game_play.score).toBeUndefined()
    })

    it('keeps a payload that is not valid JSON (it is not parsed)', () => {
      const e = soleEvent(body([{ ...person, game_play: { ...solo, payload: 'not json' } }]), 'game_play')
      expect(e.game_play.payload).toBe('not json')
    })

    it('keeps a context_type outside SOLO | THREAD | GROUP (open set)', () => {
      const e = soleEvent(body([{ ...person, game_play: { ...solo, context_type: 'TOURNAMENT' } }]), 'game_play')
      expect(e.game_play.context_type).toBe('TOURNAMENT')
    })
  })

  describe('normalisation', () => {
    it('decodes numeric game, player and context ids to strings and a string score to a number; raw keeps them', () => {
      const game_play = {
        game_id: 1700000000000001,
        player_id: 6000000000000001,
        context_type: 'THREAD',
        context_id: 7000000000000001,
        score: '99',
      }
      const item = { ...person, game_play }
      const e = soleEvent(body([item]), 'game_play')
      expect(e.game_play).toEqual({
        game_id: '1700000000000001',
        player_id: '6000000000000001',
        context_type: 'THREAD',
        context_id: '7000000000000001',
        score: 99,
      })
      expect(e.raw).toBe(item)
      expect(game_play.game_id).toBe(1700000000000001)
      expect(game_play.score).toBe('99')
    })
  })

  describe('failures', () => {
    it.each([
      [
        'game_id is missing',
        { player_id: '6', context_type: 'SOLO' },
        'game_play.game_id',
        'missing required property "game_id" (Id)',
      ],
      [
        'player_id is a boolean',
        { game_id: '1', player_id: true, context_type: 'SOLO' },
        'game_play.player_id',
        'expected an ID (a string or a whole number), got boolean true',
      ],
      [
        'the score is not numeric',
        { ...solo, score: 'high' },
        'game_play.score',
        'expected a number (or a numeric string), got the string "high"',
      ],
      [
        'the payload is an object',
        { ...solo, payload: { level: 3 } },
        'game_play.payload',
        'expected a string, got an object',
      ],
    ])('rejects a game play where %s', (_case, game_play, path, message) => {
      const bad = soleInvalid(body([{ ...person, game_play }]))
      expect(bad.type).toBe('game_play')
      expect(bad.path).toBe(`${AT}.${path}`)
      expect(bad.message).toBe(`${AT}.${path}: ${message}`)
    })

    it('does not let a bad game play affect a valid neighbour in the same body', () => {
      const badItem = { ...person, game_play: { game_id: '1' } }
      const d = decode(body([play, badItem]))
      expect(narrow(d.events[0], 'game_play').raw).toBe(play)
      expect(d.events).toHaveLength(1)
      expect(d.invalid.map((i) => i.path)).toEqual(['entry[0].messaging[1].game_play.player_id'])
    })
  })

  it('accepts a game play without context_type; strict mode says it is documented as required', () => {
    const e = expectDocumentedMissing(
      fixture('strict/game_play.no-context-type.json'),
      'game_play',
      `${AT}.game_play.context_type`,
    )
    expect(e.game_play.score).toBe(42)
  })

  it('GamePlay.is guards the shape', () => {
    expect(GamePlay.is(solo)).toBe(true)
    expect(GamePlay.is({ game_id: '1', player_id: '2' })).toBe(true)
    expect(GamePlay.is({ game_id: '1' })).toBe(false)
  })
})
