/**
 * `merge-reports` and the usage of `validate --shard`, on the built CLI: the merged report, text
 * output and exit code of a fixed example; the `shard` field of a shard report; and every refusal
 * (exit 2, one line on stderr, nothing on stdout): a missing shard, a shard twice, shards of
 * another shard count, of other inputs, of other options or of another version, a file that is not
 * a shard report. Also --shard's usage errors and the help texts.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  describeRun,
  instagramBody,
  messageItem,
  midlessItem,
  ndjson,
  pageBody,
  type Report,
  removeTempDirs,
  reportShapeProblems,
  requireBuiltCli,
  run,
  runExpect,
  tempDir,
  unknownItem,
} from './helpers.js'

beforeAll(requireBuiltCli)
afterAll(removeTempDirs)

interface Example {
  dir: string
  inputs: string[]
  /** The shard reports of `validate --format json --shard i/3 …inputs`, as files. */
  reports: string[]
}

/** Three shards of a small run with problems of every kind (exit 2 for the missing file). */
async function example(extra: readonly string[] = [], total = 3, dir = tempDir()): Promise<Example> {
  const a = join(dir, 'a.ndjson')
  const b = join(dir, 'b.json')
  const c = join(dir, 'c.ndjson')
  writeFileSync(
    a,
    ndjson(
      pageBody(messageItem('m_1')),
      pageBody(midlessItem()),
      '{"object":',
      '',
      instagramBody(messageItem('m_2')),
      pageBody(unknownItem(), midlessItem('again')),
    ),
  )
  writeFileSync(b, JSON.stringify(pageBody(messageItem('m_3'))))
  writeFileSync(
    c,
    ndjson(...Array.from({ length: 12 }, (_, i) => (i % 5 === 4 ? 'nope' : pageBody(messageItem(`c${i}`))))),
  )
  const inputs = [a, b, join(dir, 'missing.json'), c]
  const reports: string[] = []
  for (let i = 1; i <= total; i++) {
    const args = ['validate', '--format', 'json', '--shard', `${i}/${total}`, ...extra, ...inputs]
    const r = await runExpect(args, [0, 1, 2])
    const file = join(dir, `report-${i}-of-${total}${extra.join('')}.json`)
    writeFileSync(file, r.stdout)
    reports.push(file)
  }
  return { dir, inputs, reports }
}

/** Runs merge-reports expecting a refusal: exit 2, nothing on stdout, the reason on stderr. */
async function refused(args: readonly string[], reason: RegExp): Promise<void> {
  const all = ['merge-reports', ...args]
  const r = await runExpect(all, 2)
  const why = describeRun(all, r)
  expect(r.stdout, why).toBe('')
  expect(r.stderr, why).toMatch(/^messenger-webhooks: /)
  expect(r.stderr, why).toMatch(reason)
  expect(r.stderr.trim().split('\n'), why).toHaveLength(1)
}

describe('merge-reports', () => {
  it('gives the report, text output and exit code of the run without --shard', async () => {
    const { inputs, reports } = await example()
    const full = await runExpect(['validate', '--format', 'json', ...inputs], 2)
    const merged = await runExpect(['merge-reports', '--format', 'json', ...reports], 2)
    expect(merged.stdout).toBe(full.stdout)
    expect(reportShapeProblems(JSON.parse(merged.stdout))).toEqual([])
    const fullText = await runExpect(['validate', ...inputs], 2)
    // The order of the reports on the command line does not matter.
    const mergedText = await runExpect(['merge-reports', ...[...reports].reverse()], 2)
    expect(mergedText.stdout).toBe(fullText.stdout)
    expect(mergedText.stdout).toMatch(/unreadable inputs?\n$/)
    const fullQuiet = await runExpect(['validate', '--quiet', ...inputs], 2)
    const mergedQuiet = await runExpect(['merge-reports', '--quiet', ...reports], 2)
    expect([mergedQuiet.stdout, mergedQuiet.stderr]).toEqual([fullQuiet.stdout, fullQuiet.stderr])
  })

  it('reads one report from stdin (-)', async () => {
    const { inputs, reports } = await example([], 2)
    const full = await runExpect(['validate', '--format', 'json', ...inputs], 2)
    const merged = await runExpect(['merge-reports', '--format', 'json', reports[0] as string, '-'], 2, {
      input: readFileSync(reports[1] as string),
    })
    expect(merged.stdout).toBe(full.stdout)
  })

  it('exits 0 and 1 as validate does', async () => {
    const dir = tempDir()
    const ok = join(dir, 'ok.ndjson')
    const bad = join(dir, 'bad.ndjson')
    writeFileSync(ok, ndjson(...Array.from({ length: 9 }, (_, i) => pageBody(messageItem(`m${i}`)))))
    writeFileSync(bad, ndjson(pageBody(messageItem('m')), pageBody(midlessItem())))
    for (const [file, code] of [
      [ok, 0],
      [bad, 1],
    ] as const) {
      const reports: string[] = []
      for (let i = 1; i <= 2; i++) {
        const r = await runExpect(['validate', '--format', 'json', '--shard', `${i}/2`, file], [0, 1])
        const out = join(dir, `r${i}.json`)
        writeFileSync(out, r.stdout)
        reports.push(out)
      }
      const full = await runExpect(['validate', file], code)
      const merged = await runExpect(['merge-reports', ...reports], code)
      expect(merged.stdout).toBe(full.stdout)
    }
  })
})

describe('validate --shard: the report', () => {
  it('is the documented report plus a `shard` field; the same inputs without --shard give no such field', async () => {
    const { inputs, reports } = await example()
    for (const [i, file] of reports.entries()) {
      const report = JSON.parse(readFileSync(file, 'utf8')) as Report & { shard: Record<string, unknown> }
      const { shard, ...rest } = report
      expect(reportShapeProblems(rest)).toEqual([])
      expect(Object.keys(report).at(-1)).toBe('shard')
      expect(Object.keys(shard)).toEqual(['index', 'total', 'tool', 'inputs', 'maxLineBytes', 'units', 'order'])
      expect(shard.index).toBe(i + 1)
      expect(shard.total).toBe(3)
      expect(shard.tool).toMatch(/^messenger-webhooks \d+\.\d+\.\d+/)
      expect(shard.inputs).toMatch(/^sha256:[0-9a-f]{64}$/)
      expect(shard.maxLineBytes).toBe(67108864)
      expect(shard.order).toMatch(/^([1-9][0-9]*)?([iue]([1-9][0-9]*)?)*[iue]?$/)
    }
    const full = await runExpect(['validate', '--format', 'json', ...inputs], 2)
    expect(JSON.parse(full.stdout)).not.toHaveProperty('shard')
    // Units: the shards' inputs in input order, a split file as byte ranges that follow each other.
    const units = reports.flatMap(
      (f) => (JSON.parse(readFileSync(f, 'utf8')) as { shard: { units: { file: string }[] } }).shard.units,
    )
    expect([...new Set(units.map((u) => u.file))]).toEqual(inputs)
  })
})

describe('merge-reports refuses what is not the shards of one run (exit 2)', () => {
  it('a missing shard, or several', async () => {
    const { reports } = await example()
    await refused([reports[0] as string, reports[2] as string], /missing shard 2\/3\b/)
    await refused([reports[1] as string], /missing shards 1\/3, 3\/3\b/)
  })

  it('the same shard twice', async () => {
    const { reports } = await example()
    await refused([...reports, reports[1] as string], /shard 2\/3 is given twice/)
  })

  it('shards of another shard count', async () => {
    const dir = tempDir()
    const three = await example([], 3, dir)
    const four = await example([], 4, dir)
    await refused([...three.reports.slice(0, 2), ...four.reports.slice(2)], /shard 1\/3 but .* is shard 3\/4/)
  })

  it('shards of other inputs: another file list, or a file of another size', async () => {
    const dir = tempDir()
    const { inputs, reports } = await example([], 3, dir)
    const other = join(dir, 'other.json')
    const r = await runExpect(
      ['validate', '--format', 'json', '--shard', '2/3', ...inputs.slice(0, 2), ...inputs.slice(3)],
      [0, 1, 2],
    )
    writeFileSync(other, r.stdout)
    await refused([reports[0] as string, other, reports[2] as string], /different inputs/)
    // The same names, one file grown by a line.
    writeFileSync(inputs[3] as string, `${readFileSync(inputs[3] as string, 'utf8')}\n`)
    const grown = await runExpect(['validate', '--format', 'json', '--shard', '3/3', ...inputs], [0, 1, 2])
    writeFileSync(other, grown.stdout)
    await refused([reports[0] as string, reports[1] as string, other], /different inputs/)
  })

  it('shards of other options: --strict, --max-line-bytes', async () => {
    const dir = tempDir()
    const plain = await example([], 3, dir)
    const strict = await example(['--strict'], 3, dir)
    await refused([...plain.reports.slice(0, 2), strict.reports[2] as string], /--strict/)
    const capped = await example(['--max-line-bytes=100000'], 3, dir)
    await refused([capped.reports[0] as string, ...plain.reports.slice(1)], /--max-line-bytes 100000 and 67108864/)
  })

  it('shards written by another version of the command', async () => {
    const { dir, reports } = await example()
    const report = JSON.parse(readFileSync(reports[1] as string, 'utf8')) as { shard: { tool: string } }
    report.shard.tool = 'messenger-webhooks 0.0.1'
    const old = join(dir, 'old.json')
    writeFileSync(old, JSON.stringify(report))
    await refused([reports[0] as string, old, reports[2] as string], /different versions/)
  })

  it('a file that is not a shard report', async () => {
    const { dir, inputs, reports } = await example()
    const write = (name: string, text: string) => {
      const file = join(dir, name)
      writeFileSync(file, text)
      return file
    }
    const rest = reports.slice(1)
    await refused(
      [write('text.json', 'hello'), ...rest],
      /text\.json: not a report of validate --format json \(not JSON/,
    )
    await refused([write('empty.json', ''), ...rest], /empty\.json: not a report/)
    await refused([write('array.json', '[]'), ...rest], /array\.json: not a report .*not a JSON object/)
    await refused([write('object.json', '{}'), ...rest], /object\.json: not a report .*no "version" field/)
    await refused([inputs[1] as string, ...rest], /b\.json: not a report/)
    const full = await runExpect(['validate', '--format', 'json', ...inputs], 2)
    await refused([write('full.json', full.stdout), ...rest], /full\.json: a report of validate without --shard/)
    const report = JSON.parse(readFileSync(reports[0] as string, 'utf8')) as Report & { shard: { order: string } }
    await refused(
      [write('order.json', JSON.stringify({ ...report, shard: { ...report.shard, order: 'x' } })), ...rest],
      /order\.json: not a shard report .*shard\.order/,
    )
    await refused(
      [write('lists.json', JSON.stringify({ ...report, invalid: [] })), ...rest],
      /lists\.json: not a shard report .*does not match/,
    )
    await refused(
      [write('extra.json', JSON.stringify({ ...report, surprise: 1 })), ...rest],
      /extra\.json: .*unexpected field "surprise"/,
    )
    await refused([join(dir, 'nowhere.json'), ...rest], /cannot read .*nowhere\.json: no such file/)
  })

  it('usage errors: no report, a bad --format', async () => {
    const { reports } = await example([], 1)
    for (const args of [['merge-reports'], ['merge-reports', '--format', 'xml', ...reports]]) {
      const r = await runExpect(args, 2)
      expect(r.stdout, describeRun(args, r)).toBe('')
      expect(r.stderr, describeRun(args, r)).toMatch(/^messenger-webhooks: /)
    }
  })
})

describe('validate --shard: usage errors (exit 2)', () => {
  it('refuses a shard that is not i/n with 1 <= i <= n <= 1024, a repeated --shard, and stdin', async () => {
    const dir = tempDir()
    const file = join(dir, 'ok.ndjson')
    writeFileSync(file, ndjson(pageBody(messageItem('m'))))
    for (const shard of ['0/4', '5/4', '4', '1/0', 'a/b', '1/1025', ' 1/2', '1/2/3', '-1/2', '1.0/2', '']) {
      const args = ['validate', `--shard=${shard}`, file]
      const r = await runExpect(args, 2)
      expect(r.stdout, describeRun(args, r)).toBe('')
      expect(r.stderr, describeRun(args, r)).toMatch(/--shard/)
    }
    for (const args of [
      ['validate', '--shard', '1/2', '--shard', '2/2', file],
      ['validate', '--shard', '1/2', '-'],
      ['validate', '--shard', '1/2', file, '-'],
    ]) {
      const r = await runExpect(args, 2, { input: ndjson(pageBody(messageItem('m'))) })
      expect(r.stdout, describeRun(args, r)).toBe('')
      expect(r.stderr, describeRun(args, r)).toMatch(/--shard/)
    }
    const r = await runExpect(['validate', '--shard', '1/2', '-'], 2)
    expect(r.stderr).toMatch(/stdin/)
    // The largest shard count is fine.
    await runExpect(['validate', '--shard', '1024/1024', file], 0)
  })
})

describe('help', () => {
  it('lists merge-reports and its options, and --shard under validate', async () => {
    const top = await runExpect(['--help'], 0)
    expect(top.stdout).toMatch(/\bmerge-reports\b/)
    const merge = await runExpect(['merge-reports', '--help'], 0)
    for (const option of ['--format', '--quiet', '--no-color', '--help'])
      expect(merge.stdout, describeRun(['merge-reports', '--help'], merge)).toContain(option)
    expect(merge.stdout).toMatch(/messenger-webhooks merge-reports\b/)
    const validate = await runExpect(['validate', '--help'], 0)
    expect(validate.stdout).toContain('--shard')
  })

  it('merge-reports --help wins over missing arguments', async () => {
    const r = await run(['merge-reports', '--help'])
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
  })
})
