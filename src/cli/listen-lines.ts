/**
 * The lines `listen` prints as requests arrive: one per event (time, platform, tag, sender, a
 * short summary), one per invalid item, and one per request that carries no event (a handshake,
 * a refusal). Everything that came from the request is escaped first, so a message text cannot
 * move the cursor, recolour the terminal or hide behind bidirectional controls.
 */
import type { InvalidItem } from '../errors.js'
import type { WebhookEvent } from '../events/index.js'

/** ANSI colours, or none. */
export interface Colors {
  readonly dim: (s: string) => string
  readonly bold: (s: string) => string
  readonly red: (s: string) => string
  readonly green: (s: string) => string
  readonly yellow: (s: string) => string
  readonly cyan: (s: string) => string
}

export function colors(enabled: boolean): Colors {
  const wrap = (code: number) => (s: string) => (enabled ? `\u001b[${code}m${s}\u001b[0m` : s)
  return { dim: wrap(2), bold: wrap(1), red: wrap(31), green: wrap(32), yellow: wrap(33), cyan: wrap(36) }
}

/** C0 and C1 controls, DEL, and the bidirectional overrides and isolates. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters to escape
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/** A string from the request, safe to print on a terminal: controls as `\uXXXX`. */
export function safe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** At most `max` characters (code points), with `…` when cut. */
function cut(text: string, max: number): string {
  const chars = Array.from(text)
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`
}

/** A text from the request as a short JSON string (quotes and escapes shown as such). */
export function quote(text: string, max = 60): string {
  return safe(JSON.stringify(cut(text, max)))
}

/** `HH:MM:SS`, local time. */
export function clock(at: Date): string {
  const two = (n: number) => String(n).padStart(2, '0')
  return `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`
}

/** The value at a path of plain objects, or `undefined`. */
function at(value: unknown, ...path: string[]): unknown {
  let v = value
  for (const key of path) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined
    v = (v as Record<string, unknown>)[key]
  }
  return v
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return undefined
}

/** A message's text, else its attachments' types, else its quick reply or sticker. */
function messageSummary(message: unknown): string {
  const text = str(at(message, 'text'))
  const attachments = at(message, 'attachments')
  const kinds = Array.isArray(attachments) ? attachments.map((a) => str(at(a, 'type')) ?? '?') : []
  const parts: string[] = []
  if (text !== undefined) parts.push(quote(text))
  if (kinds.length > 0) parts.push(`[${safe(cut(kinds.join(', '), 40))}]`)
  const quickReply = str(at(message, 'quick_reply', 'payload'))
  if (quickReply !== undefined) parts.push(`quick reply ${quote(quickReply, 40)}`)
  const reply = str(at(message, 'reply_to', 'mid'))
  if (reply !== undefined) parts.push(`reply to ${safe(cut(reply, 24))}`)
  return parts.length > 0 ? parts.join(' ') : '(no text)'
}

/** The item's keys, for events without a better summary. */
function keysOf(raw: Record<string, unknown>): string {
  const keys = Object.keys(raw).filter((k) => !['sender', 'recipient', 'timestamp'].includes(k))
  return keys.length === 0 ? '-' : safe(cut(keys.join(', '), 60))
}

/** A few words about an event: the text, the payload, the reaction. */
export function summary(event: WebhookEvent): string {
  const raw = event.raw
  switch (event.type) {
    case 'message':
    case 'message_echo':
      return messageSummary(raw.message)
    case 'message_edit': {
      const text = str(at(raw, 'message_edit', 'text'))
      return text === undefined ? '(no text)' : quote(text)
    }
    case 'postback': {
      const payload = str(at(raw, 'postback', 'payload'))
      const title = str(at(raw, 'postback', 'title'))
      const parts = [payload === undefined ? 'no payload' : `payload ${quote(payload, 40)}`]
      if (title !== undefined) parts.push(`title ${quote(title, 30)}`)
      return parts.join(' ')
    }
    case 'reaction': {
      const r = at(raw, 'reaction')
      const what = str(at(r, 'emoji')) ?? str(at(r, 'reaction')) ?? ''
      return safe(`${str(at(r, 'action')) ?? '?'} ${cut(what, 20)} on ${cut(str(at(r, 'mid')) ?? '?', 24)}`)
    }
    case 'read': {
      const watermark = str(at(raw, 'read', 'watermark'))
      return safe(
        watermark !== undefined ? `watermark ${watermark}` : `mid ${cut(str(at(raw, 'read', 'mid')) ?? '?', 24)}`,
      )
    }
    case 'delivery': {
      const mids = at(raw, 'delivery', 'mids')
      const watermark = str(at(raw, 'delivery', 'watermark'))
      const n = Array.isArray(mids) ? mids.length : 0
      return safe(
        `${n} ${n === 1 ? 'message' : 'messages'}${watermark !== undefined ? `, watermark ${watermark}` : ''}`,
      )
    }
    case 'referral':
    case 'optin': {
      const item = at(raw, event.type)
      const ref = str(at(item, 'ref'))
      const source = str(at(item, 'source')) ?? str(at(item, 'type'))
      const parts = [ref === undefined ? 'no ref' : `ref ${quote(ref, 40)}`]
      if (source !== undefined) parts.push(`(${safe(cut(source, 30))})`)
      return parts.join(' ')
    }
    case 'change': {
      const text = str(at(raw, 'value', 'text')) ?? str(at(raw, 'value', 'message'))
      const field = safe(cut(str(raw.field) ?? '?', 30))
      return text === undefined ? `field ${field}` : `field ${field} ${quote(text, 50)}`
    }
    default:
      return keysOf(raw)
  }
}

/** The sender's ID (the commenter's for a change), or `-`. */
export function senderOf(event: WebhookEvent): string {
  const id = str(at(event.raw, 'sender', 'id')) ?? str(at(event.raw, 'value', 'from', 'id'))
  return id === undefined ? '-' : safe(cut(id, 24))
}

/** The line of one event. */
export function eventLine(time: string, event: WebhookEvent, c: Colors): string {
  const channel = event.channel === 'standby' ? c.dim(' [standby]') : ''
  return [
    c.dim(time),
    event.platform.padEnd(9),
    c.bold(event.type.padEnd(12)),
    c.cyan(senderOf(event).padEnd(17)),
    summary(event) + channel,
  ].join('  ')
}

/** The line of one item that did not decode. */
export function invalidLine(time: string, platform: string, item: InvalidItem, c: Colors): string {
  const first = item.issues[0]?.message ?? item.message
  return [
    c.dim(time),
    platform.padEnd(9),
    c.yellow('invalid'.padEnd(12)),
    c.yellow(safe(item.path)),
    safe(cut(first, 120)),
  ].join('  ')
}

/** The line of a request that carries no event: `time  METHOD /path  status  what`. */
export function requestLine(
  time: string,
  method: string,
  target: string,
  status: number,
  what: string,
  c: Colors,
): string {
  const code = status >= 400 ? c.red(String(status)) : c.green(String(status))
  return [c.dim(time), `${safe(cut(method, 10))} ${safe(cut(target, 80))}`, code, what].join('  ')
}

/** `1 request`, `2 requests`. */
export function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`
}
