/** `doctor` (docs/cli.md). */
import type { CAC } from 'cac'
import { verifySignatureSync } from '../../verify/node.js'
import { escapeUnicode } from '../../verify/signature.js'
import { type Capture, parseCapture } from '../capture.js'
import { DEFAULT_SECRET_ENV, done, noSecret, one, readFile, secretsFrom, UsageError, wholeNumber } from '../shared.js'

function compactForm(body: Uint8Array): string | undefined {
  try {
    return JSON.stringify(JSON.parse(new TextDecoder().decode(body)))
  } catch {
    // Not JSON, or nested too deep for the recursive JSON.stringify: no compact form to try.
    return undefined
  }
}

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
    .example('messenger-webhooks doctor captures.ndjson --line 3')
    .action((file: string, options: Record<string, unknown>) => {
      // Usage first: an empty --secret is an error whatever the capture holds.
      const secrets = secretsFrom(options)
      const lineText = one(options, 'line', 'line')
      const lineNo = lineText === undefined ? undefined : wholeNumber(lineText, 'line', 1, Number.MAX_SAFE_INTEGER)
      const { capture, note } = pickCapture(readFile(file), file, lineNo)
      const say = (verdict: string, lines: string[], code: number) =>
        done(`verdict: ${verdict}\n${[...lines, ...note].map((l) => `  ${l}`).join('\n')}\n`, code)
      if (capture.body === undefined) {
        return say(
          'parsed-body',
          [
            'The capture holds a parsed object, not the body as received: the signature covers raw bytes.',
            'Fix: capture (and verify) the raw body before any JSON parser runs.',
          ],
          1,
        )
      }
      const signature = capture.headers['x-hub-signature-256'] ?? capture.headers['x-hub-signature']
      if (signature === undefined || signature.trim() === '') {
        return say(
          'header-missing',
          [
            'The request has no X-Hub-Signature-256 header.',
            'Fix: make sure it came from Meta and that no proxy strips the header.',
          ],
          1,
        )
      }
      const legacy = capture.headers['x-hub-signature-256'] === undefined
      const check = (body: Uint8Array, secrets: string[]) =>
        verifySignatureSync({
          body,
          ...(legacy ? { headers: { 'x-hub-signature': signature }, allowSha1: true } : { signature }),
          secret: secrets,
        })
      const format = check(capture.body, ['format-check'])
      if (
        format._tag === 'Left' &&
        (format.left.reason === 'malformed_header' || format.left.reason === 'unsupported_algorithm')
      ) {
        return say('header-malformed', [`The header is ${JSON.stringify(signature)}: ${format.left.hint}`], 1)
      }
      if (secrets.length === 0)
        throw new UsageError(
          `the header looks well formed; pass --secret (or set the environment variable) to check the signature (${noSecret(options)})`,
        )
      const r = check(capture.body, secrets)
      if (r._tag === 'Right' && r.right.form === 'raw') {
        return say('ok', [`The captured bytes verify (${r.right.algorithm}, secret #${r.right.secretIndex}).`], 0)
      }
      if (r._tag === 'Right') {
        return say(
          'unicode-reencoded',
          [
            "The body verifies only in Meta's escaped-unicode form: something turned the \\uXXXX escapes into characters.",
            'The verifier accepts this form, so the request passes; verifying the raw bytes as received avoids the detour.',
          ],
          0,
        )
      }
      // A secret pasted with a trailing newline or spaces (`echo` into a secrets store) never matches.
      const trimmed = secrets.map((x) => x.trim()).filter((x, i) => x !== secrets[i] && x !== '')
      if (trimmed.length > 0 && check(capture.body, trimmed)._tag === 'Right') {
        return say(
          'secret-whitespace',
          [
            'The signature matches the secret without its leading or trailing whitespace (a newline, most often).',
            'Fix: store the App Secret without the newline (printf, not echo), or trim it where you read it.',
          ],
          1,
        )
      }
      // Rebuild Meta's compact form (no spaces, "/" as "\/", non-ASCII as lowercase \uXXXX) and try again.
      const compact = compactForm(capture.body)
      if (compact !== undefined) {
        const candidates = [
          compact,
          compact.replaceAll('/', '\\/'),
          escapeUnicode(compact),
          escapeUnicode(compact.replaceAll('/', '\\/')),
        ]
        for (const candidate of candidates) {
          if (check(new TextEncoder().encode(candidate), secrets)._tag === 'Right') {
            return say(
              'reserialized',
              [
                "The captured body fails, but Meta's compact form rebuilt from it verifies: whitespace or escaping was changed after Meta sent it (a framework parsed and re-serialized the body).",
                'Fix: verify the raw bytes before any JSON body parser (express.raw(), request.text(), or read the stream).',
              ],
              1,
            )
          }
        }
      }
      return say(
        'wrong-secret-or-modified',
        [
          'Nothing matches: most likely the wrong App Secret (App Dashboard → Settings → Basic), or the body changed in a way that cannot be undone (key order, values).',
          `Checked ${secrets.length} secret(s) against the captured bytes, the escaped-unicode form and Meta's compact form.`,
        ],
        1,
      )
    })
}
