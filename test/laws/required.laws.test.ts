/**
 * "Mutating a required field of a valid fixture lands it in `invalid` with the right path."
 * The table below is the spec's list of required fields per event (messenger-events.md §1.3 and
 * §2), written independently of the codecs.
 */
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeWebhook, type EventType } from '../../src/index.js'
import { corpus } from '../../src/testing/index.js'

const common = ['recipient', 'recipient.id']
const withSender = [...common, 'sender']
const timed = ['timestamp']

/** Required paths inside a messaging item, per tag. */
const REQUIRED: Partial<Record<EventType, readonly string[]>> = {
  message: [...withSender, ...timed, 'message', 'message.mid'],
  message_echo: [...withSender, ...timed, 'message.mid'],
  message_edit: [
    ...withSender,
    ...timed,
    'message_edit',
    'message_edit.mid',
    'message_edit.text',
    'message_edit.num_edit',
  ],
  reaction: [...withSender, ...timed, 'reaction', 'reaction.mid', 'reaction.action'],
  delivery: [...withSender, 'delivery', 'delivery.watermark'],
  read: [...withSender, ...timed, 'read'],
  postback: [...withSender, ...timed, 'postback', 'postback.title'],
  referral: [...withSender, ...timed, 'referral', 'referral.source', 'referral.type'],
  optin: [...common, ...timed, 'optin'],
  account_linking: [...withSender, ...timed, 'account_linking', 'account_linking.status'],
  game_play: [
    ...withSender,
    ...timed,
    'game_play',
    'game_play.game_id',
    'game_play.player_id',
    'game_play.context_type',
  ],
  pass_thread_control: [...withSender, ...timed, 'pass_thread_control', 'pass_thread_control.new_owner_app_id'],
  take_thread_control: [...withSender, ...timed, 'take_thread_control'],
  request_thread_control: [
    ...withSender,
    ...timed,
    'request_thread_control',
    'request_thread_control.requested_owner_app_id',
  ],
  app_roles: [...common, ...timed, 'app_roles'],
  messaging_feedback: [...withSender, 'messaging_feedback', 'messaging_feedback.feedback_screens'],
  response_feedback: [
    ...withSender,
    ...timed,
    'response_feedback',
    'response_feedback.feedback',
    'response_feedback.mid',
  ],
  send_cart: [...withSender, ...timed, 'order', 'order.products'],
  change: ['field'],
}

/**
 * Required paths inside a change, per `field` with a value codec (docs/events.md#change): the
 * value itself, and what makes it usable.
 */
const template = ['value', 'value.event']
const comment = ['value', 'value.id', 'value.from.id', 'value.media.id']
const CHANGE_REQUIRED: Readonly<Record<string, readonly string[]>> = {
  messenger_template_status_update: template,
  message_template_status_update: template,
  comments: comment,
  live_comments: comment,
  mentions: ['value', 'value.media_id'],
  story_insights: ['value', 'value.media_id'],
  message_reactions: ['value', 'value.reaction', 'value.reaction.mid', 'value.reaction.action'],
  feed: ['value', 'value.item', 'value.verb', 'value.from.id'],
  messages: ['value', 'value.page_id'],
}

/** The required paths of a corpus item: per tag, and for a change also per field. */
function requiredOf(c: (typeof corpus)[number]): readonly string[] {
  const paths = REQUIRED[c.type] ?? []
  if (c.type !== 'change') return paths
  const field = (c.item as { field?: unknown }).field
  return [...paths, ...(typeof field === 'string' ? (CHANGE_REQUIRED[field] ?? []) : [])]
}

/** The key that identifies the event: deleting it changes the kind, so it is only retyped. */
const EVENT_KEYS = new Set([
  'message',
  'message_edit',
  'reaction',
  'delivery',
  'read',
  'postback',
  'referral',
  'optin',
  'account_linking',
  'game_play',
  'pass_thread_control',
  'take_thread_control',
  'request_thread_control',
  'app_roles',
  'messaging_feedback',
  'response_feedback',
  'order',
])

function get(o: unknown, path: string[]): unknown {
  return path.reduce<unknown>(
    (v, k) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined),
    o,
  )
}

/** A value of the wrong type for whatever `original` is. */
function wrongTypeFor(original: unknown): unknown {
  if (typeof original === 'object' && original !== null) return 42
  return { not: 'valid' }
}

const cases = corpus.flatMap((c) =>
  requiredOf(c)
    .filter((p) => get(c.item, p.split('.')) !== undefined)
    .map((path) => ({ c, path })),
)

describe('required fields', () => {
  it('covers every tag with required fields', () => {
    const covered = new Set(cases.map((x) => x.c.type))
    for (const tag of Object.keys(REQUIRED)) expect(covered.has(tag as EventType)).toBe(true)
  })

  it('covers every change field with a value codec', () => {
    const covered = new Set(cases.map((x) => (x.c.type === 'change' ? (x.c.item as { field: string }).field : '')))
    for (const field of Object.keys(CHANGE_REQUIRED)) expect(covered.has(field), field).toBe(true)
  })

  it('a required field removed or of the wrong type lands the item in invalid with its path (every case)', () => {
    for (const { c, path } of cases) for (const remove of [true, false]) check(c, path, remove)
  })

  it('the same holds for fixture items drawn at random', () => {
    fc.assert(
      fc.property(fc.constantFrom(...cases), fc.boolean(), ({ c, path }, remove) => check(c, path, remove)),
      { numRuns: 200 },
    )
  })
})

/** Breaks `path` in a copy of the item (remove it, or give it a value of the wrong type) and decodes it beside a valid item. */
function check(c: (typeof corpus)[number], path: string, remove: boolean): void {
  const item = JSON.parse(JSON.stringify(c.item)) as Record<string, unknown>
  const keys = path.split('.')
  const parent = get(item, keys.slice(0, -1)) as Record<string, unknown>
  const last = keys[keys.length - 1] as string
  const isEventKey = keys.length === 1 && EVENT_KEYS.has(last)
  if (remove && !isEventKey) delete parent[last]
  else parent[last] = wrongTypeFor(parent[last])
  const other = { sender: { id: '1' }, recipient: { id: '2' }, timestamp: 3, read: { watermark: 4 } }
  const channel = c.channel
  const body = {
    object: c.object,
    entry: [
      {
        id: '9',
        time: 1,
        [channel]:
          channel === 'changes' ? [item, { field: 'feed', value: { item: 'status', verb: 'add' } }] : [item, other],
      },
    ],
  }
  const r = decodeWebhook(body)
  if (r._tag === 'Left') throw new Error(r.left.message)
  expect(r.right.invalid.map((i) => i.path)).toEqual([`entry[0].${channel}[0].${path}`])
  expect(r.right.invalid[0]?.type).toBe(c.type)
  expect(r.right.invalid[0]?.raw).toEqual(item)
  expect(r.right.events.map((e) => e.index)).toEqual([1])
}
