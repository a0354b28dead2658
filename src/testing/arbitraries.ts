/**
 * fast-check arbitraries derived from the shipped fixtures: real item shapes with random IDs,
 * texts and timestamps, numbers sent as strings, unknown extra properties, batched into bodies.
 * For property-testing webhook handlers.
 */
import * as fc from 'fast-check'
import type { Channel, EventType } from '../events/index.js'
import { corpus } from './corpus.js'
import type { CorpusItem } from './corpus-item.js'

/**
 * Options for {@link webhookItem} and {@link webhookBody}.
 *
 * @example
 * ```ts
 * import type { ItemOptions } from 'messenger-webhooks/testing'
 * const o: ItemOptions = { types: ['message', 'postback'], platform: 'instagram' }
 * ```
 * @category testing
 * @since 0.1.0
 */
export interface ItemOptions {
  /** Only items that decode to one of these tags. Default: every tag in the corpus. */
  readonly types?: readonly EventType[]
  /** Only Messenger (`object: "page"`) or Instagram items. Default: both. */
  readonly platform?: 'messenger' | 'instagram'
  /** Add unknown properties (`x_…`) to the item and its payload object. Default `true`. */
  readonly extraProperties?: boolean
  /** Sometimes send IDs (and a Chat Plugin `user_ref`) as numbers and timestamps as numeric strings. Default `true`. */
  readonly looseTypes?: boolean
  /**
   * Sometimes leave out one field that Meta documents as always present but real traffic omits
   * (an item `timestamp`, a postback `title`, an Instagram edit's `text`, …; docs/fidelity.md#17-required-fields-what-the-decoder-insists-on):
   * the lenient decoder accepts such items, strict mode reports them. Default `true`; set `false`
   * (with `extraProperties: false`) for items that pass strict mode.
   */
  readonly omitDocumented?: boolean
}

/**
 * An item drawn by {@link webhookItem}: the item, and the tag and channel it decodes to.
 *
 * @example
 * ```ts
 * import type { ArbitraryItem } from 'messenger-webhooks/testing'
 * declare const a: ArbitraryItem
 * a.type // e.g. 'reaction'
 * ```
 * @category testing
 * @since 0.1.0
 */
export interface ArbitraryItem {
  readonly item: Record<string, unknown>
  readonly type: EventType
  readonly channel: Channel
  /** `"page"` or `"instagram"`. */
  readonly object: string
  /** The fixture it was derived from. */
  readonly file: string
}

/** The payload key of each tag, where extra properties may be added (records and strings excluded). */
const PAYLOAD_KEY: Partial<Record<EventType, string>> = {
  message: 'message',
  message_echo: 'message',
  message_edit: 'message_edit',
  reaction: 'reaction',
  delivery: 'delivery',
  read: 'read',
  postback: 'postback',
  referral: 'referral',
  optin: 'optin',
  account_linking: 'account_linking',
  game_play: 'game_play',
  pass_thread_control: 'pass_thread_control',
  take_thread_control: 'take_thread_control',
  request_thread_control: 'request_thread_control',
  messaging_feedback: 'messaging_feedback',
  response_feedback: 'response_feedback',
  send_cart: 'order',
  payment: 'payment',
  checkout_update: 'checkout_update',
  pre_checkout: 'pre_checkout',
  branded_camera: 'branded_camera',
  change: 'value',
}

/**
 * Per tag, the paths Meta documents as always present that the lenient decoder lets go
 * (docs/fidelity.md#17-required-fields-what-the-decoder-insists-on); `0` stands for the first element of an array.
 */
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
  send_cart: ['timestamp', 'order.products.0.name', 'order.products.0.unit_price', 'order.products.0.currency'],
  payment: ['timestamp'],
  checkout_update: ['timestamp'],
  pre_checkout: ['timestamp'],
  branded_camera: ['timestamp'],
  policy_enforcement: ['timestamp'],
  message_request: ['timestamp'],
}

/** Deletes `path` (dot-separated) from `item` where it exists. */
function omit(item: Record<string, unknown>, path: string): void {
  const keys = path.split('.')
  let parent: unknown = item
  for (const k of keys.slice(0, -1))
    parent = typeof parent === 'object' && parent !== null ? (parent as Record<string, unknown>)[k] : undefined
  if (typeof parent === 'object' && parent !== null)
    delete (parent as Record<string, unknown>)[keys[keys.length - 1] as string]
}

/** ID properties of change values (and of their `from` / `media` objects), sent as numbers by `looseTypes`. */
const VALUE_IDS = ['id', 'media_id', 'comment_id', 'parent_id', 'page_id', 'message_template_id']
/** Numeric properties of change values, sent as numeric strings by `looseTypes`. */
const VALUE_NUMBERS = [
  'impressions',
  'reach',
  'taps_forward',
  'taps_back',
  'exits',
  'replies',
  'created_time',
  'timestamp',
]

interface Variation {
  readonly omitted: number | undefined
  readonly userRefAsNumber: number | undefined
  readonly senderId: string | number | undefined
  readonly recipientId: string | number | undefined
  readonly text: string | undefined
  readonly timestamp: number | string | undefined
  readonly extras: readonly (readonly [string, unknown])[]
  readonly payloadExtras: readonly (readonly [string, unknown])[]
  /** Change values: digit-string IDs as JSON numbers (where exact). */
  readonly valueIdsAsNumbers: boolean
  /** Change values: numbers as numeric strings. */
  readonly valueNumbersAsStrings: boolean
}

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u)

/** The looser wire forms of a typed change value: IDs as numbers, numbers as strings, another text. */
function varyValue(value: Record<string, unknown>, v: Variation): void {
  const idsIn = (o: Record<string, unknown>) => {
    for (const k of VALUE_IDS) {
      const x = o[k]
      if (typeof x === 'string' && /^[1-9][0-9]*$/.test(x) && Number.isSafeInteger(Number(x))) o[k] = Number(x)
    }
  }
  if (v.valueIdsAsNumbers) {
    idsIn(value)
    for (const k of ['from', 'media', 'sender', 'recipient']) if (isObject(value[k])) idsIn(value[k])
  }
  if (v.valueNumbersAsStrings) {
    for (const k of VALUE_NUMBERS) if (typeof value[k] === 'number') value[k] = String(value[k])
  }
  if (v.text !== undefined) {
    if (typeof value.text === 'string') value.text = v.text
    if (typeof value.message === 'string') value.message = v.text
  }
}

const digits = fc.stringMatching(/^[1-9][0-9]{14,16}$/)
const id = (loose: boolean) => (loose ? fc.oneof(digits, fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })) : digits)
const extraKey = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/).map((k) => `x_${k}`)
const extras = (enabled: boolean) =>
  enabled
    ? fc.array(fc.tuple(extraKey, fc.jsonValue({ maxDepth: 2 })), { maxLength: 2 })
    : fc.constant([] as [string, unknown][])

function pool(options: ItemOptions): readonly CorpusItem[] {
  const object = options.platform === undefined ? undefined : options.platform === 'instagram' ? 'instagram' : 'page'
  const items = corpus.filter(
    (c) =>
      (options.types === undefined || options.types.includes(c.type)) && (object === undefined || c.object === object),
  )
  if (items.length === 0) throw new Error('messenger-webhooks/testing: no fixture item matches these options')
  return items
}

function apply(base: CorpusItem, v: Variation): ArbitraryItem {
  const item = JSON.parse(JSON.stringify(base.item)) as Record<string, unknown>
  const sender = item.sender as Record<string, unknown> | undefined
  if (sender !== undefined && typeof sender.id === 'string' && v.senderId !== undefined) sender.id = v.senderId
  if (sender !== undefined && typeof sender.user_ref === 'string' && v.userRefAsNumber !== undefined)
    sender.user_ref = v.userRefAsNumber
  const recipient = item.recipient as Record<string, unknown> | undefined
  if (recipient !== undefined && typeof recipient.id === 'string' && v.recipientId !== undefined)
    recipient.id = v.recipientId
  if (item.timestamp !== undefined && v.timestamp !== undefined) item.timestamp = v.timestamp
  const message = item.message as Record<string, unknown> | undefined
  if (message !== undefined && typeof message.text === 'string' && v.text !== undefined) message.text = v.text
  // Every change value the corpus has is an object of known keys (or opaque, where any form goes).
  if (base.channel === 'changes' && isObject(item.value)) varyValue(item.value, v)
  for (const [k, value] of v.extras) item[k] = value
  const documented = DOCUMENTED[base.type]
  if (documented !== undefined && v.omitted !== undefined)
    omit(item, documented[v.omitted % documented.length] as string)
  const payloadKey = PAYLOAD_KEY[base.type]
  const payload = payloadKey === undefined ? undefined : item[payloadKey]
  if (typeof payload === 'object' && payload !== null && !Array.isArray(payload)) {
    for (const [k, value] of v.payloadExtras) (payload as Record<string, unknown>)[k] = value
  }
  return { item, type: base.type, channel: base.channel, object: base.object, file: base.file }
}

/**
 * An item derived from a shipped fixture: same shape and tag, with random sender/recipient IDs
 * (sometimes as numbers), a random message text (any Unicode, lone surrogates included), a
 * random timestamp (sometimes as a numeric string), unknown extra properties, and now and then
 * one documented field left out, as real traffic does. A change's `value` (comments, feed, story
 * insights, …) gets the same treatment inside: IDs sometimes as numbers, metrics and times as
 * numeric strings, a random comment or post text, unknown extra properties.
 *
 * @example
 * ```ts
 * import fc from 'fast-check'
 * import { decodeEvent } from 'messenger-webhooks'
 * import { webhookItem } from 'messenger-webhooks/testing'
 * fc.assert(fc.property(webhookItem({ types: ['reaction'] }), ({ item, type }) => {
 *   const r = decodeEvent(item)
 *   return r._tag === 'Right' && r.right.type === type
 * }))
 * ```
 * @category testing
 * @since 0.1.0
 */
export function webhookItem(options: ItemOptions = {}): fc.Arbitrary<ArbitraryItem> {
  const loose = options.looseTypes !== false
  const ts = fc.integer({ min: 1_400_000_000_000, max: 1_900_000_000_000 })
  return fc
    .record({
      base: fc.constantFrom(...pool(options)),
      // One item in five leaves a documented field out.
      omitted:
        options.omitDocumented === false
          ? fc.constant(undefined)
          : fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: fc.nat(), weight: 1 }),
      userRefAsNumber: loose
        ? fc.option(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), { nil: undefined })
        : fc.constant(undefined),
      senderId: fc.option(id(loose), { nil: undefined }),
      recipientId: fc.option(id(loose), { nil: undefined }),
      text: fc.option(fc.string({ unit: 'binary', maxLength: 40 }), { nil: undefined }),
      timestamp: fc.option(loose ? fc.oneof(ts, ts.map(String)) : ts, { nil: undefined }),
      extras: extras(options.extraProperties !== false),
      payloadExtras: extras(options.extraProperties !== false),
      valueIdsAsNumbers: loose ? fc.boolean() : fc.constant(false),
      valueNumbersAsStrings: loose ? fc.boolean() : fc.constant(false),
    })
    .map(({ base, ...v }) => apply(base, v))
}

/**
 * A webhook body drawn by {@link webhookBody}, with the tag and channel of each item in the
 * order the decoder emits events (entries in order; messaging, then standby, then changes).
 *
 * @example
 * ```ts
 * import type { ArbitraryBody } from 'messenger-webhooks/testing'
 * declare const b: ArbitraryBody
 * b.expected.length // number of items in b.body
 * ```
 * @category testing
 * @since 0.1.0
 */
export interface ArbitraryBody {
  readonly body: { readonly object: string; readonly entry: readonly Record<string, unknown>[] }
  readonly expected: readonly { readonly type: EventType; readonly channel: Channel }[]
}

/**
 * Options for {@link webhookBody}.
 *
 * @example
 * ```ts
 * import type { BodyOptions } from 'messenger-webhooks/testing'
 * const o: BodyOptions = { maxEntries: 2, maxItemsPerEntry: 5 }
 * ```
 * @category testing
 * @since 0.1.0
 */
export interface BodyOptions extends ItemOptions {
  /** Default 3. */
  readonly maxEntries?: number
  /** Default 4. */
  readonly maxItemsPerEntry?: number
}

/**
 * A batched webhook body of fixture-derived items (see {@link webhookItem}) for one platform,
 * spread over several entries and channels.
 *
 * @example
 * ```ts
 * import fc from 'fast-check'
 * import { decodeWebhook } from 'messenger-webhooks'
 * import { webhookBody } from 'messenger-webhooks/testing'
 * fc.assert(fc.property(webhookBody(), ({ body, expected }) => {
 *   const r = decodeWebhook(body)
 *   return r._tag === 'Right' && r.right.events.length === expected.length
 * }))
 * ```
 * @category testing
 * @since 0.1.0
 */
export function webhookBody(options: BodyOptions = {}): fc.Arbitrary<ArbitraryBody> {
  const platforms =
    options.platform === undefined ? (['messenger', 'instagram'] as const) : ([options.platform] as const)
  const available = platforms.filter((p) => {
    try {
      pool({ ...options, platform: p })
      return true
    } catch {
      return false
    }
  })
  if (available.length === 0) throw new Error('messenger-webhooks/testing: no fixture item matches these options')
  return fc.constantFrom(...available).chain((platform) => {
    const entry = fc.record({
      id: digits,
      time: fc.integer({ min: 1_400_000_000_000, max: 1_900_000_000_000 }),
      items: fc.array(webhookItem({ ...options, platform }), {
        minLength: 1,
        maxLength: options.maxItemsPerEntry ?? 4,
      }),
    })
    return fc.array(entry, { minLength: 1, maxLength: options.maxEntries ?? 3 }).map((entries) => {
      const expected: { type: EventType; channel: Channel }[] = []
      const entryOut = entries.map(({ id: entryId, time, items }) => {
        const e: Record<string, unknown> = { id: entryId, time }
        for (const channel of ['messaging', 'standby', 'changes'] as const) {
          const inChannel = items.filter((i) => i.channel === channel)
          if (inChannel.length === 0) continue
          e[channel] = inChannel.map((i) => i.item)
          for (const i of inChannel) expected.push({ type: i.type, channel })
        }
        return e
      })
      return { body: { object: platform === 'instagram' ? 'instagram' : 'page', entry: entryOut }, expected }
    })
  })
}
