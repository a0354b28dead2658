/**
 * The split of `validate --shard i/n`. First the plan itself (splitInputs, pure): every input is in
 * exactly one shard, whole, or, for an NDJSON file, as byte ranges that tile it; shards are
 * contiguous runs of the inputs in input order; the split depends only on the inputs' order, kinds
 * and sizes and on n, and it balances bytes. Then the reading of a split file (validate() run in
 * this process, which is fast enough to try every byte offset, and the built CLI): every line is
 * read by exactly one shard, with its true line number, through blank lines, CRLF, lines longer
 * than --max-line-bytes, an endless line, a binary file and a line number past two million.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Item, type PlannedItem, planInputs, type ShardUnit, splitInputs } from '../../src/cli/inputs.js'
import { validate } from '../../src/cli/validate.js'
import {
  describeRun,
  messageItem,
  midlessItem,
  ndjson,
  pageBody,
  type Report,
  removeTempDirs,
  requireBuiltCli,
  run,
  tempDir,
} from './helpers.js'

beforeAll(requireBuiltCli)
afterAll(removeTempDirs)

const plannedArb = fc.array(
  fc.oneof(
    fc.record({ size: fc.nat(5000), splittable: fc.boolean(), error: fc.constant(false) }),
    fc.record({ size: fc.constant(0), splittable: fc.constant(false), error: fc.constant(true) }),
  ),
  { maxLength: 12 },
)

function toPlanned(specs: { size: number; splittable: boolean; error: boolean }[]): PlannedItem[] {
  return specs.map((s, i): PlannedItem => {
    const item: Item = s.error
      ? { kind: 'error', file: `missing-${i}`, message: 'no such file or directory' }
      : { kind: 'file', path: `f${i}.ndjson` }
    return { item, size: s.size, splittable: s.splittable && s.size > 0 && !s.error }
  })
}

function unitName(u: ShardUnit): string {
  if (u.kind === 'range') return u.path
  return u.item.kind === 'error' ? u.item.file : u.item.kind === 'file' ? u.item.path : '-'
}

describe('splitInputs: the plan', () => {
  it('puts every input in exactly one shard, in input order; NDJSON files as ranges that tile them', () => {
    fc.assert(
      fc.property(plannedArb, fc.integer({ min: 1, max: 8 }), (specs, n) => {
        const planned = toPlanned(specs)
        const shards = splitInputs(planned, n)
        expect(shards).toHaveLength(n)
        // Shards joined in order: every input in input order, each once (a split file: its ranges in a row).
        const joined = shards.flat()
        const names: string[] = []
        for (const u of joined) if (names.at(-1) !== unitName(u) || u.kind !== 'range') names.push(unitName(u))
        expect(names).toEqual(planned.map((p) => unitName({ kind: 'item', item: p.item })))
        planned.forEach((p, i) => {
          const units = joined.filter((u) => unitName(u) === unitName({ kind: 'item', item: p.item }))
          if (!p.splittable) {
            expect(units).toEqual([{ kind: 'item', item: p.item }])
            return
          }
          // Ranges: non-empty, in order, from 0 to the size, each one's end the next one's start.
          let at = 0
          for (const u of units) {
            if (u.kind !== 'range') throw new Error(`input ${i} is split but has a whole unit`)
            expect(u.from).toBe(at)
            expect(u.to).toBeGreaterThan(u.from)
            expect(u.size).toBe(p.size)
            at = u.to
          }
          expect(at).toBe(p.size)
        })
        // A shard holds at most one range of a file.
        for (const shard of shards) {
          const ranges = shard.filter((u) => u.kind === 'range').map(unitName)
          expect(new Set(ranges).size).toBe(ranges.length)
        }
      }),
    )
  })

  it('depends only on the inputs and n: the same plan every time, and a plan for any shard count', () => {
    fc.assert(
      fc.property(plannedArb, fc.integer({ min: 1, max: 8 }), (specs, n) => {
        const a = splitInputs(toPlanned(specs), n)
        const b = splitInputs(
          toPlanned(specs).map((p) => ({ ...p })),
          n,
        )
        expect(b).toEqual(a)
      }),
    )
  })

  it('balances bytes: with only NDJSON files, each shard reads its n-th of the bytes to the byte', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 8 }),
        (sizes, n) => {
          const planned = toPlanned(sizes.map((size) => ({ size, splittable: true, error: false })))
          const total = sizes.reduce((a, b) => a + b, 0)
          splitInputs(planned, n).forEach((shard, i) => {
            const bytes = shard.reduce((sum, u) => sum + (u.kind === 'range' ? u.to - u.from : 0), 0)
            expect(bytes).toBe(Math.floor((total * (i + 1)) / n) - Math.floor((total * i) / n))
          })
        },
      ),
    )
  })

  it('gives a whole input to the shard that holds its middle byte', () => {
    const planned = toPlanned([
      { size: 100, splittable: false, error: false },
      { size: 100, splittable: false, error: false },
      { size: 100, splittable: false, error: false },
      { size: 100, splittable: false, error: false },
    ])
    // 400 bytes in 2 shards: middles at 50, 150 | 250, 350.
    expect(splitInputs(planned, 2).map((s) => s.map(unitName))).toEqual([
      ['f0.ndjson', 'f1.ndjson'],
      ['f2.ndjson', 'f3.ndjson'],
    ])
    // More shards than inputs: some are empty, none is lost.
    expect(splitInputs(planned, 6).flat().map(unitName)).toEqual(['f0.ndjson', 'f1.ndjson', 'f2.ndjson', 'f3.ndjson'])
  })

  it('planInputs splits only regular, non-empty .ndjson and .jsonl files', () => {
    const dir = tempDir()
    const files = { 'a.ndjson': 'x\n', 'b.JSONL': 'x\n', 'c.json': 'x\n', 'd.ndjson': '', 'e.txt': 'x\n' }
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
    const items: Item[] = [
      ...Object.keys(files).map((name): Item => ({ kind: 'file', path: join(dir, name) })),
      { kind: 'file', path: join(dir, 'gone.ndjson') },
      { kind: 'file', path: dir },
    ]
    expect(planInputs(items).map((p) => [p.size, p.splittable])).toEqual([
      [2, true],
      [2, true],
      [2, false],
      [0, false],
      [2, false],
      [0, false],
      [0, false],
    ])
  })
})

// ---------------------------------------------------------------------------------------------
// Reading the lines of a split file

async function shardReports(args: readonly string[], n: number): Promise<Report[]> {
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const all = ['validate', '--format', 'json', '--shard', `${i + 1}/${n}`, ...args]
      const r = await run(all)
      expect([0, 1, 2], describeRun(all, r)).toContain(r.code)
      return JSON.parse(r.stdout) as Report
    }),
  )
}

describe('validate --shard: every line in exactly one shard, with its true line number', () => {
  it('each unusable line is reported by one shard only, at its line, for every n from 1 to 12', async () => {
    const dir = tempDir()
    const file = join(dir, 'lines.ndjson')
    // 60 lines: every non-blank one is unusable (`not JSON <n>`), some blank, some CRLF, lengths vary.
    const lines: string[] = []
    for (let i = 1; i <= 60; i++)
      lines.push(i % 9 === 0 ? '' : `not JSON ${i}${'.'.repeat((i * 37) % 50)}${i % 4 === 0 ? '\r' : ''}`)
    writeFileSync(file, `${lines.join('\n')}\n`)
    const expected = lines.flatMap((l, i) => (l === '' ? [] : [i + 1]))
    for (let total = 1; total <= 12; total++) {
      const reports: Report[] = []
      for (let index = 1; index <= total; index++) {
        const shard = { index, total, tool: 'test' }
        reports.push((await validate([file], { strict: false, workers: 0, retain: true, shard })).report)
      }
      // Together, in shard order, exactly the file's lines; each shard a run of them.
      expect(
        reports.flatMap((r) => r.unusable.map((u) => u.line)),
        `${total} shards`,
      ).toEqual(expected)
      expect(reports.reduce((sum, r) => sum + r.inputs, 0)).toBe(1)
    }
  })

  it('the CLI: shards of a file, run as separate processes, report its lines once each', async () => {
    const dir = tempDir()
    const file = join(dir, 'lines.ndjson')
    const lines = Array.from({ length: 40 }, (_, i) => (i % 7 === 3 ? '' : `bad ${i + 1}`))
    writeFileSync(file, `${lines.join('\n')}\n`)
    const expected = lines.flatMap((l, i) => (l === '' ? [] : [i + 1]))
    const reports = await shardReports([file], 4)
    expect(reports.flatMap((r) => r.unusable.map((u) => u.line))).toEqual(expected)
    expect(reports.map((r) => r.unusable.length > 0)).toEqual([true, true, true, true])
  })

  it('cuts a file at every byte offset: the shards always share its lines exactly, numbered as in the whole file', async () => {
    const dir = tempDir()
    const a = join(dir, 'a.ndjson')
    const pre = join(dir, 'pre.ndjson')
    const post = join(dir, 'post.ndjson')
    const text = ndjson(pageBody(midlessItem()), 'x', '', pageBody(messageItem('m_1')), 'y\r', pageBody(midlessItem()))
    writeFileSync(a, text)
    const full = await validate([a], { strict: false, workers: 0, retain: true })
    expect(full.report.unusable.map((u) => u.line)).toEqual([2, 5])
    // Blank lines before and after move the cut between the 2 shards (at the middle byte of all
    // three files) through every byte of `a`, and the cuts between 3 shards around it.
    for (let before = 0; before <= text.length; before++) {
      writeFileSync(pre, '\n'.repeat(before))
      writeFileSync(post, '\n'.repeat(text.length - before))
      for (const total of [2, 3]) {
        const shards = []
        for (let index = 1; index <= total; index++) {
          const { report } = await validate([pre, a, post], {
            strict: false,
            workers: 0,
            retain: true,
            shard: { index, total, tool: 'test' },
          })
          shards.push(report)
        }
        const why = `${before} blank lines before, ${total} shards`
        expect(
          shards.flatMap((r) => r.invalid),
          why,
        ).toEqual(full.report.invalid)
        expect(
          shards.flatMap((r) => r.unusable),
          why,
        ).toEqual(full.report.unusable)
        expect(
          shards.reduce((n, r) => n + r.bodies, 0),
          why,
        ).toBe(full.report.bodies)
        expect(
          shards.reduce((n, r) => n + r.inputs, 0),
          why,
        ).toBe(3)
      }
    }
  })

  it('an endless line stops the file for every later shard too, as without --shard', async () => {
    const dir = tempDir()
    const file = join(dir, 'endless.ndjson')
    // --max-line-bytes 300: a line longer than 300·16 bytes is endless; the rest of the file is not read.
    const body = JSON.stringify(pageBody(midlessItem()))
    const lines = [body, 'bad', 'x'.repeat(400), body, 'y'.repeat(6000), body, 'bad', body]
    writeFileSync(file, `${lines.join('\n')}\n`)
    const options = { strict: false, workers: 0, retain: true, maxLineBytes: 300 }
    const full = (await validate([file], options)).report
    expect(full.unusable.map((u) => u.line)).toEqual([2, 3, 5])
    expect(full.invalid.map((u) => u.line)).toEqual([1, 4])
    for (let total = 2; total <= 8; total++) {
      const reports: Report[] = []
      for (let index = 1; index <= total; index++)
        reports.push((await validate([file], { ...options, shard: { index, total, tool: 'test' } })).report)
      expect(
        reports.flatMap((r) => r.unusable),
        `${total} shards`,
      ).toEqual(full.unusable)
      expect(
        reports.flatMap((r) => r.invalid),
        `${total} shards`,
      ).toEqual(full.invalid)
    }
  })

  it('only the first 256 KiB are checked for NUL, as without --shard', async () => {
    const dir = tempDir()
    const file = join(dir, 'late-nul.ndjson')
    // A NUL byte past the first chunk is in a line like any other (not JSON), in whichever shard.
    writeFileSync(file, `${'\n'.repeat(300 * 1024)}bad\u0000\nbad\n`)
    const full = (await validate([file], { strict: false, workers: 0, retain: true })).report
    expect(full.errors).toEqual([])
    expect(full.unusable.map((u) => u.line)).toEqual([300 * 1024 + 1, 300 * 1024 + 2])
    const reports: Report[] = []
    for (let index = 1; index <= 3; index++)
      reports.push(
        (await validate([file], { strict: false, workers: 0, retain: true, shard: { index, total: 3, tool: 't' } }))
          .report,
      )
    expect(reports.flatMap((r) => r.unusable)).toEqual(full.unusable)
    expect(reports.flatMap((r) => r.errors)).toEqual([])
  })

  it('a binary NDJSON file is one error, in the shard with its first byte, and no lines', async () => {
    const dir = tempDir()
    const file = join(dir, 'blob.ndjson')
    writeFileSync(file, `${'bad\n'.repeat(200)}\u0000\n${'bad\n'.repeat(200)}`)
    for (const n of [1, 2, 5]) {
      const reports = await shardReports([file], n)
      expect(reports.flatMap((r) => r.errors)).toEqual([
        { file, message: 'binary file (it contains NUL bytes), skipped' },
      ])
      expect(reports.flatMap((r) => r.unusable)).toEqual([])
    }
  })

  it('a line number past millions of lines is exact (a shard counts the lines before its range)', async () => {
    const dir = tempDir()
    const file = join(dir, 'many.ndjson')
    // 1,000,000 blank lines, then one unusable line, then 999,999 blank lines and another.
    writeFileSync(file, `${'\n'.repeat(1_000_000)}bad\n${'\n'.repeat(999_999)}worse\n`)
    const reports = await shardReports([file], 3)
    expect(reports.map((r) => r.unusable.map((u) => u.line))).toEqual([[], [1_000_001], [2_000_001]])
  })
})
