/** `send` (docs/cli.md#6-send). */
import type { CAC } from 'cac'
import { signPayloadSync } from '../../verify/node.js'
import { readBodies } from '../bodies.js'
import { explainRefusal } from '../diagnose.js'
import { fail, raise, warn } from '../exit.js'
import { createPoster, DEFAULT_TIMEOUT_MS, metaHeaders, type Outcome, targetUrl } from '../http-post.js'
import { expandInputs, type Input } from '../inputs.js'
import { DEFAULT_SECRET_ENV, done, noSecret, one, secretsFrom, UsageError, wholeNumber } from '../shared.js'
import { answerTable, formatMs, plural, Tally } from '../tally.js'

export const DEFAULT_CONCURRENCY = 8
/** Refused requests listed one by one; the rest are only counted. */
const SHOWN = 10

/** `--rate`: `N/s`, `N/m` or `N` (per second), N a positive decimal number; in requests per second. */
export function parseRate(text: string): number {
  const m = /^([0-9]+(?:\.[0-9]+)?)(?:\/(s|m))?$/.exec(text)
  const n = m === null ? Number.NaN : Number(m[1]) / (m[2] === 'm' ? 60 : 1)
  if (!(n > 0) || n > 1_000_000)
    throw new UsageError(
      `--rate must be a number of requests per second (50/s) or per minute (120/m), not ${JSON.stringify(text)}`,
    )
  return n
}

/** The one secret to sign with, checked (exit 2 on none, several, or one with whitespace around it). */
export function signingSecret(options: Record<string, unknown>, command: string): string {
  const secrets = secretsFrom(options)
  if (secrets.length > 1) throw new UsageError(`${command} signs with one secret: give --secret once`)
  const [secret] = secrets
  if (secret === undefined) throw new UsageError(noSecret(options))
  try {
    signPayloadSync(new Uint8Array(), secret)
  } catch (e) {
    throw new UsageError((e as Error).message)
  }
  return secret
}

/** `--to`, required and checked. */
export function requiredUrl(options: Record<string, unknown>, command: string): URL {
  const to = one(options, 'to', 'to')
  if (to === undefined)
    throw new UsageError(`${command} needs --to URL (the webhook endpoint, e.g. http://localhost:3000/webhook)`)
  const url = targetUrl(to)
  if (typeof url === 'string') throw new UsageError(url)
  return url
}

/** `--timeout`, in ms. */
export function timeoutOf(options: Record<string, unknown>): number {
  const text = one(options, 'timeout', 'timeout')
  return text === undefined ? DEFAULT_TIMEOUT_MS : wholeNumber(text, 'timeout', 1, 3_600_000)
}

/** One line for a refused request (or one without an answer). */
export function outcomeLine(where: string, outcome: Outcome): string {
  if (outcome.kind === 'failed') return `${where}  no answer  ${outcome.message}`
  const status = `${outcome.status}${outcome.statusText === '' ? '' : ` ${outcome.statusText}`}`
  return `${where}  ${status}${outcome.firstLine === '' ? '' : `  ${outcome.firstLine}`}`
}

/** A bounded pool of slots: {@link acquire} waits while every slot is taken. */
function slots(n: number) {
  let free = n
  const waiting: (() => void)[] = []
  return {
    acquire(): Promise<void> | undefined {
      if (free > 0) {
        free--
        return undefined
      }
      return new Promise<void>((resolve) => waiting.push(resolve))
    },
    release(): void {
      const next = waiting.shift()
      if (next !== undefined) next()
      else free++
    },
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export function register(cli: CAC): void {
  cli
    .command(
      'send [...inputs]',
      'POST bodies signed as Meta signs them to a URL (files, folders, globs, NDJSON, captures, - for stdin)',
    )
    .usage('send <inputs...> --to <url> [options]')
    .option('--to <url>', 'The webhook URL to POST to (required)')
    .option('--secret <secret>', 'The app secret to sign with (prefer --secret-env)')
    .option('--secret-env <name>', `Read the secret from this environment variable (default ${DEFAULT_SECRET_ENV})`)
    .option('--concurrency <n>', `Requests in flight at once, 1 to 1024 (default ${DEFAULT_CONCURRENCY})`)
    .option('--rate <n/s>', 'At most this many requests per second (50/s, 0.5/s) or per minute (120/m)')
    .option('--repeat <n>', 'Send each body n times in a row, as Meta redelivers (default 1)')
    .option('--timeout <ms>', `Wait this long for each answer (default ${DEFAULT_TIMEOUT_MS}, as Meta waits)`)
    .example('messenger-webhooks send fixtures/messenger --to http://localhost:3000/webhook')
    .example("messenger-webhooks send 'captures/*.ndjson' --to https://staging.example.com/webhook --rate 20/s")
    .action(async (paths: string[], options: Record<string, unknown>) => {
      if (paths.length === 0)
        throw new UsageError('send needs at least one input (a file, folder, pattern, or - for stdin)')
      const url = requiredUrl(options, 'send')
      const secret = signingSecret(options, 'send')
      const concurrencyText = one(options, 'concurrency', 'concurrency')
      const concurrency =
        concurrencyText === undefined ? DEFAULT_CONCURRENCY : wholeNumber(concurrencyText, 'concurrency', 1, 1024)
      const rateText = one(options, 'rate', 'rate')
      const rate = rateText === undefined ? undefined : parseRate(rateText)
      const repeatText = one(options, 'repeat', 'repeat')
      const repeat = repeatText === undefined ? 1 : wholeNumber(repeatText, 'repeat', 1, 1_000_000)
      const timeoutMs = timeoutOf(options)

      // Every argument must name something before anything is sent.
      const items = expandInputs(paths)
      const missing = items.filter((i) => i.kind === 'error')
      if (missing.length > 0) {
        for (const m of missing) warn(`${m.file}: ${m.message}`)
        fail(`nothing was sent: ${plural(missing.length, 'input', 'inputs')} cannot be read`)
      }
      const inputs = items as Input[]

      const out = (line: string) => process.stdout.write(`${line}\n`)
      const progress = process.stderr.isTTY === true
      let progressShown = false
      let lastProgress = 0
      const clearProgress = () => {
        if (!progressShown) return
        process.stderr.write('\r\u001b[K')
        progressShown = false
      }

      const tally = new Tally()
      const poster = createPoster(url, { concurrency, timeoutMs })
      const started = performance.now()
      let bodies = 0
      let requests = 0
      let inputErrors = 0
      let shown = 0
      let explained = false
      let unreachable: string | undefined

      const showProgress = () => {
        const now = performance.now()
        if (!progress || now - lastProgress < 200) return
        lastProgress = now
        const rateNow = requests / Math.max(0.001, (now - started) / 1000)
        process.stderr.write(
          `\r\u001b[K${requests} sent, ${tally.accepted} accepted, ${tally.refused} refused, ${tally.failed} without an answer (${rateNow.toFixed(0)}/s)`,
        )
        progressShown = true
      }
      const listRefused = (lines: string[]) => {
        clearProgress()
        if (shown < SHOWN) for (const l of lines) out(l)
        else if (shown === SHOWN) out('(more refused requests are counted below, not listed)')
        shown++
      }
      const onInputError = (where: string, message: string) => {
        inputErrors++
        raise(2)
        clearProgress()
        out(`${where}  not sent  ${message}`)
      }
      const record = (where: string, body: Uint8Array, signature: ReturnType<typeof signPayloadSync>, o: Outcome) => {
        if (o.kind === 'failed' && o.beforeConnect && tally.accepted + tally.refused === 0) {
          // Nothing has answered yet and this one could not even connect: the URL is unreachable.
          unreachable ??= o.message
          return
        }
        tally.add(o)
        if (o.kind === 'answer' && o.status >= 200 && o.status < 300) return showProgress()
        raise(1)
        const lines = [outcomeLine(where, o)]
        if (o.kind === 'answer' && o.status === 403 && !explained) {
          explained = true
          const headers = metaHeaders(body.byteLength, signature)
          lines.push(...explainRefusal({ body, headers }, secret, o.firstLine).map((l) => `  ${l}`))
        }
        listRefused(lines)
        showProgress()
      }

      const pool = slots(concurrency)
      let nextStart = performance.now()
      const gap = rate === undefined ? 0 : 1000 / rate
      try {
        reading: for await (const body of readBodies(inputs, onInputError)) {
          bodies++
          const signature = signPayloadSync(body.bytes, secret)
          for (let copy = 1; copy <= repeat; copy++) {
            await pool.acquire()
            if (unreachable !== undefined) {
              pool.release()
              break reading
            }
            if (gap > 0) {
              // Start times on a fixed schedule: a timer that fires late is made up by the next
              // starts; a run that fell far behind (every slot busy) starts a new schedule, with
              // no burst to catch up.
              const now = performance.now()
              if (nextStart < now - 20) nextStart = now
              const wait = nextStart - now
              nextStart += gap
              if (wait >= 1) await sleep(wait)
            }
            requests++
            const where = repeat > 1 ? `${body.where} #${copy}` : body.where
            void poster.post(body.bytes, signature).then((o) => {
              record(where, body.bytes, signature, o)
              pool.release()
            })
          }
        }
        // Wait for the requests still in flight.
        for (let i = 0; i < concurrency; i++) await pool.acquire()
      } finally {
        poster.close()
      }
      clearProgress()
      if (unreachable !== undefined) fail(`cannot reach ${url.href}: ${unreachable}`)

      const seconds = (performance.now() - started) / 1000
      const lines: string[] = []
      if (shown > 0 || inputErrors > 0) lines.push('')
      const rows = tally.sorted()
      if (rows.length > 0) lines.push(answerTable(rows), '')
      const l = tally.latencies
      if (l.count > 0) {
        lines.push(
          `latency: p50 ${formatMs(l.percentile(0.5))}, p95 ${formatMs(l.percentile(0.95))}, p99 ${formatMs(l.percentile(0.99))}, max ${formatMs(l.max)}`,
        )
      }
      const perSecond = requests / Math.max(seconds, 0.001)
      const copies = repeat > 1 ? ` (× ${repeat})` : ''
      lines.push(
        `${plural(bodies, 'body', 'bodies')}${copies}, ${plural(requests, 'request', 'requests')} to ${url.href} in ${seconds.toFixed(2)} s (${perSecond.toFixed(perSecond < 10 ? 1 : 0)}/s): ${tally.accepted} accepted (2xx), ${tally.refused} refused, ${tally.failed} without an answer, ${plural(inputErrors, 'unreadable input', 'unreadable inputs')}`,
      )
      const code = inputErrors > 0 ? 2 : tally.refused + tally.failed > 0 ? 1 : 0
      return done(`${lines.join('\n')}\n`, code)
    })
}
