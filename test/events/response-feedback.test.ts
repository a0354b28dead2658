import { describe, expect, it } from 'vitest'
import { ResponseFeedback } from '../../src/index.js'
import { AT, body, decode, fixture, itemOf, narrow, PAGE_ID, PSID, person, soleEvent, soleInvalid } from './helpers.js'

const good = { ...person, response_feedback: { feedback: 'Good response', mid: 'm_BotAnswer0001' } }

describe('response_feedback', () => {
  describe('decodes each documented variant', () => {
    it('decodes a thumbs-up on a bot message', () => {
      const b = fixture('messenger/response_feedback.good.json')
      const e = soleEvent(b, 'response_feedback')
      expect(e.response_feedback).toEqual({ feedback: 'Good response', mid: 'm_BotAnswer0001' })
      expect(e.sender).toEqual({ id: PSID })
      expect(e.recipient).toEqual({ id: PAGE_ID })
      expect(e.timestamp).toBe(1458668856463)
      expect(e.raw).toBe(itemOf(b))
    })

    it('decodes a thumbs-down on a bot message', () => {
      const e = soleEvent(fixture('messenger/response_feedback.bad.json'), 'response_feedback')
      expect(e.response_feedback).toEqual({ feedback: 'Bad response', mid: 'm_BotAnswer0002' })
    })

    it('keeps a feedback value outside the two documented ones', () => {
      const e = soleEvent(
        body([{ ...person, response_feedback: { feedback: 'Helpful', mid: 'm' } }]),
        'response_feedback',
      )
      expect(e.response_feedback.feedback).toBe('Helpful')
    })
  })

  describe('failures', () => {
    it.each([
      [
        'feedback is missing',
        { mid: 'm' },
        'response_feedback.feedback',
        'missing required property "feedback" (ResponseFeedbackValue)',
      ],
      [
        'mid is missing',
        { feedback: 'Good response' },
        'response_feedback.mid',
        'missing required property "mid" (string)',
      ],
      [
        'feedback is a boolean',
        { feedback: true, mid: 'm' },
        'response_feedback.feedback',
        'expected a string (ResponseFeedbackValue), got boolean true',
      ],
      [
        'mid is a number',
        { feedback: 'Bad response', mid: 1 },
        'response_feedback.mid',
        'expected a string, got number 1',
      ],
    ])('rejects feedback where %s', (_case, response_feedback, path, message) => {
      const bad = soleInvalid(body([{ ...person, response_feedback }]))
      expect(bad.type).toBe('response_feedback')
      expect(bad.path).toBe(`${AT}.${path}`)
      expect(bad.message).toBe(`${AT}.${path}: ${message}`)
    })

    it('does not let bad feedback affect a valid neighbour in the same body', () => {
      const badItem = { ...person, response_feedback: {} }
      const d = decode(body([good, badItem]))
      expect(narrow(d.events[0], 'response_feedback').raw).toBe(good)
      expect(d.events).toHaveLength(1)
      expect(d.invalid.map((i) => i.path)).toEqual(['entry[0].messaging[1].response_feedback.feedback'])
    })
  })

  describe('codecs', () => {
    it('ResponseFeedback.is needs feedback and mid', () => {
      expect(ResponseFeedback.is({ feedback: 'Good response', mid: 'm_1' })).toBe(true)
      expect(ResponseFeedback.is({ feedback: 'Good response' })).toBe(false)
    })
  })
})
