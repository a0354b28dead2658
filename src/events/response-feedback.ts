/** Thumbs up / down on the app's messages (tag `response_feedback`; docs/reference.md#response_feedback). */
import type * as t from 'io-ts'
import { openString, Str, Timestamp } from '../codec/primitives.js'
import { struct } from '../codec/struct.js'
import { Recipient, SenderId } from './common.js'

/**
 * `response_feedback`: `feedback` is `Good response` or `Bad response` on the message `mid`.
 *
 * @example
 * ```ts
 * import { ResponseFeedback } from 'messenger-webhooks'
 * ResponseFeedback.is({ feedback: 'Good response', mid: 'm_1' }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const ResponseFeedback = struct('ResponseFeedback', {
  feedback: openString<'Good response' | 'Bad response'>('ResponseFeedbackValue'),
  mid: Str,
})
/** The type the `ResponseFeedback` codec decodes to. @category events @since 0.1.0 */
export type ResponseFeedback = t.TypeOf<typeof ResponseFeedback>

/**
 * A messaging item carrying `response_feedback` (tag `response_feedback`).
 *
 * @example
 * ```ts
 * import { ResponseFeedbackItem } from 'messenger-webhooks'
 * ResponseFeedbackItem.is({ sender: { id: '1' }, recipient: { id: '2' }, timestamp: 1, response_feedback: { feedback: 'Bad response', mid: 'm' } }) // true
 * ```
 * @category events
 * @since 0.1.0
 */
export const ResponseFeedbackItem = struct(
  'ResponseFeedbackItem',
  {
    sender: SenderId,
    recipient: Recipient,
    response_feedback: ResponseFeedback,
  },
  { timestamp: Timestamp },
  { documented: ['timestamp'] },
)
/** The type the `ResponseFeedbackItem` codec decodes to. @category events @since 0.1.0 */
export type ResponseFeedbackItem = t.TypeOf<typeof ResponseFeedbackItem>
