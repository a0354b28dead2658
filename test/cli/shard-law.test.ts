/**
 * The shard law, on the built CLI: for any inputs and any n from 1 to 6, running
 * `validate --format json --shard i/n` for every i and merging the reports with `merge-reports`
 * gives exactly what one run without --shard gives: the same JSON report byte for byte, the same
 * exit code, and the same text output (with and without --quiet, stderr included).
 *
 * The inputs are small NDJSON files (valid, invalid, unknown, unusable, blank and CRLF lines;
 * with --max-line-bytes, lines too long and endless ones) and `.json` bodies, given as files in
 * any order or as their folder, sometimes with a missing file or a binary one; with and without
 * --strict. Most of the bytes are in NDJSON files, so the cuts between shards fall inside files:
 * the test checks that they did in most runs. Each run spawns the CLI n + 4 times, so the number
 * of runs is kept small (`FUZZ_RUNS` raises it, docs/testing.md).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lawRuns } from '../laws/runs.js'
import {
  describeRun,
  instagramBody,
  messageItem,
  midlessItem,
  pageBody,
  postbackItem,
  type RunResult,
  removeTempDirs,
  requireBuiltCli,
  run,
  tempDir,
  unknownItem,
} from './helpers.js'

beforeAll(requireBuiltCli)
afterAll(removeTempDirs)

/** --max-line-bytes when a run sets it: the bodies below fit; `long` lines do not, `endless` ones are past 16 times it. */
const MAX = 400

const LINE_KINDS = ['valid', 'instagram', 'invalid', 'unknown', 'unusable', 'blank', 'crlf', 'long', 'endless'] as const
type LineKind = (typeof LINE_KINDS)[number]

function lineOf(kind: LineKind, i: number): string {
  switch (kind) {
    case 'valid':
      return JSON.stringify(pageBody(messageItem(`m_${i}`), postbackItem()))
    case 'instagram':
      return JSON.stringify(instagramBody(messageItem(`ig_${i}`)))
    case 'invalid':
      return JSON.stringify(pageBody(messageItem(`m_${i}`), midlessItem(`no mid ${i}`)))
    case 'unknown':
      return JSON.stringify(pageBody(unknownItem()))
    case 'unusable':
      return `{"object":"page","entry":${i}`
    case 'blank':
      return i % 2 === 0 ? '' : '  \t'
    case 'crlf':
      return `${JSON.stringify(pageBody(messageItem(`crlf_${i}`)))}\r`
    case 'long':
      return JSON.stringify(pageBody(messageItem(`long_${i}`, 'x'.repeat(MAX))))
    case 'endless':
      return 'y'.repeat(MAX * 16 + 1 + i)
  }
}

const lineKindArb = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom<LineKind>('valid', 'instagram', 'crlf') },
  { weight: 8, arbitrary: fc.constant<LineKind>('invalid') },
  { weight: 6, arbitrary: fc.constantFrom<LineKind>('unknown', 'unusable', 'blank') },
  { weight: 2, arbitrary: fc.constant<LineKind>('long') },
  { weight: 1, arbitrary: fc.constant<LineKind>('endless') },
)

const fileArb = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      ext: fc.constantFrom('ndjson', 'jsonl'),
      lines: fc.array(lineKindArb, { maxLength: 40, size: 'max' }),
      finalNewline: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      ext: fc.constant('json'),
      lines: fc.array(fc.constantFrom<LineKind>('valid', 'invalid', 'unknown', 'unusable'), {
        minLength: 1,
        maxLength: 2,
      }),
      finalNewline: fc.boolean(),
    }),
  },
)

const caseArb = fc.record({
  files: fc.array(fileArb, { minLength: 1, maxLength: 5, size: 'max' }),
  /** Given as files in this order (with a missing one at `missingAt`, if any), or as their folder. */
  asFolder: fc.boolean(),
  missingAt: fc.option(fc.nat(5), { nil: undefined }),
  binary: fc.boolean(),
  strict: fc.boolean(),
  capped: fc.boolean(),
  quiet: fc.boolean(),
  n: fc.integer({ min: 1, max: 6 }),
})

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never

/** Writes the inputs of a case; returns the arguments that name them. */
function writeCase(c: Case): string[] {
  const dir = tempDir('mw-shard-law-')
  const folder = join(dir, 'captures')
  mkdirSync(folder)
  const names: string[] = []
  c.files.forEach((f, k) => {
    // Names not in the order given: a folder is read in name order, a file list in argument order.
    const name = join(folder, `${String.fromCharCode(101 - k)}${k}.${f.ext}`)
    const text = f.lines.map((kind, i) => lineOf(kind, i + 1)).join('\n')
    writeFileSync(name, text === '' && f.ext === 'json' ? '' : `${text}${f.finalNewline ? '\n' : ''}`)
    names.push(name)
  })
  if (c.binary) {
    const name = join(folder, 'blob.ndjson')
    writeFileSync(name, Buffer.concat([Buffer.from(`${lineOf('valid', 1)}\n`), Buffer.from([0, 10])]))
    names.push(name)
  }
  const args = c.asFolder ? [folder] : names
  if (!c.asFolder && c.missingAt !== undefined)
    args.splice(Math.min(c.missingAt, args.length), 0, join(dir, 'missing.ndjson'))
  return [...(c.strict ? ['--strict'] : []), ...(c.capped ? [`--max-line-bytes=${MAX}`] : []), ...args]
}

/** Runs the CLI; its exit code must be one of validate's. */
async function cli(args: string[], input?: string): Promise<RunResult> {
  const r = await run(args, { ...(input === undefined ? {} : { input }), timeout: 60_000 })
  expect([0, 1, 2], describeRun(args, r)).toContain(r.code)
  expect(r.stderr, describeRun(args, r)).not.toMatch(/unexpected error|\n\s+at /)
  return r
}

describe('the shard law: the merged shards are the run without --shard', () => {
  let runs = 0
  let split = 0

  it('for any inputs and n from 1 to 6: same JSON report, exit code and text output', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        runs++
        const args = writeCase(c)
        const quiet = c.quiet ? ['--quiet'] : []
        const [fullJson, fullText] = await Promise.all([
          cli(['validate', '--format', 'json', ...args]),
          cli(['validate', ...quiet, ...args]),
        ])
        const shards = await Promise.all(
          Array.from({ length: c.n }, (_, i) =>
            cli(['validate', '--format', 'json', '--shard', `${i + 1}/${c.n}`, ...args]),
          ),
        )
        const dir = tempDir('mw-shard-reports-')
        const reports = shards.map((r, i) => {
          const file = join(dir, `shard-${i + 1}.json`)
          writeFileSync(file, r.stdout)
          return file
        })
        // A cut inside a file: a range that starts past byte 0.
        if (shards.some((r) => /"from": [1-9]/.test(r.stdout))) split++
        const [mergedJson, mergedText] = await Promise.all([
          cli(['merge-reports', '--format', 'json', ...reports]),
          cli(['merge-reports', ...quiet, ...reports]),
        ])
        const why = `${describeRun(['validate', '--format', 'json', ...args], fullJson)}\n${describeRun(['merge-reports', '--format', 'json', ...reports], mergedJson)}`
        expect(mergedJson.stdout, why).toBe(fullJson.stdout)
        expect(mergedJson.code, why).toBe(fullJson.code)
        expect(mergedJson.stderr, why).toBe('')
        expect(mergedText.code, why).toBe(fullText.code)
        expect(mergedText.stdout, why).toBe(fullText.stdout)
        expect(mergedText.stderr, why).toBe(fullText.stderr)
      }),
      lawRuns(24),
    )
    // The law was checked on cuts inside files, not only between them.
    expect(split, `${split} of ${runs} runs cut a file`).toBeGreaterThanOrEqual(Math.min(runs, 24) / 4)
  }, 600_000)
})
