/**
 * Captured requests. `doctor` reads one: raw HTTP text, or JSON `{ headers, body }`. `listen --out`
 * writes one JSON record per authentic request, one per line (NDJSON), that `validate`, `doctor`
 * and `send` read back: {@link CaptureRecord}.
 */

/** A captured request: its headers (lower-cased names) and its body as captured. */
export interface Capture {
  readonly headers: Record<string, string>
  /** The body bytes as captured, or `undefined` when the capture holds a parsed object. */
  readonly body: Uint8Array | undefined
}

const encoder = new TextEncoder()
/** `POST /webhook HTTP/1.1` (any method and target). */
const REQUEST_LINE = /^[A-Z]+ \S+ HTTP\/\d(\.\d)?$/
/** `Name: value`: a token name (RFC 9110, section 5.6.2) and a value without control characters but tab. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what a header value must not hold
const HEADER_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):([^\x00-\x08\x0a-\x1f\x7f]*)$/

/** Whether text starts with an HTTP request line (`POST /webhook HTTP/1.1`): a raw capture. */
export function looksLikeRequest(text: string): boolean {
  const end = text.indexOf('\n')
  return REQUEST_LINE.test((end < 0 ? text : text.slice(0, end)).replace(/\r$/, ''))
}

/** Parses a capture; `undefined` when it is neither form. */
export function parseCapture(bytes: Uint8Array): Capture | undefined {
  const text = new TextDecoder().decode(bytes)
  const trimmed = text.trimStart()
  if (trimmed.startsWith('{')) {
    try {
      const json = JSON.parse(trimmed) as { headers?: unknown; body?: unknown; body_base64?: unknown }
      if (typeof json === 'object' && json !== null && ('body' in json || 'body_base64' in json)) {
        const headers: Record<string, string> = {}
        if (typeof json.headers === 'object' && json.headers !== null) {
          for (const [k, v] of Object.entries(json.headers)) {
            if (typeof v === 'string') headers[k.toLowerCase()] = v
            else if (Array.isArray(v) && typeof v[0] === 'string') headers[k.toLowerCase()] = v[0]
          }
        }
        return { headers, body: recordBody(json) }
      }
    } catch {
      // not the JSON form: try raw HTTP below
    }
  }
  // Raw HTTP: optional request line, header lines, a blank line, then the body bytes untouched.
  const crlf = findSubarray(bytes, [13, 10, 13, 10])
  const lf = findSubarray(bytes, [10, 10])
  let split: number
  let sepLength: number
  if (crlf >= 0 && (lf < 0 || crlf < lf)) {
    split = crlf
    sepLength = 4
  } else if (lf >= 0) {
    split = lf
    sepLength = 2
  } else return undefined
  const head = new TextDecoder().decode(bytes.subarray(0, split)).split(/\r?\n/)
  const headers: Record<string, string> = {}
  for (const [i, line] of head.entries()) {
    if (i === 0 && REQUEST_LINE.test(line)) continue
    // Every line of the head must be a header: anything else is not raw HTTP (random bytes that
    // happen to hold a colon and a blank line are no capture).
    const match = HEADER_LINE.exec(line)
    if (match === null) return undefined
    headers[(match[1] as string).toLowerCase()] = (match[2] as string).trim()
  }
  if (Object.keys(headers).length === 0) return undefined
  return { headers, body: bytes.subarray(split + sepLength) }
}

function findSubarray(bytes: Uint8Array, needle: number[]): number {
  outer: for (let i = 0; i + needle.length <= bytes.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer
    return i
  }
  return -1
}

/**
 * One captured request, as `listen --out` writes it on one line: when it came, the method and
 * path, the headers needed to verify it again (lower-cased names) and the body exactly as
 * received: `body` as a string when the bytes are UTF-8 (a webhook body always is), else
 * `body_base64`.
 */
export interface CaptureRecord {
  readonly received_at: string
  readonly method: string
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
  readonly body?: string
  readonly body_base64?: string
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** The NDJSON line (without its newline) for a request. */
export function captureLine(request: {
  readonly receivedAt: Date
  readonly method: string
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: Uint8Array
}): string {
  let text: string | undefined
  try {
    text = utf8.decode(request.body)
  } catch {
    text = undefined
  }
  const record: CaptureRecord = {
    received_at: request.receivedAt.toISOString(),
    method: request.method,
    path: request.path,
    headers: request.headers,
    ...(text !== undefined ? { body: text } : { body_base64: Buffer.from(request.body).toString('base64') }),
  }
  return JSON.stringify(record)
}

/** Whether a parsed JSON value is a capture record (rather than a webhook body). */
export function isCaptureRecord(value: unknown): value is CaptureRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const v = value as Record<string, unknown>
  return (
    typeof v.headers === 'object' &&
    v.headers !== null &&
    (typeof v.body === 'string' || typeof v.body_base64 === 'string') &&
    !('entry' in v)
  )
}

/** The body bytes of a capture record (or of a `{ headers, body }` capture); `undefined` for a parsed body. */
export function recordBody(record: {
  readonly body?: unknown
  readonly body_base64?: unknown
}): Uint8Array | undefined {
  if (typeof record.body === 'string') return encoder.encode(record.body)
  if (typeof record.body_base64 === 'string') return new Uint8Array(Buffer.from(record.body_base64, 'base64'))
  return undefined
}
