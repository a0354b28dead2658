/** Reading a captured request (`doctor`): raw HTTP text, or JSON `{ headers, body }`. */

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

/** Parses a capture; `undefined` when it is neither form. */
export function parseCapture(bytes: Uint8Array): Capture | undefined {
  const text = new TextDecoder().decode(bytes)
  const trimmed = text.trimStart()
  if (trimmed.startsWith('{')) {
    try {
      const json = JSON.parse(trimmed) as { headers?: unknown; body?: unknown }
      if (typeof json === 'object' && json !== null && 'body' in json) {
        const headers: Record<string, string> = {}
        if (typeof json.headers === 'object' && json.headers !== null) {
          for (const [k, v] of Object.entries(json.headers)) {
            if (typeof v === 'string') headers[k.toLowerCase()] = v
            else if (Array.isArray(v) && typeof v[0] === 'string') headers[k.toLowerCase()] = v[0]
          }
        }
        return { headers, body: typeof json.body === 'string' ? encoder.encode(json.body) : undefined }
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
