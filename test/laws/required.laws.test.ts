/**
 * The required-field policy (docs/fidelity.md §17), as two tables written independently of the
 * codecs. REQUIRED: what an event cannot be used without; removing it or giving it the wrong type
 * lands the item in `invalid` with its path, in lenient mode. DOCUMENTED: what Meta documents as
 * always present but real traffic omits; removing it still decodes, strict mode reports it as
 * "documented as required", and giving it the wrong type is invalid in both modes.
 */
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeWebhook, type EventType } from '../../src/index.js'
import { corpus } from '../../src/testing/index.js'

const common = ['recipient', 'recipient.id']
const withSender = [...common, 'sender']

/** Required paths inside a messaging item, per tag. */
const REQUIRED: Partial<Record<EventType, readonly string[]>> = {
  message: [...withSender, 'message', 'message.mid'],
  message_echo: [...withSender, 'message.mid'],
  message_edit: [...withSender, 'message_edit', 'message_edit.mid'],
  reaction: [...withSender, 'reaction', 'reaction.mid', 'reaction.action'],
  delivery: [...withSender, 'delivery'],
  read: ['read'],
  postback: [...withSender, 'postback'],
  referral: [...withSender, 'referral'],
  optin: [...common, 'optin'],
  account_linking: [...withSender, 'account_linking', 'account_linking.status'],
  game_play: [...withSender, 'game_play', 'game_play.game_id', 'game_play.player_id'],
  pass_thread_control: [...withSender, 'pass_thread_control', 'pass_thread_control.new_owner_app_id'],
  take_thread_control: [...withSender, 'take_thread_control'],
  request_thread_control: [...withSender, 'request_thread_control', 'request_thread_control.requested_owner_app_id'],
  app_roles: [...common, 'app_roles'],
  messaging_feedback: [...withSender, 'messaging_feedback', 'messaging_feedback.feedback_screens'],
  response_feedback: [...withSender, 'response_feedback', 'response_feedback.feedback', 'response_feedback.mid'],
  send_cart: [...withSender, 'order', 'order.products', 'order.products.0.id'],
  change: ['field'],
}

/** Paths Meta documents as always present that lenient mode lets go, per tag. */
const DOCUMENTED: Partial<Record<EventType, readonly string[]>> = {
  message: ['timestamp', 'message.reply_to.story.url'],
  message_echo: ['timestamp'],
  message_edit: ['timestamp', 'message_edit.text', 'message_edit.num_edit'],
  reaction: ['timestamp'],
  read: ['sender', 'recipient', 'timestamp'],
  postback: ['timestamp', 'postback.title'],
  referral: ['timestamp', 'referral.source', 'referral.type'],
  optin: ['timestamp'],
  account_linking: ['timestamp'],
  game_play: ['timestamp', 'game_play.context_type'],
  pass_thread_control: ['timestamp'],
  take_thread_control: ['timestamp'],
  request_thread_control: ['timestamp'],
  app_roles: ['timestamp'],
  response_feedback: ['timestamp'],
  send_cart: [
    'timestamp',
    'order.products.0.retailer_id',
    'order.products.0.name',
    'order.products.0.unit_price',
    'order.products.0.currency',
    'order.products.0.quantity',
  ],
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
const documented = corpus.flatMap((c) =>
  (DOCUMENTED[c.type] ?? []).filter((p) => get(c.item, p.split('.')) !== undefined).map((path) => ({ c, path })),
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

describe('fields documented as required', () => {
  it('covers every documented path in some fixture', () => {
    const covered = new Set(documented.map((x) => `${x.c.type}:${x.path}`))
    for (const [tag, paths] of Object.entries(DOCUMENTED))
      for (const p of paths ?? []) expect(covered).toContain(`${tag}:${p}`)
  })

  it('one removed: the item still decodes; strict mode reports it at its path as documented as required (every case)', () => {
    for (const { c, path } of documented) {
      const { body, item } = beside(c, path, (parent, last) => delete parent[last])
      const lenient = decodeWebhook(body)
      if (lenient._tag === 'Left') throw new Error(lenient.left.message)
      expect(lenient.right.invalid, `${c.type} without ${path}`).toEqual([])
      expect(lenient.right.events.map((e) => e.type)).toEqual([c.type, c.channel === 'changes' ? 'change' : 'read'])
      const strict = decodeWebhook(body, { strict: true })
      if (strict._tag === 'Left') throw new Error(strict.left.message)
      const at = `entry[0].${c.channel}[0].${path.replace(/\.(\d+)(?=\.|$)/g, '[$1]')}`
      const issue = strict.right.invalid[0]?.issues.find((i) => i.path === at)
      expect(issue?.message, `${c.type} without ${path}`).toMatch(/documented as required/)
      expect(strict.right.invalid[0]?.raw).toEqual(item)
    }
  })

  it('one of the wrong type: invalid with its path, in lenient mode too (every case)', () => {
    for (const { c, path } of documented) check(c, path, false)
  })
})

/** A copy of the item with `path` changed by `change`, in a body beside a valid item of another kind. */
function beside(
  c: (typeof corpus)[number],
  path: string,
  change: (parent: Record<string, unknown>, last: string) => void,
): { body: unknown; item: Record<string, unknown> } {
  const item = JSON.parse(JSON.stringify(c.item)) as Record<string, unknown>
  const keys = path.split('.')
  change(get(item, keys.slice(0, -1)) as Record<string, unknown>, keys[keys.length - 1] as string)
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
  return { body, item }
}

/** Breaks `path` in a copy of the item (remove it, or give it a value of the wrong type) and decodes it beside a valid item. */
function check(c: (typeof corpus)[number], path: string, remove: boolean): void {
  const keys = path.split('.')
  const isEventKey = keys.length === 1 && EVENT_KEYS.has(keys[0] as string)
  const { body, item } = beside(c, path, (parent, last) => {
    if (remove && !isEventKey) delete parent[last]
    else parent[last] = wrongTypeFor(parent[last])
  })
  const channel = c.channel
  const r = decodeWebhook(body)
  if (r._tag === 'Left') throw new Error(r.left.message)
  const at = `entry[0].${channel}[0].${path.replace(/\.(\d+)(?=\.|$)/g, '[$1]')}`
  expect(r.right.invalid.map((i) => i.path)).toEqual([at])
  expect(r.right.invalid[0]?.type).toBe(c.type)
  expect(r.right.invalid[0]?.raw).toEqual(item)
  expect(r.right.events.map((e) => e.index)).toEqual([1])
}
