/** `validate` (docs/cli.md). */
import type { CAC } from 'cac'
import { raise } from '../exit.js'
import { errorLine, paint, problemLine, summaryLine, summaryTable, writeJson } from '../output.js'
import { one, UsageError, wholeNumber } from '../shared.js'
import { DEFAULT_MAX_LINE_BYTES, LARGEST_MAX_LINE_BYTES, validate } from '../validate.js'

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
    .example('messenger-webhooks validate captures/')
    .example("messenger-webhooks validate --strict --format json 'logs/**/*.ndjson' > report.json")
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
