/**
 * `validate`: reads every input (a JSON body per file, or NDJSON streamed in batches of whole
 * lines), decodes every body, and tallies events, invalid items, unusable bodies and unreadable
 * inputs. Every input is read in chunks: the NUL check and the size cap act on the first bytes,
 * so an endless or huge input never fills memory. Large inputs, and every line or body of 1 MiB
 * or more, go to worker threads; results are merged in input order, so the output does not
 * depend on the number of workers. With --shard, only one shard of the inputs is read (inputs.ts,
 * splitInputs): whole inputs, and the lines of NDJSON files that start in a byte range, numbered
 * as in the whole file, so that merge-reports can rebuild the run without --shard.
 */
import { constants } from 'node:buffer'
import { createReadStream, statSync } from 'node:fs'
import { type FileHandle, open as openFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import {
  type BatchResult,
  bodyTooLarge,
  decodeDocument,
  decodeLines,
  emptyResult,
  lineTooLong,
  type Problem,
} from './batch.js'
import {
  expandInputs,
  type Input,
  inputsFingerprint,
  isLineDelimited,
  planInputs,
  type ShardSpec,
  type ShardUnit,
  splitInputs,
} from './inputs.js'
import { createPool, type Job, type Pool, PoolBroken, WorkerDied } from './pool.js'
import { OrderLog, type ShardInfo } from './shard-report.js'

/** Options of {@link validate}. */
export interface ValidateOptions {
  readonly strict: boolean
  /** Worker threads for large inputs; `undefined` = one per core, 0 = none. */
  readonly workers?: number | undefined
  /** The longest line (or `.json` body) decoded, in bytes; default {@link DEFAULT_MAX_LINE_BYTES}. */
  readonly maxLineBytes?: number | undefined
  /**
   * Keep every problem in the report's `invalid` and `unusable` lists (for the JSON report).
   * Without it only the totals are kept, so memory stays flat however many problems there are.
   */
  readonly retain?: boolean
  /** Called for each problem as soon as it is known, in input order (for streaming text output). */
  readonly onProblem?: (file: string, problem: Problem) => void
  /** Called for each input that cannot be read, in input order. */
  readonly onError?: (file: string, message: string) => void
  /** Called with bytes read so far, for a progress indicator. */
  readonly onProgress?: (file: string, bytes: number, total: number | undefined) => void
  /**
   * Read only this shard of the inputs (`--shard i/n`, see {@link splitInputs}); the report then
   * says which shard it is and what `merge-reports` needs (`tool`: name and version of the CLI).
   * Stdin cannot be split: the command refuses `-` with --shard.
   */
  readonly shard?: (ShardSpec & { readonly tool: string }) | undefined
}

/** Totals of a run, whether or not the problems themselves were kept. */
export interface Totals {
  readonly invalid: number
  readonly unusable: number
  readonly errors: number
}

/** The JSON report of `validate` (docs/cli.md documents its shape). */
export interface Report {
  version: 1
  ok: boolean
  strict: boolean
  inputs: number
  bodies: number
  events: number
  counts: Record<string, { messenger: number; instagram: number; other: number }>
  unknown: number
  invalid: { file: string; line: number; path: string; message: string; type: string | null }[]
  unusable: { file: string; line: number; message: string }[]
  errors: { file: string; message: string }[]
  /** Only with --shard: which shard this is, and what `merge-reports` checks and needs. */
  shard?: ShardInfo
}

/** Default of `--max-line-bytes`: 64 MiB, far above any body Meta sends, and bounded. */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024
/** The largest `--max-line-bytes`: the longest string Node can hold. */
export const LARGEST_MAX_LINE_BYTES = constants.MAX_STRING_LENGTH

/** NDJSON files this large are decoded in the worker pool. */
const WORKER_THRESHOLD = 8 * 1024 * 1024
/**
 * A line or body this long is decoded in a worker thread whatever --workers says: a worker that
 * runs out of memory is reported, the main thread would stop Node. Shorter ones cannot exhaust it.
 */
const ISOLATE_BYTES = 1024 * 1024
const CHUNK = 256 * 1024
/** Past the cap, a line is skipped up to its line break; with none in 16 times the cap, the input is left. */
const GIVE_UP_FACTOR = 16
/** Bytes read at a time while counting the lines before a shard's range of a file. */
const SCAN_CHUNK = 1024 * 1024

type Source = AsyncIterator<Uint8Array>

/** What the line splitter hands on, in input order. */
type Unit =
  | { readonly kind: 'lines'; readonly data: Uint8Array; readonly firstLine: number; readonly isolate: boolean }
  | { readonly kind: 'long'; readonly line: number; readonly gaveUpAfter: number }

/** A decoded piece of an input, or a part of it that could not be decoded (an unreadable input). */
type Part = { readonly result: BatchResult } | { readonly error: string }

function countLines(data: Uint8Array): number {
  let n = 0
  let i = data.indexOf(10)
  while (i >= 0) {
    n++
    i = data.indexOf(10, i + 1)
  }
  return n
}

/** Joins parts into one new buffer (always a copy, that owns its whole ArrayBuffer). */
function join(parts: readonly Uint8Array[]): Uint8Array {
  let size = 0
  for (const p of parts) size += p.byteLength
  const out = new Uint8Array(size)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.byteLength
  }
  return out
}

/** The start of the first line in `data[from, to)` (whole lines) longer than `limit` bytes, or -1. */
function firstLineLongerThan(data: Uint8Array, from: number, to: number, limit: number): number {
  let start = from
  while (start < to) {
    let end = data.indexOf(10, start)
    if (end < 0 || end > to) end = to
    if (end - start > limit) return start
    start = end + 1
  }
  return -1
}

/**
 * Splits a source into line units: batches of whole lines (as they come in chunks), a line of
 * {@link ISOLATE_BYTES} or more on its own, and a line longer than `max` as a `long` unit, counted
 * but never held. A line longer than 16 times `max` ends the input there (an endless line). Every
 * decision depends on line lengths only, never on how the input was cut into chunks, so a file,
 * stdin and any --workers give the same units. Only the first chunk is checked for NUL (`binary`).
 */
async function streamLines(
  source: Source,
  max: number,
  checkBinary: boolean,
  emit: (unit: Unit) => Promise<void>,
  firstLine = 1,
): Promise<'ok' | 'binary'> {
  // The start of a line not yet ended, kept as parts and joined once when its end arrives, so a
  // very long line costs linear time (joining per chunk would be quadratic).
  let carry: Uint8Array[] = []
  let carryBytes = 0
  // Inside a line longer than the cap: its length so far (none of its bytes kept).
  let skipping = false
  let length = 0
  const giveUpAfter = Math.min(Number.MAX_SAFE_INTEGER, max * GIVE_UP_FACTOR)
  const giveUp = () => emit({ kind: 'long', line, gaveUpAfter: giveUpAfter })
  let line = firstLine
  let first = checkBinary
  for (;;) {
    const next = await source.next()
    if (next.done === true) break
    const chunk = next.value
    if (first) {
      first = false
      if (chunk.indexOf(0) >= 0) return 'binary'
    }
    let pos = 0
    // Whole lines to hand on as one batch, from line `line`.
    const batch: Uint8Array[] = []
    if (skipping || carryBytes > 0) {
      // The line begun in earlier chunks goes on here, up to the first line break (if any).
      const nl = chunk.indexOf(10)
      const total = (skipping ? length : carryBytes) + (nl < 0 ? chunk.byteLength : nl)
      if (nl < 0) {
        if (skipping || total > max) {
          skipping = true
          carry = []
          carryBytes = 0
          length = total
          if (length > giveUpAfter) {
            await giveUp()
            return 'ok'
          }
        } else {
          carry.push(chunk)
          carryBytes = total
        }
        continue
      }
      if (skipping || total > max) {
        if (total > giveUpAfter) {
          await giveUp()
          return 'ok'
        }
        await emit({ kind: 'long', line, gaveUpAfter: 0 })
        line++
      } else if (total >= ISOLATE_BYTES) {
        carry.push(chunk.subarray(0, nl + 1))
        await emit({ kind: 'lines', data: join(carry), firstLine: line, isolate: true })
        line++
      } else {
        carry.push(chunk.subarray(0, nl + 1))
        batch.push(...carry)
      }
      skipping = false
      length = 0
      carry = []
      carryBytes = 0
      pos = nl + 1
    }
    const last = chunk.lastIndexOf(10)
    let endless = -1
    if (last >= pos) {
      // Whole lines; a cap of a few KiB can make one of them longer than giveUpAfter.
      if (last + 1 - pos > giveUpAfter) endless = firstLineLongerThan(chunk, pos, last + 1, giveUpAfter)
      batch.push(chunk.subarray(pos, endless >= 0 ? endless : last + 1))
      pos = last + 1
    }
    if (batch.some((b) => b.byteLength > 0)) {
      const data = join(batch)
      const lines = countLines(data)
      await emit({ kind: 'lines', data, firstLine: line, isolate: false })
      line += lines
    }
    if (endless >= 0) {
      await giveUp()
      return 'ok'
    }
    // The start of the next line.
    const rest = chunk.byteLength - pos
    if (rest > max) {
      skipping = true
      length = rest
      if (length > giveUpAfter) {
        await giveUp()
        return 'ok'
      }
    } else if (rest > 0) {
      carry = [chunk.subarray(pos)]
      carryBytes = rest
    }
  }
  if (skipping) await emit({ kind: 'long', line, gaveUpAfter: 0 })
  else if (carryBytes > 0)
    await emit({ kind: 'lines', data: join(carry), firstLine: line, isolate: carryBytes >= ISOLATE_BYTES })
  return 'ok'
}

/** Whether the first non-blank line of `head` ends within it, within `max`, and is a JSON value on its own. */
function firstLineIsJson(head: Uint8Array, max: number): boolean {
  let start = 0
  for (;;) {
    const nl = head.indexOf(10, start)
    if (nl < 0 || nl - start > max) return false
    let text = Buffer.from(head.buffer, head.byteOffset + start, nl - start).toString('utf8')
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
    if (text.trim() !== '') {
      try {
        JSON.parse(text)
        return true
      } catch {
        return false
      }
    }
    start = nl + 1
  }
}

/** `head` in pieces of at most one chunk, then the rest of `source`. */
async function* resume(head: Uint8Array, source: Source): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < head.byteLength; at += CHUNK) yield head.subarray(at, at + CHUNK)
  for (;;) {
    const next = await source.next()
    if (next.done === true) return
    yield next.value
  }
}

/** Reads up to `length` bytes at `position` into `buffer` (fewer only at the end of the file). */
async function readAt(file: FileHandle, buffer: Buffer, length: number, position: number): Promise<number> {
  let got = 0
  while (got < length) {
    const { bytesRead } = await file.read(buffer, got, length - got, position + got)
    if (bytesRead === 0) break
    got += bytesRead
  }
  return got
}

/**
 * Where a shard's lines of an NDJSON file begin: the first line that starts at byte `from` or
 * after, and its number in the whole file. The file is read from its start without decoding
 * anything, counting line breaks: the cost of a range that begins inside a file is one read of
 * the bytes before it. What a run without --shard does with those bytes is followed exactly:
 * `binary` when its first chunk holds a NUL byte (the whole file is skipped), `none` when no line
 * starts at `from` or after, or when a line before that one is longer than `giveUpAfter` (the
 * rest of the file is not read).
 */
async function findRangeStart(
  path: string,
  from: number,
  giveUpAfter: number,
): Promise<'binary' | 'none' | { readonly offset: number; readonly line: number }> {
  const file = await openFile(path, 'r')
  try {
    const buffer = Buffer.allocUnsafe(SCAN_CHUNK)
    let pos = 0
    let lineStart = 0
    let line = 1
    for (;;) {
      const n = await readAt(file, buffer, SCAN_CHUNK, pos)
      const chunk = buffer.subarray(0, n)
      if (pos === 0) {
        // Only the first chunk is checked for NUL, as without --shard.
        if (chunk.subarray(0, CHUNK).indexOf(0) >= 0) return 'binary'
        if (from === 0) return { offset: 0, line: 1 }
      }
      if (n === 0) return 'none'
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) {
        const at = pos + i
        if (at - lineStart > giveUpAfter) return 'none'
        line++
        lineStart = at + 1
        if (lineStart >= from) return { offset: lineStart, line }
      }
      pos += n
      if (pos - lineStart > giveUpAfter) return 'none'
    }
  } finally {
    await file.close()
  }
}

/**
 * The bytes of `stream` (which starts at byte `start` of its file) up to the end of the line that
 * holds byte `to - 1`: the lines that start before `to`, whole.
 */
async function* linesBefore(stream: AsyncIterable<Uint8Array>, start: number, to: number): AsyncGenerator<Uint8Array> {
  let at = start
  for await (const chunk of stream) {
    const from = Math.max(0, to - 1 - at)
    const nl = from < chunk.byteLength ? chunk.indexOf(10, from) : -1
    if (nl >= 0) {
      yield chunk.subarray(0, nl + 1)
      return
    }
    at += chunk.byteLength
    yield chunk
  }
}

function describeReadError(e: unknown): string {
  const err = e as NodeJS.ErrnoException
  if (err.code === 'ENOENT') return 'the file disappeared before it could be read'
  if (err.code === 'EISDIR') return 'it is a directory'
  return err.message
}

/** Runs `validate` over the arguments. Never throws for bad input. */
export async function validate(
  args: readonly string[],
  options: ValidateOptions,
): Promise<{ report: Report; totals: Totals }> {
  const items = expandInputs(args)
  const retain = options.retain === true
  const strict = options.strict
  const max = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES
  const shard = options.shard
  const planned = shard === undefined ? undefined : planInputs(items)
  // Without --shard: every input, whole. With it: this shard's inputs and ranges of NDJSON files.
  const units: readonly ShardUnit[] =
    planned === undefined || shard === undefined
      ? items.map((item) => ({ kind: 'item', item }))
      : (splitInputs(planned, shard.total)[shard.index - 1] ?? [])
  // A file split between shards counts as an input in the shard that reads its first line.
  const inputs = units.filter((u) => (u.kind === 'item' ? u.item.kind !== 'error' : u.from === 0))
  // With --shard, the order of the problems and errors, for merge-reports' text output.
  const order = shard === undefined ? undefined : new OrderLog()
  const totals = { invalid: 0, unusable: 0, errors: 0 }
  const report: Report = {
    version: 1,
    ok: true,
    strict,
    inputs: inputs.length,
    bodies: 0,
    events: 0,
    counts: {},
    unknown: 0,
    invalid: [],
    unusable: [],
    errors: [],
  }
  const error = (file: string, message: string) => {
    totals.errors++
    order?.add('e')
    report.errors.push({ file, message })
    options.onError?.(file, message)
  }
  const maxWorkers = options.workers ?? Math.max(1, availableParallelism())
  let pool: Pool | undefined
  // With --workers 0 the pool has one worker, used only for lines and bodies of ISOLATE_BYTES or more.
  const getPool = () => {
    pool ??= createPool(Math.max(1, maxWorkers), strict, max)
    return pool
  }

  const take = (file: string, r: BatchResult) => {
    report.bodies += r.bodies
    report.events += r.events
    report.unknown += r.unknown
    for (const [key, n] of Object.entries(r.counts)) {
      const [type, platform] = key.split('\t') as [string, 'messenger' | 'instagram' | 'other']
      const row = report.counts[type] ?? { messenger: 0, instagram: 0, other: 0 }
      row[platform] += n
      report.counts[type] = row
    }
    for (const p of r.problems) {
      order?.add(p.kind === 'invalid' ? 'i' : 'u')
      if (p.kind === 'invalid') {
        totals.invalid++
        if (retain) report.invalid.push({ file, line: p.line, path: p.path, message: p.message, type: p.type })
      } else {
        totals.unusable++
        if (retain) report.unusable.push({ file, line: p.line, message: p.message })
      }
      options.onProblem?.(file, p)
    }
  }
  const takeParts = (file: string, parts: readonly Part[]) => {
    for (const part of parts) {
      if ('error' in part) error(file, part.error)
      else take(file, part.result)
    }
  }

  /**
   * Runs a job in the pool. When its worker dies, a batch of several lines is run again line by
   * line (the others still decode), and a single line or body is reported as not decoded.
   */
  const runJob = async (job: Job): Promise<Part[]> => {
    try {
      return [{ result: await getPool().run(job) }]
    } catch (e) {
      if (!(e instanceof WorkerDied)) throw e
      const lines = job.mode === 'lines' ? nonBlankLines(job.data, job.firstLine) : []
      if (lines.length <= 1) {
        const where = job.mode === 'lines' ? `line ${lines[0]?.line ?? job.firstLine}: ` : ''
        return [{ error: `${where}not decoded: ${e.message}` }]
      }
      const each = await Promise.all(lines.map((l) => runJob({ mode: 'lines', data: l.data, firstLine: l.line })))
      return each.flat()
    }
  }

  const decodeUnit = (unit: Unit, useWorkers: boolean): Promise<Part[]> => {
    if (unit.kind === 'long') {
      const r = emptyResult()
      r.problems.push(lineTooLong(unit.line, max, unit.gaveUpAfter))
      return Promise.resolve([{ result: r }])
    }
    if (unit.isolate || useWorkers) return runJob({ mode: 'lines', data: unit.data, firstLine: unit.firstLine })
    return Promise.resolve().then(() => {
      const r = emptyResult()
      decodeLines(unit.data, unit.firstLine, strict, r, max)
      return [{ result: r }]
    })
  }

  /** Reads NDJSON: results are taken in input order, whatever order they are decoded in. */
  const readLines = async (file: string, source: Source, useWorkers: boolean, checkBinary: boolean, firstLine = 1) => {
    let chain: Promise<void> = Promise.resolve()
    const inflight: Promise<void>[] = []
    // Bound the work in flight (constant memory on any input size).
    const limit = Math.min(64, Math.max(4, (useWorkers ? maxWorkers : 1) + 2))
    const emit = async (unit: Unit) => {
      const parts = decodeUnit(unit, useWorkers)
      parts.catch(() => {}) // awaited below, in order
      chain = chain.then(async () => takeParts(file, await parts))
      inflight.push(chain)
      if (inflight.length >= limit) await inflight.shift()
    }
    let failure: unknown
    let outcome: 'ok' | 'binary' = 'ok'
    try {
      outcome = await streamLines(source, max, checkBinary, emit, firstLine)
    } catch (e) {
      failure = e
    }
    await chain
    if (failure !== undefined) throw failure
    if (outcome === 'binary') error(file, 'binary file (it contains NUL bytes), skipped')
  }

  /** Reads a `.json` (or any other non-NDJSON) file: one body of at most `max` bytes. */
  const readDocument = async (file: string, source: Source, useWorkers: boolean) => {
    const parts: Uint8Array[] = []
    let size = 0
    for (;;) {
      const next = await source.next()
      if (next.done === true) break
      const chunk = next.value
      if (chunk.indexOf(0) >= 0) {
        error(file, 'binary file (it contains NUL bytes), skipped')
        return
      }
      parts.push(chunk)
      size += chunk.byteLength
      if (size > max) {
        const head = join(parts)
        parts.length = 0
        // Larger than the cap: NDJSON (its first line is a JSON value), or one body too large.
        if (firstLineIsJson(head, max)) return readLines(file, resume(head, source), useWorkers, false)
        const r = emptyResult()
        r.problems.push(bodyTooLarge(max))
        take(file, r)
        return
      }
    }
    const bytes = join(parts)
    parts.length = 0
    if (bytes.byteLength >= ISOLATE_BYTES) {
      takeParts(file, await runJob({ mode: 'document', data: bytes, firstLine: 1 }))
      return
    }
    const r = emptyResult()
    decodeDocument(bytes, strict, r, max)
    take(file, r)
  }

  let stdinRead = false
  /** `range`: from byte `start`, and with `to`, only the lines that start before it. */
  const open = (
    input: Input,
    file: string,
    total: number | undefined,
    range?: { readonly start: number; readonly to: number | undefined },
  ): Source => {
    let stream: AsyncIterable<Uint8Array>
    if (input.kind === 'stdin') {
      // Stdin is read once: a second `-` finds it at its end.
      stream = stdinRead ? (async function* () {})() : (process.stdin as AsyncIterable<Uint8Array>)
      stdinRead = true
    } else if (range !== undefined) {
      const rest = createReadStream(input.path, { highWaterMark: CHUNK, start: range.start })
      stream = range.to === undefined ? rest : linesBefore(rest, range.start, range.to)
    } else stream = createReadStream(input.path, { highWaterMark: CHUNK })
    const it = stream[Symbol.asyncIterator]()
    let read = 0
    return {
      async next() {
        const next = await it.next()
        if (next.done !== true) {
          read += next.value.byteLength
          options.onProgress?.(file, read, total)
        }
        return next
      },
      async return() {
        await it.return?.()
        return { done: true, value: undefined }
      },
    }
  }

  const giveUpAfter = Math.min(Number.MAX_SAFE_INTEGER, max * GIVE_UP_FACTOR)
  /**
   * Reads the lines of an NDJSON file that start in `[from, to)`, numbered as in the whole file.
   * The shard that reads the file's first line reports what stops the whole file (it cannot be
   * opened, it is binary) once; the others then read nothing of it. The last range reads to the
   * end of the file, as a run without --shard does.
   */
  const readRange = async (unit: Extract<ShardUnit, { kind: 'range' }>) => {
    const file = unit.path
    const first = unit.from === 0
    let start: Awaited<ReturnType<typeof findRangeStart>>
    try {
      start = await findRangeStart(file, unit.from, giveUpAfter)
    } catch (e) {
      if (first) error(file, `cannot read: ${describeReadError(e)}`)
      return
    }
    if (start === 'binary') {
      if (first) error(file, 'binary file (it contains NUL bytes), skipped')
      return
    }
    const last = unit.to >= unit.size
    if (start === 'none' || (!last && start.offset >= unit.to)) return
    const useWorkers = maxWorkers > 0 && unit.to - unit.from >= WORKER_THRESHOLD
    let source: Source | undefined
    try {
      const range = { start: start.offset, to: last ? undefined : unit.to }
      source = open({ kind: 'file', path: file }, file, Math.max(0, unit.to - start.offset), range)
      await readLines(file, source, useWorkers, false, start.line)
    } catch (e) {
      if (e instanceof PoolBroken) throw e
      error(file, `cannot read: ${describeReadError(e)}`)
    } finally {
      await source?.return?.().catch(() => {})
    }
  }

  try {
    for (const unit of units) {
      if (unit.kind === 'range') {
        await readRange(unit)
        continue
      }
      const input = unit.item
      if (input.kind === 'error') {
        error(input.file, input.message)
        continue
      }
      const file = input.kind === 'stdin' ? '-' : input.path
      let source: Source | undefined
      try {
        const stat = input.kind === 'file' ? statSync(input.path) : undefined
        const total = stat?.isFile() === true ? stat.size : undefined
        const useWorkers = maxWorkers > 0 && total !== undefined && total >= WORKER_THRESHOLD
        source = open(input, file, total)
        if (input.kind === 'file' && !isLineDelimited(input)) await readDocument(file, source, useWorkers)
        else await readLines(file, source, useWorkers, true)
      } catch (e) {
        if (e instanceof PoolBroken) throw e
        error(file, `cannot read: ${describeReadError(e)}`)
      } finally {
        // Stops reading what was left unread (a binary file, a line past the cap, an error).
        await source?.return?.().catch(() => {})
      }
    }
  } finally {
    await pool?.close()
  }
  report.ok = totals.invalid === 0 && totals.unusable === 0 && totals.errors === 0 && !(strict && report.unknown > 0)
  if (shard !== undefined && planned !== undefined && order !== undefined) {
    report.shard = {
      index: shard.index,
      total: shard.total,
      tool: shard.tool,
      inputs: inputsFingerprint(planned),
      maxLineBytes: max,
      units: units.map((u) =>
        u.kind === 'range'
          ? { file: u.path, from: u.from, to: u.to }
          : { file: u.item.kind === 'error' ? u.item.file : u.item.kind === 'stdin' ? '-' : u.item.path },
      ),
      order: order.toString(),
    }
  }
  return { report, totals }
}

/** The non-blank lines of a batch, each a copy, with its line number. */
function nonBlankLines(data: Uint8Array, firstLine: number): { line: number; data: Uint8Array }[] {
  const out: { line: number; data: Uint8Array }[] = []
  let start = 0
  let line = firstLine
  while (start < data.byteLength) {
    let end = data.indexOf(10, start)
    if (end < 0) end = data.byteLength
    const piece = data.subarray(start, end)
    if (piece.some((c) => c !== 32 && c !== 9 && c !== 13)) out.push({ line, data: piece.slice() })
    start = end + 1
    line++
  }
  return out
}
