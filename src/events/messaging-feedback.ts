/** Customer Feedback Template answers (tag `messaging_feedback`; docs/reference.md#messaging_feedback). */
import type * as t from 'io-ts'
import { NumberLike, openString, Str, Timestamp } from '../codec/primitives.js'
import { list, recordOf, struct } from '../codec/struct.js'
import { Recipient, SenderId } from './common.js'

/**
 * One answer: `type` (`csat`, `nps`, `ces`), the score as a string in `payload`, and an optional
 * free-form `follow_up`.
 *
 * @example
 * ```ts
 * import { FeedbackAnswer } from 'messenger-webhooks'
 * FeedbackAnswer.is({ type: 'csat', payload: '5' }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const FeedbackAnswer = struct(
  'FeedbackAnswer',
  {
    type: openString<'csat' | 'nps' | 'ces' | 'free_form'>('FeedbackType'),
    payload: Str,
  },
  { follow_up: struct('FeedbackFollowUp', {}, { type: Str, payload: Str }) },
)
/** The type the `FeedbackAnswer` codec decodes to. @category events @since 0.1.0 */
export type FeedbackAnswer = t.TypeOf<typeof FeedbackAnswer>

/**
 * `messaging_feedback`: one element per form screen, answers keyed by question ID.
 *
 * @example
 * ```ts
 * import { MessagingFeedback } from 'messenger-webhooks'
 * MessagingFeedback.is({ feedback_screens: [{ screen_id: 0, questions: { q1: { type: 'nps', payload: '9' } } }] }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const MessagingFeedback = struct('MessagingFeedback', {
  feedback_screens: list(
    struct('FeedbackScreen', {
      screen_id: NumberLike,
      questions: recordOf(FeedbackAnswer, 'FeedbackQuestions'),
    }),
  ),
})
/** The type the `MessagingFeedback` codec decodes to. @category events @since 0.1.0 */
export type MessagingFeedback = t.TypeOf<typeof MessagingFeedback>

/**
 * A messaging item carrying `messaging_feedback` (tag `messaging_feedback`); `timestamp` may be absent.
 *
 * @example
 * ```ts
 * import { MessagingFeedbackItem } from 'messenger-webhooks'
 * MessagingFeedbackItem.is({ sender: { id: '1' }, recipient: { id: '2' }, messaging_feedback: { feedback_screens: [] } }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const MessagingFeedbackItem = struct(
  'MessagingFeedbackItem',
  {
    sender: SenderId,
    recipient: Recipient,
    messaging_feedback: MessagingFeedback,
  },
  { timestamp: Timestamp },
)
/** The type the `MessagingFeedbackItem` codec decodes to. @category events @since 0.1.0 */
export type MessagingFeedbackItem = t.TypeOf<typeof MessagingFeedbackItem>
