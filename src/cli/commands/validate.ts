/** `validate` (docs/cli.md). */
import { readFileSync } from 'node:fs'
import type { CAC } from 'cac'
import { raise } from '../exit.js'
import type { ShardSpec } from '../inputs.js'
import { errorLine, paint, problemLine, summaryLine, summaryTable, writeJson } from '../output.js'
import { one, UsageError, wholeNumber } from '../shared.js'
import { DEFAULT_MAX_LINE_BYTES, LARGEST_MAX_LINE_BYTES, validate } from '../validate.js'

/** The most shards `--shard` splits the inputs into. */
export const MAX_SHARDS = 1024

/** `--shard i/n`, exactly as typed: digits, a slash, digits, 1 ≤ i ≤ n ≤ {@link MAX_SHARDS}. */
export function parseShard(text: string): ShardSpec {
  const m = /^([0-9]{1,6})\/([0-9]{1,6})$/.exec(text)
  const index = Number(m?.[1])
  const total = Number(m?.[2])
  if (m === null || !(index >= 1 && index <= total && total <= MAX_SHARDS))
    throw new UsageError(
      `--shard must be i/n, shard i of n (1 <= i <= n <= ${MAX_SHARDS}, as 2/4), not ${JSON.stringify(text)}`,
    )
  return { index, total }
}

/** Name and version of the command, as a shard report records them. */
function tool(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
  return `messenger-webhooks ${pkg.version}`
}

export function register(cli: CAC): void {
  cli
    .command('validate [...paths]', 'Decode captured webhook bodies (files, directories, globs, NDJSON, - for stdin)')
    .option('--strict', 'Strict mode: unknown events and unknown properties are invalid')
    .option('--format <format>', 'Output format: text or json', { default: 'text' })
    .option('--quiet', 'Print only the summary line')
    .option('--no-color', 'Never colour the output')
    .option(
      '--workers <n>',
      'Worker threads for large inputs (default: one per core; 0: none, except one for lines of 1 MiB or more)',
    )
    .option(
      '--max-line-bytes <n>',
      `Longest line (or .json body) decoded; a longer one is reported, not read into memory (default: ${DEFAULT_MAX_LINE_BYTES}, 64 MiB)`,
    )
    .option(
      '--shard <i/n>',
      'Read only shard i of n of the inputs (a file, or the lines of an NDJSON file in a byte range, is in exactly one); merge the JSON reports with merge-reports',
    )
    .example('messenger-webhooks validate captures/')
    .example("messenger-webhooks validate --strict --format json 'logs/**/*.ndjson' > report.json")
    .example("messenger-webhooks validate --format json --shard 2/4 'logs/**/*.ndjson' > report-2.json")
    .action(async (paths: string[], options: Record<string, unknown>) => {
      if (paths.length === 0) throw new UsageError('validate needs at least one path (or - for stdin)')
      const format = one(options, 'format', 'format') ?? 'text'
      if (format !== 'text' && format !== 'json')
        throw new UsageError(`--format must be text or json, not ${JSON.stringify(format)}`)
      const workersText = one(options, 'workers', 'workers')
      const workers = workersText === undefined ? undefined : wholeNumber(workersText, 'workers', 0, 1024)
      const maxText = one(options, 'maxLineBytes', 'max-line-bytes')
      const maxLineBytes =
        maxText === undefined ? undefined : wholeNumber(maxText, 'max-line-bytes', 1, LARGEST_MAX_LINE_BYTES)
      const shardText = one(options, 'shard', 'shard')
      const shard = shardText === undefined ? undefined : parseShard(shardText)
      if (shard !== undefined && paths.includes('-'))
        throw new UsageError('--shard cannot split stdin (-): save it to a file and validate the file')
      const color = options.color !== false && process.stdout.isTTY === true && process.env.NO_COLOR === undefined
      const c = paint(color)
      const text = format === 'text' && options.quiet !== true
      const out = (line: string) => process.stdout.write(`${line}\n`)
      // The progress line lives on stderr; it is wiped before anything else is printed, so problem
      // lines never land after a stale "12.3 of 40.0 MB" on a terminal that shows both streams.
      const progress = process.stderr.isTTY === true && format === 'text'
      let lastProgress = 0
      let progressShown = false
      const clearProgress = () => {
        if (!progressShown) return
        process.stderr.write('\r\u001b[K')
        progressShown = false
      }
      const { report, totals } = await validate(paths, {
        strict: options.strict === true,
        workers,
        maxLineBytes,
        shard: shard === undefined ? undefined : { ...shard, tool: tool() },
        retain: format === 'json',
        onProblem: (file, p) => {
          raise(1)
          if (!text) return
          clearProgress()
          out(problemLine(file, p, c))
        },
        // Unreadable inputs are named even with --quiet (on stderr then): they decide exit code 2.
        onError: (file, message) => {
          raise(2)
          clearProgress()
          if (text) out(errorLine(file, message, c))
          else if (format === 'text') process.stderr.write(`messenger-webhooks: ${file}: ${message}\n`)
        },
        ...(progress
          ? {
              onProgress: (file, bytes, total) => {
                const now = Date.now()
                if (now - lastProgress < 200) return
                lastProgress = now
                const mb = (bytes / 1048576).toFixed(1)
                const of = total === undefined ? '' : ` of ${(total / 1048576).toFixed(1)}`
                process.stderr.write(`\r\u001b[K${file}: ${mb}${of} MB`)
                progressShown = true
              },
            }
          : {}),
      })
      clearProgress()
      const code = totals.errors > 0 ? 2 : report.ok ? 0 : 1
      raise(code)
      if (format === 'json') {
        writeJson(report as unknown as Record<string, unknown>, (chunk) => process.stdout.write(chunk))
      } else {
        if (text) {
          if (totals.invalid + totals.unusable + totals.errors > 0) out('')
          if (Object.keys(report.counts).length > 0) out(`${summaryTable(report)}\n`)
        }
        out(summaryLine(report, totals))
      }
      return code
    })
}
