/**
 * `eventKey`: one string per event that Meta delivers at least once. The same string whenever Meta
 * redelivers the same event (in another batch, another entry order, with another `entry.time`),
 * another string for another event: what a deduplication store is keyed by (docs/delivery.md).
 */
import type { WebhookEvent } from './events/index.js'

/**
 * The deduplication key of an event. Built from the identifiers Meta gives where it gives them
 * (a message's `mid`, an edit's `mid` and `num_edit`, a reaction's `mid`, person, action and
 * emoji, a read's or delivery's watermark), and from a canonical digest of the item as received
 * otherwise (key order does not matter, `entry.time` and the item's place in the body are not
 * part of it). Every key starts with the platform, the Page or Instagram account ID, the channel
 * and the tag, so keys of different accounts and of `messaging` and `standby` copies never meet.
 * docs/events.md lists the derivation per tag.
 *
 * @example
 * ```ts
 * import { eventKey, parseWebhook } from 'messenger-webhooks'
 * const r = parseWebhook('{"object":"page","entry":[{"id":"1","time":1,"messaging":[{"sender":{"id":"2"},"recipient":{"id":"1"},"timestamp":3,"message":{"mid":"m_1","text":"hi"}}]}]}')
 * if (r.ok) eventKey(r.value.events[0]!) // 'messenger:1:messaging:message:m_1'
 * ```
 * @category delivery
 * @since 0.1.0
 */
export function eventKey(event: WebhookEvent): string {
  try {
    const prefix = `${event.platform}:${event.entry.id}:${event.channel}:${event.type}:`
    return prefix + identity(event)
  } catch {
    // No event (a value of another type, one that throws when read): a key that no event has.
    return 'not-an-event'
  }
}

/** The part of the key that tells events of one tag apart. */
function identity(event: WebhookEvent): string {
  const raw = event.raw
  switch (event.type) {
    case 'message':
    case 'message_echo':
      return event.message.mid
    case 'message_edit': {
      const edit = event.message_edit
      return edit.num_edit !== undefined ? `${edit.mid}:${edit.num_edit}` : `${edit.mid}:#${digest(raw.message_edit)}`
    }
    case 'reaction': {
      const r = event.reaction
      // The same person may react, unreact and react again to one message: the item's own
      // timestamp (never the entry's) tells those apart; without one, the item's digest does.
      const when = raw.timestamp !== undefined ? String(event.timestamp) : `#${digest(raw)}`
      return `${r.mid}:${event.sender.id}:${r.action}:${r.reaction ?? r.emoji ?? ''}:${when}`
    }
    case 'read': {
      const r = event.read
      return `${event.sender?.id ?? ''}:${r.watermark ?? r.mid ?? ''}`
    }
    case 'delivery': {
      const d = event.delivery
      return `${event.sender.id}:${d.watermark ?? ''}:${(d.mids ?? []).join(',')}`
    }
    case 'postback':
      return event.postback.mid !== undefined ? `${event.postback.mid}` : `#${digest(raw)}`
    case 'response_feedback':
      return `${event.response_feedback.mid}:${event.response_feedback.feedback}`
    default:
      return `#${digest(raw)}`
  }
}

/**
 * A 106-bit digest (two 53-bit hashes, hex) of a value's canonical JSON: object keys sorted at
 * every depth, so two serialisations of the same item give the same digest. Not cryptographic:
 * it separates events, it does not authenticate them (the signature does).
 */
export function digest(value: unknown): string {
  const text = canonical(value)
  return (
    hash53(text, 0x9e3779b9).toString(16).padStart(14, '0') + hash53(text, 0x85ebca6b).toString(16).padStart(14, '0')
  )
}

/** Literal output on the work stack of {@link canonical}. */
class Text {
  constructor(readonly text: string) {}
}

/**
 * JSON with object keys sorted at every depth. Iterative, so an item nested a hundred thousand
 * levels deep (an opaque `nlp`, an unknown event) gets a key instead of a stack overflow.
 */
function canonical(value: unknown): string {
  const out: string[] = []
  const stack: unknown[] = [value]
  while (stack.length > 0) {
    const v = stack.pop()
    if (v instanceof Text) out.push(v.text)
    else if (v === null || typeof v !== 'object') out.push(JSON.stringify(v) ?? 'null')
    else if (Array.isArray(v)) {
      stack.push(new Text(']'))
      for (let i = v.length - 1; i >= 0; i--) {
        stack.push(v[i])
        if (i > 0) stack.push(new Text(','))
      }
      out.push('[')
    } else {
      const keys = Object.keys(v).sort()
      stack.push(new Text('}'))
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i] as string
        stack.push((v as Record<string, unknown>)[k])
        stack.push(new Text(`${i > 0 ? ',' : ''}${JSON.stringify(k)}:`))
      }
      out.push('{')
    }
  }
  return out.join('')
}

/** cyrb53: a fast 53-bit string hash with good spread (public domain, bryc). */
function hash53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed
  let h2 = 0x41c6ce57 ^ seed
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 2654435761)
    h2 = Math.imul(h2 ^ c, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507)
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507)
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return 4294967296 * (2097151 & h2) + (h1 >>> 0)
}
