/**
 * The bodies `send` posts, read from its inputs one at a time and in order, so that any input
 * size runs in the same memory: NDJSON is split into lines as it streams in, and only the line
 * being handed on is held. A body keeps its exact bytes: a `.json` file is sent byte for byte (a
 * trailing newline, CRLF, a BOM included); an NDJSON line is sent without its line break. A
 * capture record (a line that `listen --out` wrote) stands for the body it holds.
 */
import { createReadStream } from 'node:fs'
import { isCaptureRecord, parseCapture, recordBody } from './capture.js'
import { type Input, isLineDelimited } from './inputs.js'

/** The largest body (a file, or one NDJSON line) that is sent; far above any body Meta sends. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024

const CHUNK = 256 * 1024

/** One body to send: its bytes, and where it was read (`file`, or `file:line` for NDJSON). */
export interface Body {
  readonly bytes: Uint8Array
  readonly where: string
}

/** Called for a part of an input that cannot be sent (exit 2); the run goes on. */
export type OnInputError = (where: string, message: string) => void

/** Chunks of one input, with the chunks already looked at handed back first. */
class Chunks {
  private readonly pending: Buffer[] = []
  constructor(private readonly source: AsyncIterator<Buffer>) {}
  unshift(...chunks: Buffer[]): void {
    this.pending.unshift(...chunks)
  }
  async next(): Promise<Buffer | undefined> {
    const head = this.pending.shift()
    if (head !== undefined) return head
    const r = await this.source.next()
    return r.done === true ? undefined : r.value
  }
}

const isSpace = (b: number) => b === 32 || b === 9 || b === 13 || b === 10

function isBlank(bytes: Uint8Array): boolean {
  for (const b of bytes) if (!isSpace(b)) return false
  return true
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** The value of a JSON text (a BOM ignored), or `undefined` when it is no JSON. */
function jsonValue(bytes: Uint8Array): { value: unknown } | undefined {
  try {
    let text = utf8.decode(bytes)
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
    return { value: JSON.parse(text) }
  } catch {
    return undefined
  }
}

const HEADERS_KEY = Buffer.from('"headers"')

/**
 * The body a line or file stands for: a capture record's body, or else its own bytes (a copy,
 * so that no read chunk stays in memory with it). `undefined` for a blank one.
 */
function bodyOf(bytes: Uint8Array, where: string, onError: OnInputError): Body | undefined {
  if (isBlank(bytes)) return undefined
  // Only a text with a "headers" key can be a capture: the others are not parsed at all.
  if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(HEADERS_KEY)) {
    const json = jsonValue(bytes)
    const v = json?.value
    if (isCaptureRecord(v)) return { bytes: recordBody(v) ?? new Uint8Array(), where }
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && 'headers' in v && 'body' in v && !('entry' in v)) {
      onError(
        where,
        'a capture of a parsed body (its "body" is not a string): the bytes Meta sent are not in it, not sent',
      )
      return undefined
    }
  }
  return { bytes: Uint8Array.prototype.slice.call(bytes), where }
}

/** A whole file (or stdin) that is not NDJSON: one body, or the body of a captured request. */
function documentBody(bytes: Uint8Array, where: string, onError: OnInputError): Body | undefined {
  if (isBlank(bytes)) return undefined
  if (jsonValue(bytes) === undefined) {
    // Raw HTTP as `doctor` reads it (request line, headers, blank line, body): its body.
    const capture = parseCapture(bytes)
    if (capture?.body !== undefined) return { bytes: Uint8Array.prototype.slice.call(capture.body), where }
    return { bytes: Uint8Array.prototype.slice.call(bytes), where }
  }
  return bodyOf(bytes, where, onError)
}

/** Each non-blank line of an NDJSON input, without its line break (`\n` or `\r\n`). */
async function* lines(chunks: Chunks, file: string, onError: OnInputError): AsyncGenerator<Body> {
  let carry: Buffer[] = []
  let carryBytes = 0
  // Inside a line longer than the cap: its bytes are not kept.
  let skipping = false
  let line = 1
  const tooLong = () => onError(`${file}:${line}`, `line longer than ${MAX_BODY_BYTES} bytes (64 MiB), not sent`)
  const take = (piece: Buffer): Body | undefined => {
    let bytes = carryBytes > 0 ? Buffer.concat([...carry, piece]) : piece
    carry = []
    carryBytes = 0
    if (bytes.byteLength > 0 && bytes[bytes.byteLength - 1] === 13) bytes = bytes.subarray(0, -1)
    return bodyOf(bytes, `${file}:${line}`, onError)
  }
  for (;;) {
    const chunk = await chunks.next()
    if (chunk === undefined) break
    let pos = 0
    for (;;) {
      const nl = chunk.indexOf(10, pos)
      if (nl < 0) {
        const rest = chunk.byteLength - pos
        if (!skipping && carryBytes + rest > MAX_BODY_BYTES) {
          skipping = true
          carry = []
          carryBytes = 0
        } else if (!skipping && rest > 0) {
          carry.push(chunk.subarray(pos))
          carryBytes += rest
        }
        break
      }
      if (skipping || carryBytes + (nl - pos) > MAX_BODY_BYTES) {
        tooLong()
        skipping = false
        carry = []
        carryBytes = 0
      } else {
        const body = take(chunk.subarray(pos, nl))
        if (body !== undefined) yield body
      }
      line++
      pos = nl + 1
    }
  }
  if (skipping) tooLong()
  else if (carryBytes > 0) {
    const body = take(Buffer.alloc(0))
    if (body !== undefined) yield body
  }
}

/**
 * An input that is not named `.ndjson` / `.jsonl` (or stdin): NDJSON when its first non-blank
 * line is a JSON value on its own and more follows; otherwise one body, the whole input, up to
 * {@link MAX_BODY_BYTES}. Only the first line (and the blank lines after it) is read before the
 * choice is made, so NDJSON streams whatever its size.
 */
async function* document(chunks: Chunks, file: string, onError: OnInputError): AsyncGenerator<Body> {
  const parts: Buffer[] = []
  let size = 0
  let state: 'first-line' | 'after-first-line' | 'whole' = 'first-line'
  // Where the current line starts (in the whole input), and whether it holds more than blanks.
  let lineStart = 0
  let lineHasContent = false
  for (;;) {
    const chunk = await chunks.next()
    if (chunk === undefined) {
      const body = documentBody(Buffer.concat(parts, size), file, onError)
      if (body !== undefined) yield body
      return
    }
    const offset = size
    parts.push(chunk)
    size += chunk.byteLength
    let pos = 0
    while (state === 'first-line' && pos < chunk.byteLength) {
      const nl = chunk.indexOf(10, pos)
      const end = nl < 0 ? chunk.byteLength : nl
      if (!lineHasContent && !isBlank(chunk.subarray(pos, end))) lineHasContent = true
      pos = end + 1
      if (nl < 0) break
      if (lineHasContent) {
        const first = Buffer.concat(parts, size).subarray(lineStart, offset + nl)
        state = jsonValue(first) === undefined ? 'whole' : 'after-first-line'
      } else lineStart = offset + pos
    }
    if (state === 'after-first-line') {
      // A JSON value on the first line: NDJSON as soon as anything but blanks follows.
      if (!isBlank(chunk.subarray(pos))) {
        chunks.unshift(...parts)
        yield* lines(chunks, file, onError)
        return
      }
    }
    if (size > MAX_BODY_BYTES) {
      onError(
        file,
        `larger than ${MAX_BODY_BYTES} bytes (64 MiB) and not NDJSON (one JSON body per line), not sent; name a large capture .ndjson`,
      )
      return
    }
  }
}

function describeReadError(e: unknown): string {
  const err = e as NodeJS.ErrnoException
  if (err.code === 'ENOENT') return 'the file disappeared before it could be read'
  if (err.code === 'EISDIR') return 'it is a directory'
  return err.message
}

/**
 * Every body of the inputs, in order. An input that cannot be read (or a part of one that cannot
 * be sent) goes to `onError`, and the next one is read. Stdin is read once: a second `-` is empty.
 */
export async function* readBodies(inputs: readonly Input[], onError: OnInputError): AsyncGenerator<Body> {
  let stdinRead = false
  for (const input of inputs) {
    const file = input.kind === 'stdin' ? '-' : input.path
    let stream: AsyncIterable<Buffer>
    if (input.kind === 'stdin') {
      stream = stdinRead ? (async function* () {})() : (process.stdin as AsyncIterable<Buffer>)
      stdinRead = true
    } else stream = createReadStream(input.path, { highWaterMark: CHUNK })
    const source = stream[Symbol.asyncIterator]()
    const chunks = new Chunks(source)
    try {
      if (input.kind === 'file' && isLineDelimited(input)) yield* lines(chunks, file, onError)
      else yield* document(chunks, file, onError)
    } catch (e) {
      onError(file, `cannot read: ${describeReadError(e)}`)
    } finally {
      // Stops reading what was left unread (a body past the cap, a run that stopped early).
      await source.return?.().catch(() => {})
    }
  }
}
