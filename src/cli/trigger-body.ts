/**
 * The body `trigger` sends: one item of the shipped fixtures (the `corpus` of
 * messenger-webhooks/testing) with the tag and platform asked for, picked by a seed, given fresh
 * message IDs (and, without a seed, the current time), wrapped in a one-entry body, changed by
 * `--set`, and written in Meta's compact form. docs/cli.md#7-trigger says what each step does.
 */
import { randomBytes } from 'node:crypto'
import { type EventType, eventTypes } from '../events/index.js'
import { parseWebhook } from '../parse.js'
import { corpus } from '../testing/corpus.js'
import type { CorpusItem } from '../testing/corpus-item.js'
import { escapeUnicode } from '../verify/signature.js'
import { UsageError } from './shared.js'

export type Platform = 'messenger' | 'instagram'

const PAGE_ID = '104857600000001'
const IG_ID = '17841400000000001'

/** The `--set` options, parsed: a path and the value exactly as typed. */
export interface Setting {
  readonly text: string
  readonly path: readonly Segment[]
  readonly value: string
}

type Segment = { readonly key: string } | { readonly index: number }

export interface TriggerOptions {
  readonly tag: string
  readonly platform: Platform
  readonly seed: number
  /** Keep the fixture's times (a `--seed` was given), rather than the current time. */
  readonly keepTimes: boolean
  readonly now: number
  readonly settings: readonly Setting[]
}

export interface TriggerBody {
  readonly bytes: Uint8Array
  readonly tag: EventType
  /** The fixture the item comes from (`messenger/message.text.json`), or a note when it was made up. */
  readonly fixture: string
}

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      )
    }
    prev = row
  }
  return prev[b.length] as number
}

/** The known word closest to `word` (case, `-` and spaces aside), if any is close enough. */
export function closest(word: string, known: readonly string[]): string | undefined {
  const w = word.toLowerCase().replace(/[-\s.]/g, '_')
  let best: string | undefined
  let score = Number.POSITIVE_INFINITY
  for (const k of known) {
    let d = distance(w, k)
    if (w.length >= 3 && (k.includes(w) || w.includes(k))) d = Math.min(d, 1)
    if (d < score) {
      score = d
      best = k
    }
  }
  return score <= Math.max(2, Math.floor(w.length / 3)) ? best : undefined
}

/** The tag typed, checked against every tag of the `WebhookEvent` union. */
export function eventTag(text: string): EventType {
  if ((eventTypes as readonly string[]).includes(text)) return text as EventType
  const guess = closest(text, eventTypes)
  throw new UsageError(
    `unknown event tag ${JSON.stringify(text)}${guess === undefined ? '' : `: did you mean "${guess}"?`} (trigger --help lists every tag)`,
  )
}

/** The fixture items of a tag on a platform. */
export function fixtureItems(tag: EventType, platform: Platform): CorpusItem[] {
  const object = platform === 'instagram' ? 'instagram' : 'page'
  return corpus.filter((c) => c.type === tag && c.object === object)
}

/** mulberry32: a small seeded generator of numbers in [0, 1). */
function generator(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

function token(random: () => number, n: number): string {
  let s = ''
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(random() * ALPHABET.length)]
  return s
}

/** A new message ID in the style of the one it replaces (`m_…`, Instagram's `aWdf…`, legacy `mid.…`). */
function freshMid(old: string, random: () => number): string {
  if (old.startsWith('aWdf')) return `aWdf${token(random, 40)}`
  if (old.startsWith('mid.')) return `mid.$${token(random, 28)}`
  return `m_${token(random, 22)}`
}

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u)

/** Sets a time field that is there, keeping its form: a number or a numeric string, seconds or ms. */
function setTime(o: Record<string, unknown>, key: string, ms: number): void {
  const old = o[key]
  const n = typeof old === 'number' ? old : typeof old === 'string' && /^[0-9]+$/.test(old) ? Number(old) : undefined
  if (n === undefined) return
  const value = n < 1e11 ? Math.floor(ms / 1000) : ms
  o[key] = typeof old === 'string' ? String(value) : value
}

/** The object of an item that holds its event (`message`, `postback`, the `value` of a change, …). */
function payloadOf(item: Record<string, unknown>, tag: EventType): Record<string, unknown> | undefined {
  const key =
    tag === 'message_echo'
      ? 'message'
      : tag === 'send_cart'
        ? 'order'
        : tag === 'change'
          ? 'value'
          : tag === 'policy_enforcement' && !isObject(item.policy_enforcement)
            ? 'policy-enforcement'
            : tag
  const payload = item[key]
  return isObject(payload) ? payload : undefined
}

/** An Instagram item with no event key the decoder knows (no fixture has one). */
function unknownInstagramItem(): Record<string, unknown> {
  return {
    sender: { id: '1200000000000001' },
    recipient: { id: IG_ID },
    timestamp: 1718002999876,
    hop_context: { app_id: 1517776481860111, metadata: 'an event key this version does not know' },
  }
}

/** A value given to `--set`, inserted exactly as typed when it is JSON. */
class Raw {
  constructor(readonly text: string) {}
}

/** Parses `path=value`: dot and bracket paths (`message.text`, `entry[0].time`, `value["a.b"]`). */
export function parseSetting(text: string): Setting {
  const path: Segment[] = []
  let i = 0
  const bad = (why: string): never => {
    throw new UsageError(`--set ${JSON.stringify(text)}: ${why} (write path=value, e.g. message.text=hello)`)
  }
  for (;;) {
    if (text[i] === '[') {
      const close = text.indexOf(']', i)
      if (text[i + 1] === '"') {
        // A quoted key, as a JSON string: ["a.b"], ["x]"]
        let j = i + 2
        while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1
        if (text[j + 1] !== ']') bad('a quoted key must be ["…"]')
        try {
          path.push({ key: JSON.parse(text.slice(i + 1, j + 1)) as string })
        } catch {
          bad('a quoted key must be a JSON string')
        }
        i = j + 2
      } else {
        const digits = close < 0 ? '' : text.slice(i + 1, close)
        if (!/^[0-9]+$/.test(digits) || !Number.isSafeInteger(Number(digits)))
          bad('an index must be [n] with a whole number n, or ["key"]')
        path.push({ index: Number(digits) })
        i = close + 1
      }
    } else {
      const m = /^[^.[\]=]+/.exec(text.slice(i))
      if (m === null) bad(i === 0 ? 'the path is empty' : `a key is missing at position ${i + 1}`)
      path.push({ key: (m as RegExpExecArray)[0] })
      i += (m as RegExpExecArray)[0].length
    }
    const c = text[i]
    if (c === '=') break
    if (c === '.') i++
    else if (c !== '[') bad(c === undefined ? 'no "=" and value' : `unexpected ${JSON.stringify(c)}`)
  }
  return { text, path, value: text.slice(i + 1) }
}

function pathText(path: readonly Segment[]): string {
  return path
    .map((s, i) =>
      'index' in s
        ? `[${s.index}]`
        : /^[A-Za-z_$][\w$-]*$/.test(s.key)
          ? `${i === 0 ? '' : '.'}${s.key}`
          : `[${JSON.stringify(s.key)}]`,
    )
    .join('')
}

function isJsonText(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

/** Applies one `--set` to the body (a path starting at `object` or `entry`) or to the item (any other). */
function apply(body: Record<string, unknown>, item: Record<string, unknown>, setting: Setting): void {
  const { path } = setting
  const first = path[0] as Segment
  let node: unknown = 'key' in first && (first.key === 'object' || first.key === 'entry') ? body : item
  const fail = (upTo: number, why: string): never => {
    throw new UsageError(`--set ${JSON.stringify(setting.text)}: ${pathText(path.slice(0, upTo))} ${why}`)
  }
  const put = (container: unknown, seg: Segment, value: unknown, at: number) => {
    if ('index' in seg) {
      if (!Array.isArray(container)) return fail(at, 'is not an array')
      if (seg.index > container.length)
        return fail(at, `has ${container.length} elements: [${seg.index}] is past its end`)
      container[seg.index] = value
    } else {
      if (!isObject(container)) return fail(at, 'is not an object')
      // A key such as `__proto__` becomes a key of the body, never the prototype.
      Object.defineProperty(container, seg.key, { value, writable: true, enumerable: true, configurable: true })
    }
  }
  const get = (container: unknown, seg: Segment): unknown => {
    if ('index' in seg) return Array.isArray(container) ? container[seg.index] : undefined
    return isObject(container) && Object.hasOwn(container, seg.key) ? container[seg.key] : undefined
  }
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i] as Segment
    let child = get(node, seg)
    // A value set before is taken apart to go into it.
    if (child instanceof Raw) child = JSON.parse(child.text) as unknown
    if (child === undefined) child = 'index' in (path[i + 1] as Segment) ? [] : {}
    if (typeof child !== 'object' || child === null)
      fail(i + 1, `is ${JSON.stringify(child)}: nothing can be set inside it`)
    put(node, seg, child, i)
    node = child
  }
  put(
    node,
    path[path.length - 1] as Segment,
    isJsonText(setting.value) ? new Raw(setting.value) : setting.value,
    path.length - 1,
  )
}

/**
 * Meta's compact form of a body: no spaces, `/` as `\/`, non-ASCII as lowercase `\uXXXX`; a
 * `--set` JSON value is inserted exactly as typed.
 */
function serialize(body: unknown): string {
  const mark = `mw-set-${randomBytes(8).toString('hex')}-`
  const raws: string[] = []
  const json = JSON.stringify(body, (_key, value: unknown) =>
    value instanceof Raw ? `${mark}${raws.push(value.text) - 1}` : value,
  )
  return escapeUnicode(json.replaceAll('/', '\\/')).replace(
    new RegExp(`"${mark}([0-9]+)"`, 'g'),
    (_, i: string) => raws[Number(i)] as string,
  )
}

/** Builds the body; a usage error for a tag with no fixture on that platform, or a `--set` that breaks it. */
export function triggerBody(options: TriggerOptions): TriggerBody {
  const tag = eventTag(options.tag)
  const random = generator(options.seed)
  const items = fixtureItems(tag, options.platform)
  let base: CorpusItem
  let fixture: string
  if (items.length > 0) {
    base = items[Math.floor(random() * items.length)] as CorpusItem
    fixture = base.file
  } else if (tag === 'unknown') {
    base = { file: '', object: 'instagram', channel: 'messaging', type: 'unknown', item: unknownInstagramItem() }
    fixture = 'made up: no instagram fixture has an unknown event'
  } else {
    const other: Platform = options.platform === 'instagram' ? 'messenger' : 'instagram'
    const hint = fixtureItems(tag, other).length > 0 ? `: try --platform ${other}` : ''
    throw new UsageError(
      `no ${options.platform} fixture has an event tagged ${tag} (the shipped fixtures have it on ${other} only)${hint}`,
    )
  }
  const item = JSON.parse(JSON.stringify(base.item)) as Record<string, unknown>
  const payload = payloadOf(item, tag)
  if (payload !== undefined && typeof payload.mid === 'string') payload.mid = freshMid(payload.mid, random)
  const now = options.now
  if (!options.keepTimes) {
    setTime(item, 'timestamp', now - 100)
    if (payload !== undefined) {
      for (const key of ['watermark', 'created_time', 'timestamp']) setTime(payload, key, now - 100)
    }
  }
  const account = tag === 'message_echo' ? item.sender : item.recipient
  const id =
    isObject(account) && (typeof account.id === 'string' || typeof account.id === 'number') ? account.id : undefined
  const timestamp = Number(item.timestamp)
  const time = !options.keepTimes ? now : Number.isSafeInteger(timestamp) ? timestamp + 247 : 1718003000123
  const body: Record<string, unknown> = {
    object: base.object,
    entry: [
      {
        id: id === undefined ? (base.object === 'instagram' ? IG_ID : PAGE_ID) : String(id),
        time,
        [base.channel]: [item],
      },
    ],
  }
  for (const setting of options.settings) apply(body, item, setting)
  const text = serialize(body)
  const bytes = new TextEncoder().encode(text)
  const r = parseWebhook(bytes)
  const after = options.settings.length > 0 ? ' after --set' : ''
  if (!r.ok) throw new UsageError(`the body no longer decodes${after}: ${r.error.message}`)
  const invalid = r.value.invalid[0]
  if (invalid !== undefined) throw new UsageError(`the body has an invalid item${after}: ${invalid.message}`)
  const other = r.value.events.find((e) => e.type !== tag)
  if (r.value.events.length === 0) throw new UsageError(`the body has no event${after}`)
  if (other !== undefined) throw new UsageError(`the body has a ${other.type} event${after}, not only ${tag} events`)
  return { bytes, tag, fixture }
}
