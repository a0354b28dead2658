/**
 * What `send` counts, in the same memory however many requests it makes: answers by status and
 * failures by reason (each with the first line of its first answer), and latencies in a
 * histogram of 1 % wide buckets rather than a list.
 */
import type { Outcome } from './http-post.js'

const RATIO = 1.01
const LOG_RATIO = Math.log(RATIO)
/** Buckets up to an hour, in microseconds. */
const BUCKETS = Math.ceil(Math.log(3.6e9) / LOG_RATIO) + 1

/** Latencies in 1 % wide buckets: percentiles are exact to 1 %, memory is constant. */
export class Latencies {
  private readonly counts = new Float64Array(BUCKETS)
  count = 0
  max = 0

  add(ms: number): void {
    const us = ms * 1000
    const i = us <= 1 ? 0 : Math.min(BUCKETS - 1, Math.ceil(Math.log(us) / LOG_RATIO))
    this.counts[i] = (this.counts[i] ?? 0) + 1
    this.count++
    if (ms > this.max) this.max = ms
  }

  /** The latency below which a share `p` (0 < p ≤ 1) of the requests finished (the bucket's upper end), in ms. */
  percentile(p: number): number {
    const target = Math.max(1, Math.ceil(p * this.count))
    let seen = 0
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i] ?? 0
      if (seen >= target) return Math.min(RATIO ** i / 1000, this.max)
    }
    return this.max
  }
}

/** One row of the answer table. */
export interface Row {
  /** `200 OK`, `403 Forbidden`, or `no answer: timeout`. */
  readonly label: string
  /** The status, or `undefined` for requests without an answer (sorted after the statuses). */
  readonly status: number | undefined
  count: number
  /** The first line of the first answer of this row (for a failure: its message). */
  readonly first: string
}

/** Counts of answers by status and of failures by reason. */
export class Tally {
  readonly rows = new Map<string, Row>()
  readonly latencies = new Latencies()
  accepted = 0
  refused = 0
  failed = 0

  add(outcome: Outcome): void {
    let key: string
    if (outcome.kind === 'answer') {
      this.latencies.add(outcome.ms)
      if (outcome.status >= 200 && outcome.status < 300) this.accepted++
      else this.refused++
      key = String(outcome.status)
      if (!this.rows.has(key)) {
        const label = `${outcome.status}${outcome.statusText === '' ? '' : ` ${outcome.statusText}`}`
        this.rows.set(key, { label, status: outcome.status, count: 0, first: outcome.firstLine })
      }
    } else {
      this.failed++
      key = `failed:${outcome.reason}`
      if (!this.rows.has(key))
        this.rows.set(key, {
          label: `no answer: ${outcome.reason}`,
          status: undefined,
          count: 0,
          first: outcome.message,
        })
    }
    ;(this.rows.get(key) as Row).count++
  }

  /** The rows: statuses in order, then failures by reason. */
  sorted(): Row[] {
    return [...this.rows.values()].sort((a, b) =>
      a.status !== undefined && b.status !== undefined
        ? a.status - b.status
        : a.status !== undefined
          ? -1
          : b.status !== undefined
            ? 1
            : a.label.localeCompare(b.label),
    )
  }
}

/** `1 body`, `2 bodies`. */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`
}

/** A duration in ms, with 3 significant digits (`0.412 ms`, `4.12 ms`, `41.2 ms`, `412 ms`). */
export function formatMs(ms: number): string {
  if (ms < 1) return `${ms.toFixed(3)} ms`
  if (ms < 10) return `${ms.toFixed(2)} ms`
  if (ms < 100) return `${ms.toFixed(1)} ms`
  return `${Math.round(ms)} ms`
}

/** The answer table: label, count and the first line of the first answer, in aligned columns. */
export function answerTable(rows: readonly Row[]): string {
  const cells = rows.map((r) => [r.label, String(r.count), r.first])
  const head = ['answer', 'requests', 'first answer']
  const w0 = Math.max(head[0]!.length, ...cells.map((c) => c[0]!.length))
  const w1 = Math.max(head[1]!.length, ...cells.map((c) => c[1]!.length))
  const line = (c: string[]) => `${c[0]!.padEnd(w0)}  ${c[1]!.padStart(w1)}  ${c[2]}`.trimEnd()
  return [line(head), ...cells.map(line)].join('\n')
}
