import { describe, expect, it } from 'vitest'
import { FeedbackAnswer, MessagingFeedback } from '../../src/index.js'
import { AT, body, decode, fixture, itemOf, narrow, PAGE_ID, PSID, person, soleEvent, soleInvalid } from './helpers.js'

const nps = {
  ...person,
  messaging_feedback: { feedback_screens: [{ screen_id: 0, questions: { q1: { type: 'nps', payload: '9' } } }] },
}
const withScreens = (feedback_screens: unknown) => ({ ...person, messaging_feedback: { feedback_screens } })

describe('messaging_feedback', () => {
  describe('decodes each documented variant', () => {
    it('decodes a CSAT answer with a free-form follow-up, on an item without timestamp', () => {
      const b = fixture('messenger/messaging_feedback.csat.json')
      const e = soleEvent(b, 'messaging_feedback')
      expect(e.messaging_feedback.feedback_screens).toEqual([
        {
          screen_id: 0,
          questions: {
            hauydmns8: {
              type: 'csat',
              payload: '5',
              follow_up: { type: 'free_form', payload: 'I am very satisfied!' },
            },
          },
        },
      ])
      // No item timestamp: the event carries the entry's time, and says so.
      expect(e.timestamp).toBe(1718002999876)
      expect(e.timestampFrom).toBe('entry.time')
      expect(e.sender).toEqual({ id: PSID })
      expect(e.entry).toEqual({ id: PAGE_ID, time: 1718002999876, index: 0 })
      expect(e.raw).toBe(itemOf(b))
    })

    it('decodes an NPS answer without follow-up', () => {
      const e = soleEvent(body([nps]), 'messaging_feedback')
      const answer = e.messaging_feedback.feedback_screens[0]?.questions.q1
      expect(answer).toEqual({ type: 'nps', payload: '9' })
      expect(answer?.follow_up).toBeUndefined()
      expect(e.timestamp).toBe(person.timestamp)
    })

    it('keeps a question type outside csat | nps | ces (open set)', () => {
      const e = soleEvent(
        body([withScreens([{ screen_id: 0, questions: { q: { type: 'stars', payload: '4' } } }])]),
        'messaging_feedback',
      )
      expect(e.messaging_feedback.feedback_screens[0]?.questions.q?.type).toBe('stars')
    })
  })

  describe('normalisation', () => {
    it('decodes a numeric-string screen_id to a number; raw keeps the string', () => {
      const item = withScreens([{ screen_id: '0', questions: {} }])
      const e = soleEvent(body([item]), 'messaging_feedback')
      expect(e.messaging_feedback.feedback_screens[0]?.screen_id).toBe(0)
      expect(e.raw).toBe(item)
      expect(item.messaging_feedback.feedback_screens).toEqual([{ screen_id: '0', questions: {} }])
    })
  })

  describe('failures', () => {
    it.each([
      [
        'feedback_screens is missing',
        {},
        'messaging_feedback.feedback_screens',
        'missing required property "feedback_screens" (FeedbackScreen[])',
      ],
      [
        'feedback_screens is an object',
        { feedback_screens: {} },
        'messaging_feedback.feedback_screens',
        'expected an array (FeedbackScreen[]), got an object',
      ],
      [
        'a screen has no questions',
        { feedback_screens: [{ screen_id: 0 }] },
        'messaging_feedback.feedback_screens[0].questions',
        'missing required property "questions" (FeedbackQuestions)',
      ],
      [
        'a screen has no screen_id',
        { feedback_screens: [{ questions: {} }] },
        'messaging_feedback.feedback_screens[0].screen_id',
        'missing required property "screen_id" (number)',
      ],
      [
        'an answer has no type',
        { feedback_screens: [{ screen_id: 0, questions: { q1: { payload: '5' } } }] },
        'messaging_feedback.feedback_screens[0].questions.q1.type',
        'missing required property "type" (FeedbackType)',
      ],
      [
        'the score is a number, not a string',
        { feedback_screens: [{ screen_id: 0, questions: { q1: { type: 'nps', payload: 9 } } }] },
        'messaging_feedback.feedback_screens[0].questions.q1.payload',
        'expected a string, got number 9',
      ],
      [
        'the follow-up text is a number',
        {
          feedback_screens: [
            { screen_id: 0, questions: { q1: { type: 'csat', payload: '5', follow_up: { payload: 1 } } } },
          ],
        },
        'messaging_feedback.feedback_screens[0].questions.q1.follow_up.payload',
        'expected a string, got number 1',
      ],
    ])('rejects feedback where %s', (_case, messaging_feedback, path, message) => {
      const bad = soleInvalid(body([{ ...person, messaging_feedback }]))
      expect(bad.type).toBe('messaging_feedback')
      expect(bad.path).toBe(`${AT}.${path}`)
      expect(bad.message).toBe(`${AT}.${path}: ${message}`)
    })

    it('does not let bad feedback affect a valid neighbour in the same body', () => {
      const badItem = withScreens('none')
      const d = decode(body([badItem, nps]))
      expect(narrow(d.events[0], 'messaging_feedback').raw).toBe(nps)
      expect(d.events).toHaveLength(1)
      expect(d.invalid.map((i) => i.path)).toEqual([`${AT}.messaging_feedback.feedback_screens`])
    })
  })

  describe('codecs', () => {
    it('guard an answer and the whole feedback', () => {
      expect(FeedbackAnswer.is({ type: 'csat', payload: '5' })).toBe(true)
      expect(FeedbackAnswer.is({ type: 'csat', payload: 5 })).toBe(false)
      expect(
        MessagingFeedback.is({
          feedback_screens: [{ screen_id: 0, questions: { q1: { type: 'nps', payload: '9' } } }],
        }),
      ).toBe(true)
      expect(MessagingFeedback.is({ feedback_screens: [{ screen_id: 0 }] })).toBe(false)
    })
  })
})
