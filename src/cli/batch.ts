/**
 * Decoding a run of NDJSON lines: the unit of work of `validate`, done in the main thread for
 * small inputs and in worker threads for large ones. Results are plain data (structured-clone
 * friendly) so a worker can send them back.
 */
import { parseWebhook } from '../parse.js'

/** One problem found in a body. */
export interface Problem {
  /** `invalid`: an item broke its shape; `unusable`: the body as a whole is not a webhook body. */
  readonly kind: 'invalid' | 'unusable'
  readonly line: number
  /** JSON path of the failing field, or `-` for a body that is unusable as a whole. */
  readonly path: string
  readonly message: string
  /** The event tag of an invalid item; `null` for an unusable body. */
  readonly type: string | null
}

/** What a batch of lines decoded to. */
export interface BatchResult {
  bodies: number
  events: number
  unknown: number
  /** `type\tplatform` → events. */
  counts: Record<string, number>
  /** Problems in line order (within a body, in item order). */
  problems: Problem[]
}

export function emptyResult(): BatchResult {
  return { bodies: 0, events: 0, unknown: 0, counts: {}, problems: [] }
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** Decodes one body (the bytes of a line or a file) into `into`. */
export function decodeBody(bytes: Uint8Array, line: number, strict: boolean, into: BatchResult): void {
  let text: string
  try {
    text = utf8.decode(bytes)
  } catch {
    into.problems.push({ kind: 'unusable', line, path: '-', message: 'not valid UTF-8 text', type: null })
    return
  }
  const r = parseWebhook(text, { strict })
  if (!r.ok) {
    const first = r.error.message.split('\n')[0] ?? r.error.message
    into.problems.push({ kind: 'unusable', line, path: '-', message: first, type: null })
    return
  }
  into.bodies++
  for (const e of r.value.events) {
    into.events++
    if (e.type === 'unknown') into.unknown++
    const key = `${e.type}\t${e.platform}`
    into.counts[key] = (into.counts[key] ?? 0) + 1
  }
  for (const bad of r.value.invalid) {
    const issue = bad.issues[0]
    into.problems.push({
      kind: 'invalid',
      line,
      path: bad.path,
      message: issue?.message ?? bad.message,
      type: bad.type ?? null,
    })
  }
}

/**
 * Decodes every non-blank line of `data` (which holds whole lines, `\n`-separated, `\r\n`
 * accepted); `firstLine` is the 1-based number of its first line.
 */
export function decodeLines(data: Uint8Array, firstLine: number, strict: boolean, into: BatchResult): void {
  let start = 0
  let line = firstLine
  const n = data.byteLength
  while (start < n) {
    let end = data.indexOf(10, start)
    if (end < 0) end = n
    let stop = end
    if (stop > start && data[stop - 1] === 13) stop--
    let blank = true
    for (let i = start; i < stop; i++) {
      const c = data[i] as number
      if (c !== 32 && c !== 9) {
        blank = false
        break
      }
    }
    if (!blank) decodeBody(data.subarray(start, stop), line, strict, into)
    start = end + 1
    line++
  }
}
