/** Reading a captured request (`doctor`): raw HTTP text, or JSON `{ headers, body }`. */

/** A captured request: its headers (lower-cased names) and its body as captured. */
export interface Capture {
  readonly headers: Record<string, string>
  /** The body bytes as captured, or `undefined` when the capture holds a parsed object. */
  readonly body: Uint8Array | undefined
}

const encoder = new TextEncoder()

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
  for (const line of head) {
    const colon = line.indexOf(':')
    if (colon <= 0 || /^[A-Z]+ \S+ HTTP\//.test(line)) continue
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
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
