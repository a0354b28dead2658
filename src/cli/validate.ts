/**
 * `validate`: reads every input (a JSON body per file, or NDJSON streamed in batches of whole
 * lines), decodes every body, and tallies events, invalid items, unusable bodies and unreadable
 * inputs. Large inputs go to worker threads; results are merged in input order, so the output
 * does not depend on the number of workers.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { parseWebhook } from '../parse.js'
import { type BatchResult, decodeBody, decodeLines, emptyResult, type Problem } from './batch.js'
import { expandInputs, isLineDelimited } from './inputs.js'

/** Options of {@link validate}. */
export interface ValidateOptions {
  readonly strict: boolean
  /** Worker threads for large inputs; `undefined` = one per core, 0 = none. */
  readonly workers?: number | undefined
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
}

const WORKER_THRESHOLD = 8 * 1024 * 1024
const CHUNK = 256 * 1024

interface Pool {
  run(data: Uint8Array, firstLine: number): Promise<BatchResult>
  close(): Promise<void>
}

function createPool(size: number, strict: boolean): Pool {
  const url = new URL('./cli-worker.js', import.meta.url)
  // A small young generation keeps each worker to about one batch of garbage (constant memory);
  // the old-generation cap only has to fit the largest single line (a 50 MB body, say).
  const workers = Array.from(
    { length: size },
    () => new Worker(url, { resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 1024 } }),
  )
  const idle = [...workers]
  const waiting: (() => void)[] = []
  const resolvers = new Map<number, { resolve: (r: BatchResult) => void; reject: (e: unknown) => void }>()
  let seq = 0
  for (const w of workers) {
    w.on('message', (m: { seq: number; result: BatchResult }) => {
      resolvers.get(m.seq)?.resolve(m.result)
      resolvers.delete(m.seq)
      idle.push(w)
      waiting.shift()?.()
    })
    w.on('error', (e) => {
      for (const r of resolvers.values()) r.reject(e)
      resolvers.clear()
    })
  }
  return {
    async run(data, firstLine) {
      while (idle.length === 0) await new Promise<void>((r) => waiting.push(r))
      const w = idle.pop() as Worker
      const id = seq++
      return new Promise<BatchResult>((resolve, reject) => {
        resolvers.set(id, { resolve, reject })
        w.postMessage({ seq: id, data, firstLine, strict }, [data.buffer as ArrayBuffer])
      })
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()))
    },
  }
}

function countLines(data: Uint8Array): number {
  let n = 0
  let i = data.indexOf(10)
  while (i >= 0) {
    n++
    i = data.indexOf(10, i + 1)
  }
  return n
}

function hasNul(data: Uint8Array): boolean {
  return data.indexOf(0) >= 0
}

/** Streams NDJSON from a readable, in batches of whole lines, through `handle` (in order). */
async function streamLines(
  stream: NodeJS.ReadableStream & { pause(): unknown; resume(): unknown },
  handle: (data: Uint8Array, firstLine: number) => Promise<void>,
  onBytes: (n: number) => void,
): Promise<'ok' | 'binary'> {
  // The start of a line not yet ended, kept as parts and joined once when its end arrives, so a
  // very long line costs linear time (joining per chunk would be quadratic).
  let carry: Uint8Array[] = []
  let line = 1
  let first = true
  const queue: Promise<void>[] = []
  for await (const chunk of stream as AsyncIterable<Uint8Array>) {
    onBytes(chunk.byteLength)
    if (first) {
      first = false
      if (hasNul(chunk)) return 'binary'
    }
    const last = chunk.lastIndexOf(10)
    if (last < 0) {
      carry.push(chunk)
      continue
    }
    carry.push(chunk.subarray(0, last + 1))
    const data = join(carry)
    carry = last + 1 < chunk.byteLength ? [chunk.slice(last + 1)] : []
    const lines = countLines(data)
    queue.push(handle(data, line))
    line += lines
    // Bound the work in flight (constant memory on any input size).
    if (queue.length >= 4) await queue.shift()
  }
  if (carry.length > 0) queue.push(handle(join(carry), line))
  for (const p of queue) await p
  return 'ok'
}

/** Joins parts into one new buffer (always a copy, so it can be transferred to a worker). */
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

/** Runs `validate` over the arguments. Never throws for bad input. */
export async function validate(
  args: readonly string[],
  options: ValidateOptions,
): Promise<{ report: Report; totals: Totals }> {
  const items = expandInputs(args)
  const inputs = items.filter((i) => i.kind !== 'error')
  const retain = options.retain === true
  const totals = { invalid: 0, unusable: 0, errors: 0 }
  const report: Report = {
    version: 1,
    ok: true,
    strict: options.strict,
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
    report.errors.push({ file, message })
    options.onError?.(file, message)
  }
  const maxWorkers = options.workers ?? Math.max(1, availableParallelism())
  let pool: Pool | undefined

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

  for (const input of items) {
    if (input.kind === 'error') {
      error(input.file, input.message)
      continue
    }
    const file = input.kind === 'stdin' ? '-' : input.path
    try {
      if (input.kind === 'file' && !isLineDelimited(input)) {
        const bytes = readFileSync(input.path)
        options.onProgress?.(file, bytes.byteLength, bytes.byteLength)
        const r = emptyResult()
        if (bytes.byteLength === 0)
          r.problems.push({ kind: 'unusable', line: 1, path: '-', message: 'empty file', type: null })
        else if (hasNul(bytes)) {
          error(file, 'binary file (it contains NUL bytes), skipped')
          continue
        } else {
          const text = bytes.toString('utf8')
          const whole = parseWebhook(text)
          if (!whole.ok && whole.error.reason === 'json' && looksLikeNdjson(text))
            decodeLines(bytes, 1, options.strict, r)
          else decodeBody(bytes, 1, options.strict, r)
        }
        take(file, r)
        continue
      }
      const total = input.kind === 'file' ? statSync(input.path).size : undefined
      const useWorkers = maxWorkers > 0 && total !== undefined && total >= WORKER_THRESHOLD
      if (useWorkers && pool === undefined) pool = createPool(maxWorkers, options.strict)
      const stream = input.kind === 'stdin' ? process.stdin : createReadStream(input.path, { highWaterMark: CHUNK })
      // Results come back in any order from the pool; they are taken in input order.
      let pending: Promise<void> = Promise.resolve()
      let read = 0
      const outcome = await streamLines(
        stream,
        async (data, firstLine) => {
          const result =
            useWorkers && pool !== undefined
              ? pool.run(data, firstLine)
              : Promise.resolve().then(() => {
                  const r = emptyResult()
                  decodeLines(data, firstLine, options.strict, r)
                  return r
                })
          const previous = pending
          pending = previous.then(async () => take(file, await result))
          await pending
        },
        (n) => {
          read += n
          options.onProgress?.(file, read, total)
        },
      )
      if (outcome === 'binary') error(file, 'binary file (it contains NUL bytes), skipped')
    } catch (e) {
      const err = e as NodeJS.ErrnoException
      const why = err.code === 'ENOENT' ? 'the file disappeared before it could be read' : err.message
      error(file, `cannot read: ${why}`)
    }
  }
  await pool?.close()
  report.ok =
    totals.invalid === 0 && totals.unusable === 0 && totals.errors === 0 && !(options.strict && report.unknown > 0)
  return { report, totals }
}
