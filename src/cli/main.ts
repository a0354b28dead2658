/**
 * The `messenger-webhooks` command: validate captured bodies, sign and verify test bodies, and
 * diagnose signature failures. A thin shell over the library (docs/cli.md).
 */
import {
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
} from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import cac from 'cac'
import { signPayloadSync, verifySignatureSync } from '../verify/node.js'
import { escapeUnicode } from '../verify/signature.js'
import { argvProblems, useExactArgv } from './args.js'
import { parseCapture } from './capture.js'
import { fail, finish, install, raise } from './exit.js'
import { errorLine, paint, problemLine, summaryLine, summaryTable, writeJson } from './output.js'
import { PoolBroken } from './pool.js'
import { DEFAULT_MAX_LINE_BYTES, LARGEST_MAX_LINE_BYTES, validate } from './validate.js'

install()

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
const DEFAULT_SECRET_ENV = 'MESSENGER_APP_SECRET'

class UsageError extends Error {}

/**
 * The value of an option given at most once, exactly as typed (`undefined` when not given). The
 * parser (args.ts) never turns values into numbers; this only rejects a repeated option.
 */
function one(options: Record<string, unknown>, key: string, flag: string): string | undefined {
  const value = options[key]
  if (value === undefined) return undefined
  if (Array.isArray(value)) throw new UsageError(`--${flag} can be given only once`)
  if (typeof value !== 'string') throw new UsageError(`--${flag} needs a value`)
  return value
}

/** Every value of a repeatable option, in order, exactly as typed. */
function all(options: Record<string, unknown>, key: string, flag: string): string[] {
  const value = options[key]
  if (value === undefined) return []
  const values = Array.isArray(value) ? value : [value]
  for (const v of values) if (typeof v !== 'string') throw new UsageError(`--${flag} needs a value`)
  return values as string[]
}

/** A whole number from the exact text typed (digits only: no sign, spaces, exponent or hex). */
function wholeNumber(text: string, flag: string, min: number, max: number): number {
  const n = /^[0-9]+$/.test(text) ? Number(text) : Number.NaN
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new UsageError(`--${flag} must be a whole number from ${min} to ${max}, not ${JSON.stringify(text)}`)
  return n
}

/**
 * The secrets to use, exactly as typed: every `--secret` (newest first), or else the one in the
 * variable named by --secret-env. An empty `--secret` (or an empty one among several) is a usage
 * error; an unset or empty variable is no secret (`[]`, which each command turns into exit 2).
 */
function secretsFrom(options: Record<string, unknown>): string[] {
  const name = one(options, 'secretEnv', 'secret-env') ?? DEFAULT_SECRET_ENV
  if (name === '') throw new UsageError('--secret-env needs the name of an environment variable')
  const given = all(options, 'secret', 'secret')
  if (given.includes(''))
    throw new UsageError('--secret is empty (an unset shell variable expands to nothing): pass the App Secret')
  if (given.length > 0) return given
  const fromEnv = process.env[name]
  return fromEnv === undefined || fromEnv === '' ? [] : [fromEnv]
}

/** Why there is no secret, for the usage error. */
function noSecret(options: Record<string, unknown>): string {
  const name = one(options, 'secretEnv', 'secret-env') ?? DEFAULT_SECRET_ENV
  return `no secret: pass --secret or set ${name} (it is ${process.env[name] === undefined ? 'unset' : 'empty'})`
}

/** The most `sign`, `verify` and `doctor` read from one file: far above any webhook body. */
const MAX_FILE_BYTES = 64 * 1024 * 1024

/**
 * Reads one file (or stdin) in chunks, stopping with exit 2 as soon as it passes
 * {@link MAX_FILE_BYTES}: `/dev/zero`, an endless pipe or a huge file never fills the memory.
 */
function readFile(path: string): Buffer {
  const label = path === '-' ? 'stdin' : path
  let fd: number | undefined
  try {
    fd = path === '-' ? 0 : openSync(path, 'r')
    const bytes = readBounded(fd)
    if (bytes === undefined)
      fail(`${label} is larger than 64 MiB: that is no webhook body or capture, nothing was checked`)
    return bytes
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    return fail(`cannot read ${label}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`)
  } finally {
    if (fd !== undefined && fd !== 0) closeSync(fd)
  }
}

/** All bytes of a file descriptor, or `undefined` as soon as they pass {@link MAX_FILE_BYTES}. */
function readBounded(fd: number): Buffer | undefined {
  const chunk = Buffer.allocUnsafe(1024 * 1024)
  const chunks: Buffer[] = []
  let size = 0
  for (;;) {
    let n: number
    try {
      n = readSync(fd, chunk, 0, chunk.length, null)
    } catch (e) {
      // A non-blocking stdin with nothing to read yet: wait a little and read again.
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10)
      continue
    }
    if (n === 0) return Buffer.concat(chunks, size)
    size += n
    if (size > MAX_FILE_BYTES) return undefined
    chunks.push(Buffer.from(chunk.subarray(0, n)))
  }
}

/** Writes the command's output and ends with `code` (2 instead if the output cannot be written). */
function done(text: string, code: number): number {
  raise(code)
  process.stdout.write(text)
  return code
}

const cli = cac('messenger-webhooks')
useExactArgv(cli)

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

cli
  .command('sign <file>', 'Print the X-Hub-Signature-256 header value for the exact bytes of a file')
  .option('--secret <secret>', 'The app secret (prefer --secret-env in CI)')
  .option('--secret-env <name>', `Read the secret from this environment variable (default ${DEFAULT_SECRET_ENV})`)
  .option('--all', 'Print both header lines (X-Hub-Signature-256 and the legacy X-Hub-Signature)')
  .example('MESSENGER_APP_SECRET=… messenger-webhooks sign body.json')
  .action((file: string, options: Record<string, unknown>) => {
    const secrets = secretsFrom(options)
    if (secrets.length > 1) throw new UsageError('sign uses one secret: give --secret once')
    const [secret] = secrets
    if (secret === undefined) throw new UsageError(noSecret(options))
    let headers: ReturnType<typeof signPayloadSync>
    try {
      headers = signPayloadSync(readFile(file), secret)
    } catch (e) {
      throw new UsageError((e as Error).message)
    }
    if (options.all === true) {
      return done(
        `X-Hub-Signature-256: ${headers['X-Hub-Signature-256']}\nX-Hub-Signature: ${headers['X-Hub-Signature']}\n`,
        0,
      )
    }
    return done(`${headers['X-Hub-Signature-256']}\n`, 0)
  })

cli
  .command('verify <file>', 'Verify a signature header against the exact bytes of a file')
  .option('--signature <header>', 'The X-Hub-Signature-256 header value (sha256=…)')
  .option('--secret <secret>', 'The app secret; repeat for rotation')
  .option('--secret-env <name>', `Read the secret from this environment variable (default ${DEFAULT_SECRET_ENV})`)
  .option('--allow-sha1', 'Accept a legacy sha1= signature')
  .action((file: string, options: Record<string, unknown>) => {
    const signature = one(options, 'signature', 'signature')
    if (signature === undefined || signature === '')
      throw new UsageError(`verify needs --signature "sha256=…"${signature === '' ? ' (it is empty)' : ''}`)
    const secrets = secretsFrom(options)
    if (secrets.length === 0) throw new UsageError(noSecret(options))
    const sha1 = options.allowSha1 === true && signature.trim().toLowerCase().startsWith('sha1=')
    const r = verifySignatureSync({
      body: readFile(file),
      ...(sha1 ? { headers: { 'x-hub-signature': signature } } : { signature }),
      secret: secrets,
      allowSha1: options.allowSha1 === true,
    })
    if (r._tag === 'Right') {
      const form = r.right.form === 'raw' ? 'raw' : 'escaped-unicode'
      return done(`OK: signature matches (${r.right.algorithm}, secret #${r.right.secretIndex}, ${form} body)\n`, 0)
    }
    return done(`FAIL ${r.left.reason}: ${r.left.hint}\n`, 1)
  })

/** Meta's compact form of a body (no spaces), or `undefined` when it cannot be rebuilt. */
function compactForm(body: Uint8Array): string | undefined {
  try {
    return JSON.stringify(JSON.parse(new TextDecoder().decode(body)))
  } catch {
    // Not JSON, or nested too deep for the recursive JSON.stringify: no compact form to try.
    return undefined
  }
}

cli
  .command('doctor <capture>', 'Explain why a captured request passes or fails the signature check')
  .option('--secret <secret>', 'The app secret; repeat for rotation')
  .option('--secret-env <name>', `Read the secret from this environment variable (default ${DEFAULT_SECRET_ENV})`)
  .example('messenger-webhooks doctor captured-request.http --secret-env MESSENGER_APP_SECRET')
  .action((file: string, options: Record<string, unknown>) => {
    // Usage first: an empty --secret is an error whatever the capture holds.
    const secrets = secretsFrom(options)
    const capture = parseCapture(readFile(file))
    if (capture === undefined) {
      throw new UsageError(
        `${file} is neither raw HTTP (headers, blank line, body) nor JSON { "headers": …, "body": "…" }`,
      )
    }
    const say = (verdict: string, lines: string[], code: number) =>
      done(`verdict: ${verdict}\n${lines.map((l) => `  ${l}`).join('\n')}\n`, code)
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

cli
  .command('fixtures', "Write the package's shipped fixtures to a folder, to seed your own corpus")
  .option('--out <dir>', 'Target folder', { default: './messenger-webhooks-fixtures' })
  .option('--force', 'Overwrite files that are already there (they are kept otherwise)')
  .example('messenger-webhooks fixtures --out test/fixtures/meta')
  .action((options: Record<string, unknown>) => {
    const source = fileURLToPath(new URL('../fixtures/', import.meta.url))
    if (!existsSync(source)) fail('the package has no fixtures folder (broken install?)')
    const outText = one(options, 'out', 'out') ?? './messenger-webhooks-fixtures'
    if (outText === '') throw new UsageError('--out is empty: name the folder to write to')
    const out = resolve(outText)
    const files: string[] = []
    const collect = (dir: string) => {
      for (const name of readdirSync(dir).sort()) {
        const p = join(dir, name)
        if (statSync(p).isDirectory()) collect(p)
        else files.push(relative(source, p))
      }
    }
    collect(source)
    let wrote = 0
    let kept = 0
    for (const file of files) {
      const target = join(out, file)
      try {
        mkdirSync(resolve(target, '..'), { recursive: true })
        copyFileSync(join(source, file), target, options.force === true ? 0 : constants.COPYFILE_EXCL)
        wrote++
      } catch (e) {
        const err = e as NodeJS.ErrnoException
        if (err.code === 'EEXIST') kept++
        else fail(`cannot write ${target}: ${err.code === 'EACCES' ? 'permission denied' : err.message}`)
      }
    }
    if (kept > 0) process.stderr.write(`kept ${kept} files that were already there (--force overwrites them)\n`)
    return done(`wrote ${wrote} files to ${out}\n`, 0)
  })

cli.option('-v, --version', 'Print the version')
// cac shows "(default: true)" for a --no-… flag, which reads as if colour were always off.
cli.help((sections) =>
  sections.map((section) => ({ ...section, body: section.body.replace(/(--no-color.*?)\s*\(default: true\)/, '$1') })),
)

async function main(): Promise<void> {
  try {
    cli.parse(process.argv, { run: false })
    const problem = argvProblems(cli.options)[0]
    if (cli.matchedCommand === undefined) {
      if (cli.options.help === true) return finish(0)
      if (problem !== undefined) throw new UsageError(problem)
      if (cli.options.version === true) return finish(done(`${pkg.version}\n`, 0))
      const name = cli.args[0]
      const unknown = Object.keys(cli.options).find((k) => k !== '--')
      if (name === undefined && unknown !== undefined)
        throw new UsageError(`unknown option --${unknown.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`)} (see --help)`)
      throw new UsageError(
        name === undefined ? 'missing command (see --help)' : `unknown command "${name}" (see --help)`,
      )
    }
    if (problem !== undefined) throw new UsageError(problem)
    const code: unknown = await cli.runMatchedCommand()
    // Every command returns its exit code once its output is written; anything else fails closed.
    finish(typeof code === 'number' ? code : 2)
  } catch (e) {
    if (e instanceof UsageError || (e instanceof Error && e.name === 'CACError')) fail(e.message)
    // A run that cannot finish (its worker threads cannot start) says why, without a report: exit 2.
    if (e instanceof PoolBroken) fail(`cannot finish the run: ${e.message}`)
    fail(`unexpected error: ${e instanceof Error ? e.message : String(e)}`, 2)
  }
}

void main()
