/** `merge-reports` (docs/cli.md): the reports of `validate --shard i/n --format json`, merged into one. */
import { readFile } from 'node:fs/promises'
import type { CAC } from 'cac'
import { fail, raise } from '../exit.js'
import { errorLine, paint, problemLine, summaryLine, summaryTable, writeJson } from '../output.js'
import { asShardReport, exitCodeOf, mergeShardReports, parseOrder, type ShardReport } from '../shard-report.js'
import { one, UsageError } from '../shared.js'

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) chunks.push(chunk)
  return Buffer.concat(chunks)
}

/** Reads and checks one report; stops the command (exit 2) when it cannot be read or is not a shard report. */
async function load(path: string): Promise<{ name: string; report: ShardReport }> {
  const name = path === '-' ? 'stdin' : path
  let text: string
  try {
    text = (path === '-' ? await readStdin() : await readFile(path)).toString('utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    return fail(`cannot read ${name}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`)
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    return fail(`${name}: not a report of validate --format json (not JSON: ${(e as Error).message})`)
  }
  const report = asShardReport(value)
  if (typeof report === 'string') return fail(`${name}: ${report}`)
  return { name, report }
}

export function register(cli: CAC): void {
  cli
    .command('merge-reports [...reports]', 'Merge the JSON reports of validate --shard i/n into the report of one run')
    .option('--format <format>', 'Output format: text or json', { default: 'text' })
    .option('--quiet', 'Print only the summary line')
    .option('--no-color', 'Never colour the output')
    .example('messenger-webhooks merge-reports report-1.json report-2.json report-3.json report-4.json')
    .example('messenger-webhooks merge-reports --format json reports/*.json > report.json')
    .action(async (paths: string[], options: Record<string, unknown>) => {
      if (paths.length === 0)
        throw new UsageError('merge-reports needs the reports of every shard (validate --shard i/n --format json)')
      const format = one(options, 'format', 'format') ?? 'text'
      if (format !== 'text' && format !== 'json')
        throw new UsageError(`--format must be text or json, not ${JSON.stringify(format)}`)
      const shards = []
      for (const path of paths) shards.push(await load(path))
      const merged = mergeShardReports(shards)
      if ('problem' in merged) return fail(`cannot merge: ${merged.problem}`)
      const { report, order } = merged
      const code = exitCodeOf(report)
      raise(code)
      const out = (line: string) => process.stdout.write(`${line}\n`)
      if (format === 'json') {
        writeJson(report as unknown as Record<string, unknown>, (chunk) => process.stdout.write(chunk))
        return code
      }
      // The text output of validate: problems and unreadable inputs in the order they came.
      const text = options.quiet !== true
      const color = options.color !== false && process.stdout.isTTY === true && process.env.NO_COLOR === undefined
      const c = paint(color)
      const next = { i: 0, u: 0, e: 0 }
      for (const run of parseOrder(order) ?? []) {
        for (let k = 0; k < run.count; k++) {
          if (run.kind === 'i') {
            const p = report.invalid[next.i++]
            if (p !== undefined && text) out(problemLine(p.file, { kind: 'invalid', ...p }, c))
          } else if (run.kind === 'u') {
            const p = report.unusable[next.u++]
            if (p !== undefined && text) out(problemLine(p.file, { kind: 'unusable', path: '-', type: null, ...p }, c))
          } else {
            const e = report.errors[next.e++]
            if (e === undefined) continue
            if (text) out(errorLine(e.file, e.message, c))
            else process.stderr.write(`messenger-webhooks: ${e.file}: ${e.message}\n`)
          }
        }
      }
      const totals = { invalid: report.invalid.length, unusable: report.unusable.length, errors: report.errors.length }
      if (text) {
        if (totals.invalid + totals.unusable + totals.errors > 0) out('')
        if (Object.keys(report.counts).length > 0) out(`${summaryTable(report)}\n`)
      }
      out(summaryLine(report, totals))
      return code
    })
}
