/** `doctor` (docs/cli.md). */
import type { CAC } from 'cac'
import { type Capture, parseCapture } from '../capture.js'
import { diagnose, NEEDS_SECRET } from '../diagnose.js'
import { DEFAULT_SECRET_ENV, done, noSecret, one, readFile, secretsFrom, UsageError, wholeNumber } from '../shared.js'

/** The lines of a file (without their line breaks), for a file of capture lines. */
function linesOf(bytes: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = []
  let start = 0
  while (start < bytes.byteLength) {
    let end = bytes.indexOf(10, start)
    if (end < 0) end = bytes.byteLength
    lines.push(bytes.subarray(start, end > start && bytes[end - 1] === 13 ? end - 1 : end))
    start = end + 1
  }
  return lines
}

const blank = (line: Uint8Array) => line.every((b) => b === 32 || b === 9)

/** A line in the JSON form (a `listen --out` capture line), or `undefined`. */
function captureOnLine(line: Uint8Array | undefined): Capture | undefined {
  if (line === undefined || blank(line)) return undefined
  return new TextDecoder().decode(line).trimStart().startsWith('{') ? parseCapture(line) : undefined
}

/**
 * The capture to check: the whole file, or one line of a file of capture lines (`listen --out`),
 * line `lineNo` or else the first non-blank one; with a note that says which line was checked.
 */
function pickCapture(
  bytes: Uint8Array,
  file: string,
  lineNo: number | undefined,
): { capture: Capture; note: string[] } {
  const shape = `${file} is neither raw HTTP (headers, blank line, body) nor JSON { "headers": …, "body": "…" }`
  const whole = lineNo === undefined ? parseCapture(bytes) : undefined
  if (whole !== undefined) return { capture: whole, note: [] }
  const lines = linesOf(bytes)
  const nonBlank = lines.filter((l) => !blank(l)).length
  const index = lineNo === undefined ? lines.findIndex((l) => !blank(l)) : lineNo - 1
  const capture = captureOnLine(lines[index])
  if (capture === undefined) {
    if (lineNo === undefined) throw new UsageError(shape)
    if (lineNo > lines.length)
      throw new UsageError(`--line ${lineNo} is past the end of ${file} (${lines.length} lines)`)
    if (blank(lines[index] as Uint8Array)) throw new UsageError(`line ${lineNo} of ${file} is blank`)
    throw new UsageError(`line ${lineNo} of ${file} is not a capture line ({ "headers": …, "body": "…" } on one line)`)
  }
  const others = lineNo === undefined && nonBlank > 1 ? '; check another with --line <n>' : ''
  return {
    capture,
    note: [
      `(Line ${index + 1} of ${file}, which holds ${nonBlank} capture line${nonBlank === 1 ? '' : 's'}${others}.)`,
    ],
  }
}

export function register(cli: CAC): void {
  cli
    .command('doctor <capture>', 'Explain why a captured request passes or fails the signature check')
    .option('--secret <secret>', 'The app secret; repeat for rotation')
    .option('--secret-env <name>', `Read the secret from this environment variable (default ${DEFAULT_SECRET_ENV})`)
    .option('--line <n>', 'In a file of capture lines (listen --out), check line n (default: the first)')
    .example('messenger-webhooks doctor captured-request.http --secret-env MESSENGER_APP_SECRET')
    .example('messenger-webhooks doctor captures.ndjson --line 12')
    .action((file: string, options: Record<string, unknown>) => {
      // Usage first: an empty --secret is an error whatever the capture holds.
      const secrets = secretsFrom(options)
      const lineText = one(options, 'line', 'line')
      const lineNo = lineText === undefined ? undefined : wholeNumber(lineText, 'line', 1, Number.MAX_SAFE_INTEGER)
      const { capture, note } = pickCapture(readFile(file), file, lineNo)
      const diagnosis = diagnose(capture, secrets)
      if (diagnosis === NEEDS_SECRET)
        throw new UsageError(
          `the header looks well formed; pass --secret (or set the environment variable) to check the signature (${noSecret(options)})`,
        )
      const { verdict, lines, code } = diagnosis
      return done(`verdict: ${verdict}\n${[...lines, ...note].map((l) => `  ${l}`).join('\n')}\n`, code)
    })
}
