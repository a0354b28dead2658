/**
 * Decoding a run of NDJSON lines: the unit of work of `validate`, done in the main thread for
 * small inputs and in worker threads for large ones. Results are plain data (structured-clone
 * friendly) so a worker can send them back.
 */
import { parseWebhook } from '../parse.js'
import { isCaptureRecord, looksLikeRequest, recordBody } from './capture.js'

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

/**
 * The problem of a line longer than the cap (not decoded, not held in memory). `gaveUpAfter`: no
 * line break came within that many bytes, and the rest of the input was left unread.
 */
export function lineTooLong(line: number, maxLineBytes: number, gaveUpAfter = 0): Problem {
  const rest =
    gaveUpAfter > 0 ? `; no line break within ${gaveUpAfter} bytes either, so the rest of this input was not read` : ''
  return {
    kind: 'unusable',
    line,
    path: '-',
    message: `line longer than --max-line-bytes (${maxLineBytes} bytes), not decoded${rest}`,
    type: null,
  }
}

/** The problem of a `.json` body (or file) larger than the cap. */
export function bodyTooLarge(maxLineBytes: number): Problem {
  return {
    kind: 'unusable',
    line: 1,
    path: '-',
    message: `body larger than --max-line-bytes (${maxLineBytes} bytes), not decoded`,
    type: null,
  }
}

/** The body of a capture record (a `listen --out` line), or `undefined` for any other JSON text. */
function capturedBody(text: string): Uint8Array | undefined {
  try {
    const value: unknown = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
    return isCaptureRecord(value) ? recordBody(value) : undefined
  } catch {
    return undefined
  }
}

/**
 * Decodes one body (the bytes of a line or a file) into `into`. Returns why the body was unusable
 * before its envelope was looked at (`encoding`, `json`), if it was. A capture record (a line of
 * `listen --out`) stands for the body it holds: that body is decoded in its place, at its line.
 */
export function decodeBody(
  bytes: Uint8Array,
  line: number,
  strict: boolean,
  into: BatchResult,
  captured = false,
): 'encoding' | 'json' | undefined {
  let text: string
  try {
    text = utf8.decode(bytes)
  } catch {
    into.problems.push({ kind: 'unusable', line, path: '-', message: 'not valid UTF-8 text', type: null })
    return 'encoding'
  }
  const r = parseWebhook(text, { strict })
  if (!r.ok) {
    // Only a text that is JSON but no webhook body can be a capture record: bodies pay nothing.
    const body = !captured && r.error.reason === 'envelope' ? capturedBody(text) : undefined
    if (body !== undefined) {
      decodeBody(body, line, strict, into, true)
      return undefined
    }
    if (r.error.reason === 'json' && looksLikeRequest(text)) {
      into.problems.push({
        kind: 'unusable',
        line,
        path: '-',
        message:
          'this is a captured HTTP request (a request line, headers, a body), not a webhook body: check its signature with `messenger-webhooks doctor <file>`',
        type: null,
      })
      return 'json'
    }
    const first = r.error.message.split('\n')[0] ?? r.error.message
    into.problems.push({ kind: 'unusable', line, path: '-', message: first, type: null })
    return r.error.reason === 'json' ? 'json' : undefined
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
  return undefined
}

/**
 * Decodes every non-blank line of `data` (which holds whole lines, `\n`-separated, `\r\n`
 * accepted); `firstLine` is the 1-based number of its first line. A line longer than
 * `maxLineBytes` (not counting its line break) is reported, not decoded.
 */
export function decodeLines(
  data: Uint8Array,
  firstLine: number,
  strict: boolean,
  into: BatchResult,
  maxLineBytes: number,
): void {
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
    if (blank) {
      // nothing to decode
    } else if (end - start > maxLineBytes) into.problems.push(lineTooLong(line, maxLineBytes))
    else decodeBody(data.subarray(start, stop), line, strict, into)
    start = end + 1
    line++
  }
}

/** Every non-blank line of a text parses as JSON: then a `.json` file is read as NDJSON. */
function looksLikeNdjson(text: string): boolean {
  const lines = text.split('\n').filter((l) => l.trim() !== '')
  if (lines.length < 2) return false
  for (const l of lines) {
    try {
      JSON.parse(l)
    } catch {
      return false
    }
  }
  return true
}

/**
 * Decodes a whole `.json` file (at most `maxLineBytes`): one body, reported at line 1, or NDJSON
 * when it is not one JSON value but every non-blank line (two or more) is.
 */
export function decodeDocument(bytes: Uint8Array, strict: boolean, into: BatchResult, maxLineBytes: number): void {
  if (bytes.byteLength === 0) {
    into.problems.push({ kind: 'unusable', line: 1, path: '-', message: 'empty file', type: null })
    return
  }
  const whole = emptyResult()
  const failed = decodeBody(bytes, 1, strict, whole)
  if (
    failed !== undefined &&
    looksLikeNdjson(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'))
  )
    decodeLines(bytes, 1, strict, into, maxLineBytes)
  else {
    into.bodies += whole.bodies
    into.events += whole.events
    into.unknown += whole.unknown
    for (const [key, n] of Object.entries(whole.counts)) into.counts[key] = (into.counts[key] ?? 0) + n
    for (const p of whole.problems) into.problems.push(p)
  }
}
