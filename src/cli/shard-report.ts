/**
 * Shard reports: what `validate --shard i/n --format json` adds to its report (`shard`), and how
 * `merge-reports` checks a set of them and joins them into the report a run without --shard gives.
 * The shards of a run are contiguous runs of its inputs in input order (inputs.ts, splitInputs),
 * so joining their lists in shard order gives the lists of the whole run, in its order.
 */
import type { Report } from './validate.js'

/** The `shard` field of a shard's report (docs/cli.md, "Sharding"). */
export interface ShardInfo {
  /** Which shard, from 1, of how many. */
  index: number
  total: number
  /** The command that wrote it, with its version: shards of different versions are not merged. */
  tool: string
  /** Fingerprint of the whole input list (names, kinds, sizes, unreadable arguments). */
  inputs: string
  /** `--max-line-bytes` of the run. */
  maxLineBytes: number
  /** What this shard read, in order: whole inputs, and NDJSON files' lines that start in bytes `[from, to)`. */
  units: ({ file: string } | { file: string; from: number; to: number })[]
  /**
   * The order in which its problems and errors came (the order of the text output), as runs of
   * `i` (an entry of `invalid`), `u` (`unusable`) and `e` (`errors`), each with its length when
   * more than 1: `3iu2e` is three invalid items, an unusable body, then two errors.
   */
  order: string
}

/** A report of `validate --shard`. */
export type ShardReport = Report & { shard: ShardInfo }

export type OrderKind = 'i' | 'u' | 'e'

/** Writes {@link ShardInfo.order} as the problems come. */
export class OrderLog {
  private done = ''
  private last: OrderKind | undefined
  private count = 0

  add(kind: OrderKind): void {
    if (kind === this.last) {
      this.count++
      return
    }
    this.done += this.run()
    this.last = kind
    this.count = 1
  }

  private run(): string {
    if (this.last === undefined) return ''
    return `${this.count > 1 ? this.count : ''}${this.last}`
  }

  toString(): string {
    return this.done + this.run()
  }
}

/** The runs of an order string, or `undefined` when it is not one. */
export function parseOrder(order: string): { kind: OrderKind; count: number }[] | undefined {
  const runs: { kind: OrderKind; count: number }[] = []
  const re = /([1-9][0-9]{0,15})?([iue])/y
  let at = 0
  while (at < order.length) {
    re.lastIndex = at
    const m = re.exec(order)
    if (m === null) return undefined
    const count = m[1] === undefined ? 1 : Number(m[1])
    if (!Number.isSafeInteger(count)) return undefined
    runs.push({ kind: m[2] as OrderKind, count })
    at = re.lastIndex
  }
  return runs
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0
const isLine = (v: unknown): v is number => isCount(v) && v >= 1
const isString = (v: unknown): v is string => typeof v === 'string'

const REPORT_KEYS = [
  'version',
  'ok',
  'strict',
  'inputs',
  'bodies',
  'events',
  'counts',
  'unknown',
  'invalid',
  'unusable',
  'errors',
  'shard',
]

/** Why `value` is not a report of `validate --format json` (with or without `shard`), or `undefined`. */
function reportProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'not a JSON object'
  for (const key of Object.keys(value)) if (!REPORT_KEYS.includes(key)) return `unexpected field "${key}"`
  for (const key of REPORT_KEYS.slice(0, -1)) if (!(key in value)) return `no "${key}" field`
  if (value.version !== 1) return `"version" is ${JSON.stringify(value.version)}, not 1`
  if (typeof value.ok !== 'boolean' || typeof value.strict !== 'boolean') return '"ok" and "strict" must be booleans'
  for (const key of ['inputs', 'bodies', 'events', 'unknown'])
    if (!isCount(value[key])) return `"${key}" is not a count`
  if (!isObject(value.counts)) return '"counts" is not an object'
  for (const [type, row] of Object.entries(value.counts))
    if (!isObject(row) || !isCount(row.messenger) || !isCount(row.instagram) || !isCount(row.other))
      return `"counts.${type}" is not a row of counts`
  const list = (key: string, ok: (e: Record<string, unknown>) => boolean) => {
    const v = value[key]
    if (!Array.isArray(v)) return `"${key}" is not an array`
    const i = v.findIndex((e) => !isObject(e) || !ok(e))
    return i < 0 ? undefined : `"${key}[${i}]" is not an entry of a report`
  }
  return (
    list(
      'invalid',
      (e) =>
        isString(e.file) &&
        isLine(e.line) &&
        isString(e.path) &&
        isString(e.message) &&
        (e.type === null || isString(e.type)),
    ) ??
    list('unusable', (e) => isString(e.file) && isLine(e.line) && isString(e.message)) ??
    list('errors', (e) => isString(e.file) && isString(e.message))
  )
}

/** Why `shard` is not the `shard` field of a report with those lists, or `undefined`. */
function shardProblem(shard: unknown, report: Report): string | undefined {
  if (!isObject(shard)) return '"shard" is not an object'
  const { index, total, tool, inputs, maxLineBytes, units, order } = shard
  if (!isLine(total) || !isLine(index) || index > total)
    return '"shard.index" and "shard.total" must be 1 ≤ index ≤ total'
  if (!isString(tool) || !isString(inputs)) return '"shard.tool" and "shard.inputs" must be strings'
  if (!isLine(maxLineBytes)) return '"shard.maxLineBytes" is not a number of bytes'
  if (
    !Array.isArray(units) ||
    !units.every(
      (u) =>
        isObject(u) && isString(u.file) && (('from' in u || 'to' in u) === false || (isCount(u.from) && isCount(u.to))),
    )
  )
    return '"shard.units" is not a list of inputs'
  const runs = isString(order) ? parseOrder(order) : undefined
  if (runs === undefined) return '"shard.order" is not an order of problems'
  const seen = { i: 0, u: 0, e: 0 }
  for (const r of runs) seen[r.kind] += r.count
  if (seen.i !== report.invalid.length || seen.u !== report.unusable.length || seen.e !== report.errors.length)
    return '"shard.order" does not match the lists of problems'
  return undefined
}

/**
 * Checks that `value` is a report of `validate --shard … --format json`: the report itself or why
 * it is not one (a message to show after the file name).
 */
export function asShardReport(value: unknown): ShardReport | string {
  const problem = reportProblem(value)
  if (problem !== undefined) return `not a report of validate --format json (${problem})`
  const report = value as unknown as Report
  if (report.shard === undefined)
    return 'a report of validate without --shard: only the reports of the shards of one run can be merged'
  const bad = shardProblem(report.shard, report)
  if (bad !== undefined) return `not a shard report of validate (${bad})`
  return report as ShardReport
}

/** The exit code of `validate` for a report that holds every problem. */
export function exitCodeOf(report: Report): 0 | 1 | 2 {
  return report.errors.length > 0 ? 2 : report.ok ? 0 : 1
}

/**
 * Merges the reports of the shards of one run (each named, for messages) into the report of the
 * same run without --shard, with the order of its problems (for the text output). Refuses, with
 * why, reports that are not exactly the shards 1…n of one run: another shard count, another
 * version of the command, other inputs (names or sizes), other options (`--strict`,
 * `--max-line-bytes`), a shard given twice, or one missing.
 */
export function mergeShardReports(
  shards: readonly { readonly name: string; readonly report: ShardReport }[],
): { report: Report; order: string } | { problem: string } {
  const first = shards[0]
  if (first === undefined) return { problem: 'no report to merge' }
  const of = (s: { report: ShardReport }) => `${s.report.shard.index}/${s.report.shard.total}`
  for (const s of shards.slice(1)) {
    const a = first.report
    const b = s.report
    const pair = `${first.name} and ${s.name}`
    if (a.shard.total !== b.shard.total)
      return {
        problem: `${first.name} is shard ${of(first)} but ${s.name} is shard ${of(s)}: they are not shards of one run`,
      }
    if (a.shard.tool !== b.shard.tool)
      return { problem: `${pair} were written by different versions (${a.shard.tool}, ${b.shard.tool})` }
    if (a.strict !== b.strict)
      return { problem: `${pair} are of different runs: one is with --strict, the other without` }
    if (a.shard.maxLineBytes !== b.shard.maxLineBytes)
      return {
        problem: `${pair} are of different runs: --max-line-bytes ${a.shard.maxLineBytes} and ${b.shard.maxLineBytes}`,
      }
    if (a.shard.inputs !== b.shard.inputs)
      return {
        problem: `${pair} are of different inputs (other files, or files of other sizes): they are not shards of one run`,
      }
  }
  const total = first.report.shard.total
  const byIndex = new Map<number, { name: string; report: ShardReport }>()
  for (const s of shards) {
    const twice = byIndex.get(s.report.shard.index)
    if (twice !== undefined) return { problem: `shard ${of(s)} is given twice (${twice.name}, ${s.name})` }
    byIndex.set(s.report.shard.index, s)
  }
  const missing: string[] = []
  for (let i = 1; i <= total; i++) if (!byIndex.has(i)) missing.push(`${i}/${total}`)
  if (missing.length > 0)
    return { problem: `missing shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (${shards.length} given)` }

  const report: Report = {
    version: 1,
    ok: true,
    strict: first.report.strict,
    inputs: 0,
    bodies: 0,
    events: 0,
    counts: {},
    unknown: 0,
    invalid: [],
    unusable: [],
    errors: [],
  }
  let order = ''
  // Types in the order they were first seen, as in one run.
  const counts = new Map<string, { messenger: number; instagram: number; other: number }>()
  for (let i = 1; i <= total; i++) {
    const r = (byIndex.get(i) as { report: ShardReport }).report
    report.inputs += r.inputs
    report.bodies += r.bodies
    report.events += r.events
    report.unknown += r.unknown
    for (const [type, row] of Object.entries(r.counts)) {
      const sum = counts.get(type) ?? { messenger: 0, instagram: 0, other: 0 }
      sum.messenger += row.messenger
      sum.instagram += row.instagram
      sum.other += row.other
      counts.set(type, sum)
    }
    for (const e of r.invalid) report.invalid.push(e)
    for (const e of r.unusable) report.unusable.push(e)
    for (const e of r.errors) report.errors.push(e)
    order += r.shard.order
  }
  report.counts = Object.fromEntries(counts)
  report.ok =
    report.invalid.length === 0 &&
    report.unusable.length === 0 &&
    report.errors.length === 0 &&
    !(report.strict && report.unknown > 0)
  return { report, order }
}
