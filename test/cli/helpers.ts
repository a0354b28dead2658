/**
 * Shared helpers of the command-line tests: run the BUILT CLI (dist/cli.js) as a child process,
 * without a TTY and with NO_COLOR=1, make temporary folders and clean them up, build webhook
 * bodies, and check the documented output formats (problem lines, summary line and table, JSON
 * report shape). Contract: the CLI section of docs (cli-contract.md).
 */
import { spawn } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const CLI = join(ROOT, 'dist', 'cli.js')
export const FIXTURES = join(ROOT, 'fixtures')

/** fixtures/manifest.json, as shipped. */
export interface Manifest {
  valid: { file: string; object: string; types: string[]; channels: string[]; note: string }[]
  invalid: { file: string; result: 'left' | 'invalid'; paths: string[]; events?: number; note: string }[]
  strict: { file: string; object: string; types: string[]; channels: string[]; paths: string[]; note: string }[]
}

export function manifest(): Manifest {
  return JSON.parse(readFileSync(join(FIXTURES, 'manifest.json'), 'utf8')) as Manifest
}

export const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version

/** Throws one clear message when the CLI was not built (`npm test` builds first). */
export function requireBuiltCli(): void {
  if (!existsSync(CLI)) {
    throw new Error(
      `The CLI tests run the built command ${CLI}, which is missing: run \`npx tsup\` (or \`npm run build\`; \`npm test\` builds first).`,
    )
  }
}

export interface RunResult {
  /** Exit code (`null` when killed by a signal). */
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  /** Wall-clock milliseconds. */
  ms: number
}

export interface RunOptions {
  /** Bytes written to stdin (then stdin is closed). Without it stdin is closed at once. */
  input?: string | Uint8Array
  /** Extra environment; `undefined` removes a variable. */
  env?: Record<string, string | undefined>
  cwd?: string
  /** Kill the child after this many ms (default 25 s). */
  timeout?: number
  /** Called right after the child is spawned, before any input is written (for races). */
  onSpawn?: (child: ReturnType<typeof spawn>) => void | Promise<void>
}

/**
 * Runs `node dist/cli.js ...args` with pipes (never a TTY), NO_COLOR=1 and no app secret from the
 * outer environment.
 */
export async function run(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  requireBuiltCli()
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v
  delete env.MESSENGER_APP_SECRET
  delete env.FORCE_COLOR
  env.NO_COLOR = '1'
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k]
    else env[k] = v
  }
  const started = Date.now()
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const out: Buffer[] = []
  const err: Buffer[] = []
  child.stdout.on('data', (b: Buffer) => out.push(b))
  child.stderr.on('data', (b: Buffer) => err.push(b))
  // The CLI may exit before reading all of stdin: ignore EPIPE.
  child.stdin.on('error', () => {})
  const done = new Promise<RunResult>((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeout ?? 25_000)
    child.on('error', (e) => {
      clearTimeout(timer)
      reject(e)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: Date.now() - started,
      })
    })
  })
  await options.onSpawn?.(child)
  if (options.input !== undefined) child.stdin.end(options.input)
  else child.stdin.end()
  return done
}

/** A readable description of a run, for assertion messages. */
export function describeRun(args: readonly string[], r: RunResult): string {
  return `messenger-webhooks ${args.join(' ')}\n  exit: ${r.code}${r.signal ? ` (signal ${r.signal})` : ''}\n  stdout:\n${indent(r.stdout)}\n  stderr:\n${indent(r.stderr)}`
}

function indent(s: string): string {
  const lines = s.split('\n')
  const shown = lines.length > 60 ? [...lines.slice(0, 60), `... (${lines.length - 60} more lines)`] : lines
  return shown.map((l) => `    | ${l}`).join('\n')
}

/** Runs and checks the exit code, with the whole output in the failure message. */
export async function runExpect(
  args: readonly string[],
  code: number | readonly number[],
  options: RunOptions = {},
): Promise<RunResult> {
  const r = await run(args, options)
  if (typeof code === 'number') expect(r.code, describeRun(args, r)).toBe(code)
  else expect(code, `exit code one of ${code.join(', ')}\n${describeRun(args, r)}`).toContain(r.code)
  expectClean(args, r)
  return r
}

/** No stack trace and no ANSI escape anywhere (no TTY, NO_COLOR=1). */
export function expectClean(args: readonly string[], r: RunResult): void {
  expect(r.stderr, `stack trace on stderr\n${describeRun(args, r)}`).not.toMatch(/\n\s+at /)
  expect(r.stdout, `stack trace on stdout\n${describeRun(args, r)}`).not.toMatch(/\n\s+at /)
  expect(r.stdout + r.stderr, `ANSI escape without a TTY\n${describeRun(args, r)}`).not.toContain('\u001b[')
}

// ---------------------------------------------------------------------------------------------
// Temporary folders

const made: string[] = []

/** A fresh folder under os.tmpdir(); removed by {@link removeTempDirs}. */
export function tempDir(prefix = 'mw-cli-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  made.push(dir)
  return dir
}

/** Removes every folder made by {@link tempDir} (call from afterAll). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
}

// ---------------------------------------------------------------------------------------------
// Bodies

export const PAGE_ID = '104857600000001'
export const IG_ID = '17841400000000001'

export function messageItem(mid: string, text = 'hi', extra: Record<string, unknown> = {}) {
  return {
    sender: { id: '2400000000000001' },
    recipient: { id: PAGE_ID },
    timestamp: 1718002999876,
    message: { mid, text },
    ...extra,
  }
}

export function postbackItem(title = 'Start', payload = 'GET_STARTED') {
  return {
    sender: { id: '2400000000000001' },
    recipient: { id: PAGE_ID },
    timestamp: 1718002999876,
    postback: { title, payload, mid: 'm_pb' },
  }
}

/** A message item without `mid`: an invalid item at `entry[0].messaging[i].message.mid`. */
export function midlessItem(text = 'no mid') {
  return {
    sender: { id: '2400000000000001' },
    recipient: { id: PAGE_ID },
    timestamp: 1718002999876,
    message: { text },
  }
}

/** An item with no known event key: an `unknown` event (an invalid item in strict mode). */
export function unknownItem() {
  return {
    sender: { id: '2400000000000001' },
    recipient: { id: PAGE_ID },
    timestamp: 1718002999876,
    mystery_event: { level: 7 },
  }
}

export function pageBody(...items: unknown[]) {
  return pageBodyOf(items)
}

/** Like {@link pageBody}, for item lists too long to spread as arguments. */
export function pageBodyOf(items: unknown[]) {
  return { object: 'page', entry: [{ id: PAGE_ID, time: 1718003000123, messaging: items }] }
}

export function instagramBody(...items: unknown[]) {
  return { object: 'instagram', entry: [{ id: IG_ID, time: 1718003000123, messaging: items }] }
}

export const line = (v: unknown): string => JSON.stringify(v)
export const ndjson = (...bodies: (unknown | string)[]): string =>
  `${bodies.map((b) => (typeof b === 'string' ? b : JSON.stringify(b))).join('\n')}\n`

// ---------------------------------------------------------------------------------------------
// Output formats of `validate`

export interface Summary {
  bodies: number
  events: number
  invalid: number
  unknown: number
  unusable: number
  unreadable: number
}

/** The summary line, with each noun singular for 1 and plural otherwise ("1 body", "2 bodies"). */
const SUMMARY =
  /^(\d+) bod(?:y|ies), (\d+) events?, (\d+) invalid items?, (\d+) unknown events?, (\d+) unusable bod(?:y|ies), (\d+) unreadable inputs?$/

/** The summary line: it must be the last non-empty line of stdout. */
export function summaryOf(stdout: string): Summary {
  const lines = stdout.split('\n').filter((l) => l.trim() !== '')
  const last = lines.at(-1) ?? ''
  const m = SUMMARY.exec(last)
  if (m === null) throw new Error(`the last line of stdout is not the summary line:\n${stdout}`)
  const n = (i: number) => Number(m[i])
  return { bodies: n(1), events: n(2), invalid: n(3), unknown: n(4), unusable: n(5), unreadable: n(6) }
}

export interface ProblemLine {
  file: string
  line: number
  path: string
  message: string
}

/** Problem lines `<file>:<line>  <path>  <message>` for a given file (exact file text). */
export function problemLines(stdout: string, file: string): ProblemLine[] {
  const out: ProblemLine[] = []
  for (const l of stdout.split('\n')) {
    if (!l.startsWith(`${file}:`)) continue
    const m = /^:(\d+) {2}(\S+) {2}(.+)$/.exec(l.slice(file.length))
    if (m === null) continue
    out.push({ file, line: Number(m[1]), path: m[2] as string, message: m[3] as string })
  }
  return out
}

/** The summary table: rows `type messenger instagram other total`, keyed by type. */
export function summaryTableOf(stdout: string): Record<string, [number, number, number, number]> | undefined {
  const lines = stdout.split('\n')
  const head = lines.findIndex((l) => /^\W*type\W+messenger\W+instagram\W+other\W+total\W*$/i.test(l))
  if (head < 0) return undefined
  const rows: Record<string, [number, number, number, number]> = {}
  for (const l of lines.slice(head + 1)) {
    if (l.trim() === '') break
    if (/^[\s\-=|+:]+$/.test(l)) continue // a rule line
    const cells = l
      .split(/[\s|]+/)
      .map((c) => c.trim())
      .filter((c) => c !== '')
    if (cells.length !== 5 || SUMMARY.test(l)) break
    const [type, ...nums] = cells as [string, string, string, string, string]
    rows[type] = nums.map(Number) as [number, number, number, number]
  }
  return rows
}

/** The JSON report of `validate --format json`. */
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

type Kind = 'string' | 'number' | 'boolean' | 'string|null' | 'count' | 'line'

function typeProblem(value: unknown, kind: Kind, where: string): string | undefined {
  const ok =
    kind === 'string'
      ? typeof value === 'string'
      : kind === 'number'
        ? typeof value === 'number' && Number.isFinite(value)
        : kind === 'boolean'
          ? typeof value === 'boolean'
          : kind === 'string|null'
            ? value === null || typeof value === 'string'
            : kind === 'count'
              ? typeof value === 'number' && Number.isInteger(value) && value >= 0
              : typeof value === 'number' && Number.isInteger(value) && value >= 1
  return ok ? undefined : `${where}: expected ${kind}, got ${JSON.stringify(value)}`
}

function checkObject(value: unknown, shape: Record<string, Kind>, where: string, problems: string[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`${where}: expected an object, got ${JSON.stringify(value)}`)
    return
  }
  for (const key of Object.keys(value)) if (!(key in shape)) problems.push(`${where}: unexpected key "${key}"`)
  for (const [key, kind] of Object.entries(shape)) {
    if (!(key in value)) {
      problems.push(`${where}: missing key "${key}"`)
      continue
    }
    const p = typeProblem((value as Record<string, unknown>)[key], kind, `${where}.${key}`)
    if (p !== undefined) problems.push(p)
  }
}

function checkArray(value: unknown, item: Record<string, Kind>, where: string, problems: string[]): void {
  if (!Array.isArray(value)) {
    problems.push(`${where}: expected an array, got ${JSON.stringify(value)}`)
    return
  }
  value.forEach((v, i) => {
    checkObject(v, item, `${where}[${i}]`, problems)
  })
}

/**
 * Checks the documented shape of the JSON report: every key, every type, no extra keys. Returns
 * the problems found (empty when the shape is right).
 */
export function reportShapeProblems(value: unknown): string[] {
  const problems: string[] = []
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['report: expected an object']
  const top = [
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
  ]
  const r = value as Record<string, unknown>
  for (const key of Object.keys(r)) if (!top.includes(key)) problems.push(`report: unexpected key "${key}"`)
  for (const key of top) if (!(key in r)) problems.push(`report: missing key "${key}"`)
  if ('version' in r && r.version !== 1) problems.push(`report.version: expected 1, got ${JSON.stringify(r.version)}`)
  for (const [key, kind] of [
    ['ok', 'boolean'],
    ['strict', 'boolean'],
    ['inputs', 'count'],
    ['bodies', 'count'],
    ['events', 'count'],
    ['unknown', 'count'],
  ] as const) {
    if (key in r) {
      const p = typeProblem(r[key], kind, `report.${key}`)
      if (p !== undefined) problems.push(p)
    }
  }
  if ('counts' in r) {
    const counts = r.counts
    if (typeof counts !== 'object' || counts === null || Array.isArray(counts)) {
      problems.push('report.counts: expected an object')
    } else {
      for (const [type, row] of Object.entries(counts)) {
        checkObject(row, { messenger: 'count', instagram: 'count', other: 'count' }, `report.counts.${type}`, problems)
      }
    }
  }
  if ('invalid' in r) {
    checkArray(
      r.invalid,
      { file: 'string', line: 'line', path: 'string', message: 'string', type: 'string|null' },
      'report.invalid',
      problems,
    )
  }
  if ('unusable' in r)
    checkArray(r.unusable, { file: 'string', line: 'line', message: 'string' }, 'report.unusable', problems)
  if ('errors' in r) checkArray(r.errors, { file: 'string', message: 'string' }, 'report.errors', problems)
  return problems
}

/** Runs `validate --format json ...args`, checks the exit code and the shape, returns the report. */
export async function validateJson(
  args: readonly string[],
  code: number | readonly number[],
  options: RunOptions = {},
): Promise<{ report: Report; result: RunResult }> {
  const all = ['validate', '--format', 'json', ...args]
  const result = await runExpect(all, code, options)
  let report: unknown
  try {
    report = JSON.parse(result.stdout)
  } catch (e) {
    throw new Error(
      `stdout of --format json is not one JSON value (${(e as Error).message})\n${describeRun(all, result)}`,
    )
  }
  expect(reportShapeProblems(report), `JSON report shape\n${describeRun(all, result)}`).toEqual([])
  // No TTY: no progress on stderr, and the report holds every problem.
  if (result.code === 0 || result.code === 1) {
    expect(result.stderr, `stderr without a TTY\n${describeRun(all, result)}`).toBe('')
  }
  const r = report as Report
  // Internal consistency every report must have.
  const total = Object.values(r.counts).reduce((n, row) => n + row.messenger + row.instagram + row.other, 0)
  expect(total, 'the counts table adds up to "events"').toBe(r.events)
  expect(r.unknown, '"unknown" equals counts.unknown').toBe(
    r.counts.unknown === undefined
      ? 0
      : r.counts.unknown.messenger + r.counts.unknown.instagram + r.counts.unknown.other,
  )
  return { report: r, result }
}

// ---------------------------------------------------------------------------------------------
// Signatures

export function hmacHex(algorithm: 'sha256' | 'sha1', secret: string, body: string | Uint8Array): string {
  return createHmac(algorithm, secret).update(body).digest('hex')
}
