/**
 * `messenger-webhooks validate`: the built CLI run as a child process (no TTY, NO_COLOR=1) over
 * temporary files, stdin, directories, globs and the shipped fixtures. Exit codes, text output
 * (problem lines, summary table, summary line) and the JSON report (shape and numbers).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  describeRun,
  FIXTURES,
  instagramBody,
  manifest,
  messageItem,
  midlessItem,
  ndjson,
  pageBody,
  postbackItem,
  problemLines,
  removeTempDirs,
  requireBuiltCli,
  runExpect,
  summaryOf,
  summaryTableOf,
  tempDir,
  unknownItem,
  validateJson,
} from './helpers.js'

beforeAll(requireBuiltCli)
afterAll(removeTempDirs)

const pretty = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`

describe('validate: exit codes', () => {
  it('exits 0 on a valid body, with the summary line and table', async () => {
    const dir = tempDir()
    const file = join(dir, 'ok.json')
    writeFileSync(file, pretty(pageBody(messageItem('m_1'), messageItem('m_2'), postbackItem())))
    const args = ['validate', file]
    const r = await runExpect(args, 0)
    expect(summaryOf(r.stdout), describeRun(args, r)).toEqual({
      bodies: 1,
      events: 3,
      invalid: 0,
      unknown: 0,
      unusable: 0,
      unreadable: 0,
    })
    expect(summaryTableOf(r.stdout), describeRun(args, r)).toEqual({
      message: [2, 0, 0, 2],
      postback: [1, 0, 0, 1],
    })
    expect(problemLines(r.stdout, file)).toEqual([])
  })

  it('exits 1 on an invalid item and on an unusable body', async () => {
    const dir = tempDir()
    const invalid = join(dir, 'invalid.json')
    const unusable = join(dir, 'unusable.json')
    writeFileSync(invalid, pretty(pageBody(messageItem('m_1'), midlessItem())))
    writeFileSync(unusable, pretty({ object: 'page' }))
    await runExpect(['validate', invalid], 1)
    await runExpect(['validate', unusable], 1)
  })

  it('exits 2 on usage errors', async () => {
    const dir = tempDir()
    const file = join(dir, 'ok.json')
    writeFileSync(file, pretty(pageBody(messageItem('m_1'))))
    for (const args of [
      ['validate'],
      ['validate', '--format', 'xml', file],
      ['validate', '--no-such-option', file],
      ['validate', '--workers', 'many', file],
    ]) {
      const r = await runExpect(args, 2)
      expect(r.stderr.trim(), `usage message on stderr\n${describeRun(args, r)}`).not.toBe('')
    }
  })

  it('--workers 0, --workers 2 and the default give the same report (small and >8 MB inputs)', async () => {
    const dir = tempDir()
    const small = join(dir, 'mixed.ndjson')
    writeFileSync(
      small,
      ndjson(pageBody(messageItem('m_1')), pageBody(midlessItem()), instagramBody(messageItem('m_ig'))),
    )
    // About 12 MB: 30,000 lines, every 1000th with an invalid item, every 1500th unusable.
    const big = join(dir, 'big.ndjson')
    const lines: string[] = []
    for (let i = 1; i <= 30_000; i++) {
      if (i % 1500 === 0) lines.push('{"object":"page","entry":')
      else if (i % 1000 === 0) lines.push(JSON.stringify(pageBody(messageItem(`m_${i}`), midlessItem())))
      else lines.push(JSON.stringify(pageBody(messageItem(`m_${i}`, 'x'.repeat(200)))))
    }
    writeFileSync(big, `${lines.join('\n')}\n`)
    const a = await validateJson(['--workers', '0', small, big], 1)
    const b = await validateJson(['--workers', '2', small, big], 1)
    const c = await validateJson([small, big], 1)
    expect(b.report).toEqual(a.report)
    expect(c.report).toEqual(a.report)
    expect(a.report.bodies).toBe(3 + 30_000 - 20)
    expect(a.report.invalid.filter((i) => i.file === big).map((i) => i.line)).toEqual(
      Array.from({ length: 30 }, (_, k) => (k + 1) * 1000).filter((n) => n % 1500 !== 0),
    )
    expect(a.report.unusable.filter((u) => u.file === big).map((u) => u.line)).toEqual(
      Array.from({ length: 20 }, (_, k) => (k + 1) * 1500),
    )
  })
})

describe('validate: text output', () => {
  it('a file that is a captured HTTP request (request line first) is reported with a pointer to doctor', async () => {
    const dir = tempDir()
    const file = join(dir, 'captured.json')
    const body = JSON.stringify(pageBody(messageItem('m_1')))
    writeFileSync(file, `POST /webhook HTTP/1.1\r\nX-Hub-Signature-256: sha256=${'0'.repeat(64)}\r\n\r\n${body}`)
    const args = ['validate', file]
    const r = await runExpect(args, 1)
    expect(r.stdout, describeRun(args, r)).toContain('captured HTTP request')
    expect(r.stdout, describeRun(args, r)).toContain('messenger-webhooks doctor')
    // A body that is simply broken JSON keeps the parser's own message.
    writeFileSync(file, '{"object": "page", ')
    expect((await runExpect(args, 1)).stdout).not.toContain('doctor')
  })

  it('prints one problem line per problem: `<file>:<line>  <path>  <message>`, then the counts', async () => {
    const dir = tempDir()
    const good = join(dir, 'good.json')
    const bad = join(dir, 'bad.json')
    const broken = join(dir, 'broken.json')
    writeFileSync(good, pretty(pageBody(messageItem('m_1'), postbackItem())))
    writeFileSync(bad, pretty(pageBody(messageItem('m_2'), midlessItem(), midlessItem('again'))))
    writeFileSync(broken, pretty({ object: 'page', entry: 'nope' }))
    const args = ['validate', good, bad, broken]
    const r = await runExpect(args, 1)
    const why = describeRun(args, r)

    expect(problemLines(r.stdout, good), why).toEqual([])
    const badLines = problemLines(r.stdout, bad)
    expect(
      badLines.map((p) => [p.line, p.path]),
      why,
    ).toEqual([
      [1, 'entry[0].messaging[1].message.mid'],
      [1, 'entry[0].messaging[2].message.mid'],
    ])
    for (const p of badLines) expect(p.message.trim(), why).not.toBe('')
    // An unusable body: the path column is `-` (soft: the checks below still run).
    const brokenLines = problemLines(r.stdout, broken)
    expect
      .soft(
        brokenLines.map((p) => [p.line, p.path]),
        why,
      )
      .toEqual([[1, '-']])

    expect(summaryOf(r.stdout), why).toEqual({
      bodies: 2,
      events: 3,
      invalid: 2,
      unknown: 0,
      unusable: 1,
      unreadable: 0,
    })
    expect(summaryTableOf(r.stdout), why).toEqual({ message: [2, 0, 0, 2], postback: [1, 0, 0, 1] })
  })

  it('the summary table has one row per event type, split by platform', async () => {
    const dir = tempDir()
    const file = join(dir, 'mixed.ndjson')
    writeFileSync(
      file,
      ndjson(
        pageBody(messageItem('m_1'), messageItem('m_2'), postbackItem()),
        instagramBody(messageItem('m_ig1')),
        { object: 'whatsapp_business_account', entry: [{ id: '1', time: 1, messaging: [messageItem('m_o')] }] },
        pageBody(unknownItem()),
      ),
    )
    const args = ['validate', file]
    const r = await runExpect(args, 0)
    const why = describeRun(args, r)
    expect(summaryTableOf(r.stdout), why).toEqual({
      message: [2, 1, 1, 4],
      postback: [1, 0, 0, 1],
      unknown: [1, 0, 0, 1],
    })
    expect(summaryOf(r.stdout), why).toEqual({
      bodies: 4,
      events: 6,
      invalid: 0,
      unknown: 1,
      unusable: 0,
      unreadable: 0,
    })
  })

  it('--quiet prints only the summary line; problems still decide the exit code', async () => {
    const dir = tempDir()
    const file = join(dir, 'bad.ndjson')
    writeFileSync(file, ndjson(pageBody(messageItem('m_1')), pageBody(midlessItem()), '{"object":'))
    const args = ['validate', '--quiet', file]
    const r = await runExpect(args, 1)
    const why = describeRun(args, r)
    const lines = r.stdout.split('\n').filter((l) => l.trim() !== '')
    expect(lines, why).toHaveLength(1)
    expect(summaryOf(r.stdout), why).toEqual({
      bodies: 2,
      events: 1,
      invalid: 1,
      unknown: 0,
      unusable: 1,
      unreadable: 0,
    })

    const okFile = join(dir, 'ok.json')
    writeFileSync(okFile, pretty(pageBody(messageItem('m_1'))))
    const ok = await runExpect(['validate', '--quiet', okFile], 0)
    expect(ok.stdout).toBe(
      '1 body, 1 event, 0 invalid items, 0 unknown events, 0 unusable bodies, 0 unreadable inputs\n',
    )
    // Plural from two on.
    const two = join(dir, 'two.ndjson')
    writeFileSync(
      two,
      `${JSON.stringify(pageBody(messageItem('m_2')))}\n${JSON.stringify(pageBody(messageItem('m_3')))}\n`,
    )
    expect((await runExpect(['validate', '--quiet', two], 0)).stdout).toBe(
      '2 bodies, 2 events, 0 invalid items, 0 unknown events, 0 unusable bodies, 0 unreadable inputs\n',
    )
  })

  it('--no-color and NO_COLOR never colour (and there is no TTY here anyway)', async () => {
    const dir = tempDir()
    const file = join(dir, 'bad.json')
    writeFileSync(file, pretty(pageBody(midlessItem())))
    // runExpect checks for ANSI escapes in every run; here also without NO_COLOR in the env.
    await runExpect(['validate', '--no-color', file], 1)
    await runExpect(['validate', file], 1, { env: { NO_COLOR: undefined } })
  })
})

describe('validate: JSON output', () => {
  it('has the documented shape and the right numbers', async () => {
    const dir = tempDir()
    const a = join(dir, 'a.json')
    const b = join(dir, 'b.ndjson')
    writeFileSync(a, pretty(pageBody(messageItem('m_1'), postbackItem())))
    writeFileSync(
      b,
      ndjson(
        instagramBody(messageItem('m_ig1'), messageItem('m_ig2')),
        '',
        pageBody(messageItem('m_3'), midlessItem()),
        pageBody(unknownItem()),
      ),
    )
    const { report } = await validateJson([a, b], 1)
    expect(report).toEqual({
      version: 1,
      ok: false,
      strict: false,
      inputs: 2,
      bodies: 4,
      events: 6,
      counts: {
        message: { messenger: 2, instagram: 2, other: 0 },
        postback: { messenger: 1, instagram: 0, other: 0 },
        unknown: { messenger: 1, instagram: 0, other: 0 },
      },
      unknown: 1,
      invalid: [
        {
          file: b,
          line: 3,
          path: 'entry[0].messaging[1].message.mid',
          message: expect.any(String),
          type: expect.toSatisfy((t: unknown) => t === null || t === 'message'),
        },
      ],
      unusable: [],
      errors: [],
    })
  })

  it('reports unusable bodies and unreadable inputs with the file as given', async () => {
    const dir = tempDir()
    const file = join(dir, 'c.ndjson')
    const missing = join(dir, 'missing.json')
    writeFileSync(file, ndjson(pageBody(messageItem('m_1')), '[1,2,3]', 'not json at all'))
    const { report } = await validateJson([file, missing], 2)
    expect(report.ok).toBe(false)
    expect(report.bodies).toBe(1)
    expect(report.events).toBe(1)
    expect(report.unusable.map((u) => [u.file, u.line])).toEqual([
      [file, 2],
      [file, 3],
    ])
    for (const u of report.unusable) expect(u.message.trim()).not.toBe('')
    expect(report.errors.map((e) => e.file)).toEqual([missing])
    expect(report.errors[0]?.message.trim()).not.toBe('')
  })

  it('"strict" and "ok" reflect --strict', async () => {
    const dir = tempDir()
    const file = join(dir, 'ok.json')
    writeFileSync(file, pretty(pageBody(messageItem('m_1'))))
    const lenient = await validateJson([file], 0)
    expect([lenient.report.ok, lenient.report.strict]).toEqual([true, false])
    const strict = await validateJson(['--strict', file], 0)
    expect([strict.report.ok, strict.report.strict]).toEqual([true, true])
  })
})

describe('validate: NDJSON', () => {
  it('reports a bad body on line 3 at `:3`', async () => {
    const dir = tempDir()
    const file = join(dir, 'events.ndjson')
    writeFileSync(file, ndjson(pageBody(messageItem('m_1')), pageBody(messageItem('m_2')), pageBody(midlessItem())))
    const args = ['validate', file]
    const r = await runExpect(args, 1)
    expect(
      problemLines(r.stdout, file).map((p) => [p.line, p.path]),
      describeRun(args, r),
    ).toEqual([[3, 'entry[0].messaging[0].message.mid']])
    expect(r.stdout).toContain(`${file}:3  entry[0].messaging[0].message.mid  `)

    const { report } = await validateJson([file], 1)
    expect(report.invalid.map((i) => [i.file, i.line, i.path])).toEqual([
      [file, 3, 'entry[0].messaging[0].message.mid'],
    ])
    expect(report.bodies).toBe(3)
    expect(report.events).toBe(2)
  })

  it('an unusable line 3 is reported at `:3` too, with path `-`', async () => {
    const dir = tempDir()
    const file = join(dir, 'events.jsonl')
    writeFileSync(file, ndjson(pageBody(messageItem('m_1')), pageBody(messageItem('m_2')), '{"object":"page"}'))
    const args = ['validate', file]
    const r = await runExpect(args, 1)
    expect(
      problemLines(r.stdout, file).map((p) => [p.line, p.path]),
      describeRun(args, r),
    ).toEqual([[3, '-']])
  })

  it('skips blank (and whitespace-only) lines but keeps counting them', async () => {
    const dir = tempDir()
    const file = join(dir, 'gaps.ndjson')
    const body = JSON.stringify(pageBody(messageItem('m_1')))
    const bad = JSON.stringify(pageBody(midlessItem()))
    // Lines: 1 body, 2 blank, 3 spaces, 4 body, 5 tab, 6 bad body, 7 blank, (EOF)
    writeFileSync(file, `${body}\n\n   \n${body}\n\t\n${bad}\n\n`)
    const { report } = await validateJson([file], 1)
    expect(report.bodies).toBe(3)
    expect(report.events).toBe(2)
    expect(report.unusable).toEqual([])
    expect(report.invalid.map((i) => i.line)).toEqual([6])
  })

  it('reads a last line without a trailing newline', async () => {
    const dir = tempDir()
    const file = join(dir, 'no-eol.ndjson')
    writeFileSync(file, `${JSON.stringify(pageBody(messageItem('m_1')))}\n${JSON.stringify(pageBody(midlessItem()))}`)
    const { report } = await validateJson([file], 1)
    expect(report.bodies).toBe(2)
    expect(report.invalid.map((i) => i.line)).toEqual([2])
  })

  it('a .json file holding one body per line is read as NDJSON', async () => {
    const dir = tempDir()
    const file = join(dir, 'lines.json')
    writeFileSync(
      file,
      ndjson(pageBody(messageItem('m_1')), pageBody(midlessItem()), instagramBody(messageItem('m_ig'))),
    )
    const { report } = await validateJson([file], 1)
    expect(report.bodies).toBe(3)
    expect(report.events).toBe(2)
    expect(report.invalid.map((i) => [i.line, i.path])).toEqual([[2, 'entry[0].messaging[0].message.mid']])
    expect(report.unusable).toEqual([])
  })

  it('a .json file with one unparsable line among body lines is one unusable body at line 1', async () => {
    const dir = tempDir()
    const file = join(dir, 'almost-lines.json')
    writeFileSync(file, ndjson(pageBody(messageItem('m_1')), '{"object":"page",', pageBody(messageItem('m_3'))))
    const { report } = await validateJson([file], 1)
    expect(report.bodies).toBe(0)
    expect(report.unusable.map((u) => [u.file, u.line])).toEqual([[file, 1]])
  })

  it('a .json body is reported at line 1, wherever the bad field is in the file', async () => {
    const dir = tempDir()
    const file = join(dir, 'pretty.json')
    writeFileSync(file, pretty(pageBody(messageItem('m_1'), messageItem('m_2'), midlessItem())))
    const { report } = await validateJson([file], 1)
    expect(report.invalid.map((i) => [i.file, i.line, i.path])).toEqual([
      [file, 1, 'entry[0].messaging[2].message.mid'],
    ])
  })
})

describe('validate: stdin, directories, globs', () => {
  it('reads NDJSON from stdin with `-` (file "-")', async () => {
    const input = ndjson(pageBody(messageItem('m_1')), '', pageBody(midlessItem()), instagramBody(messageItem('m_ig')))
    const args = ['validate', '-']
    const r = await runExpect(args, 1, { input })
    const why = describeRun(args, r)
    expect(
      problemLines(r.stdout, '-').map((p) => [p.line, p.path]),
      why,
    ).toEqual([[3, 'entry[0].messaging[0].message.mid']])
    expect(summaryOf(r.stdout).bodies, why).toBe(3)

    const { report } = await validateJson(['-'], 1, { input })
    expect(report.inputs).toBe(1)
    expect(report.invalid.map((i) => [i.file, i.line])).toEqual([['-', 3]])
    expect(report.counts).toEqual({ message: { messenger: 1, instagram: 1, other: 0 } })
  })

  it('reads stdin along with files, in argument order', async () => {
    const dir = tempDir()
    const file = join(dir, 'a.json')
    writeFileSync(file, pretty(pageBody(midlessItem())))
    const { report } = await validateJson([file, '-'], 1, { input: ndjson(pageBody(midlessItem())) })
    expect(report.inputs).toBe(2)
    expect(report.invalid.map((i) => [i.file, i.line])).toEqual([
      [file, 1],
      ['-', 1],
    ])
  })

  it('walks directories recursively (*.json, *.ndjson, *.jsonl only)', async () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'sub', 'deeper'), { recursive: true })
    writeFileSync(join(dir, 'a.json'), pretty(pageBody(messageItem('m_1'))))
    writeFileSync(join(dir, 'sub', 'b.ndjson'), ndjson(pageBody(messageItem('m_2')), pageBody(midlessItem())))
    writeFileSync(join(dir, 'sub', 'deeper', 'c.jsonl'), ndjson(instagramBody(messageItem('m_3'))))
    // Not bodies: never read.
    writeFileSync(join(dir, 'notes.txt'), 'not json {{{')
    writeFileSync(join(dir, 'sub', 'README.md'), '# captures')
    writeFileSync(join(dir, 'sub', 'deeper', 'body.json.bak'), '{{{')
    const args = ['validate', dir]
    const r = await runExpect(args, 1)
    const why = describeRun(args, r)
    expect(r.stdout, why).not.toContain('notes.txt')
    expect(r.stdout, why).not.toContain('README.md')
    expect(r.stdout, why).not.toContain('body.json.bak')
    expect(
      problemLines(r.stdout, join(dir, 'sub', 'b.ndjson')).map((p) => p.line),
      why,
    ).toEqual([2])

    const { report } = await validateJson([dir], 1)
    expect(report.inputs).toBe(3)
    expect(report.bodies).toBe(4)
    expect(report.counts).toEqual({ message: { messenger: 2, instagram: 1, other: 0 } })
    expect(report.unusable).toEqual([])
    expect(report.errors).toEqual([])
    expect(report.invalid.map((i) => i.file)).toEqual([join(dir, 'sub', 'b.ndjson')])
  })

  it('expands glob patterns with **, * and ? (the pattern given unexpanded)', async () => {
    const dir = tempDir()
    const cap = join(dir, 'captures')
    mkdirSync(join(cap, '2024', 'june'), { recursive: true })
    writeFileSync(join(cap, 'top.ndjson'), ndjson(pageBody(messageItem('m_top'))))
    writeFileSync(join(cap, '2024', 'x.ndjson'), ndjson(pageBody(messageItem('m_x')), pageBody(messageItem('m_x2'))))
    writeFileSync(join(cap, '2024', 'june', 'y.ndjson'), ndjson(pageBody(midlessItem())))
    writeFileSync(join(cap, '2024', 'june', 'z.json'), pretty(pageBody(midlessItem())))
    writeFileSync(join(cap, '2024', 'june', 'day1.json'), pretty(pageBody(messageItem('d1'))))
    writeFileSync(join(cap, '2024', 'june', 'day2.json'), pretty(pageBody(messageItem('d2'))))
    writeFileSync(join(cap, '2024', 'june', 'day10.json'), pretty(pageBody(midlessItem())))

    // ** at any depth (including none), relative to the working directory, paths reported as found.
    const deep = await validateJson(['captures/**/*.ndjson'], 1, { cwd: dir })
    expect(deep.report.inputs).toBe(3)
    expect(deep.report.bodies).toBe(4)
    expect(deep.report.invalid.map((i) => i.file)).toEqual(['captures/2024/june/y.ndjson'])

    // * stays within one segment.
    const one = await validateJson([join(cap, '*.ndjson')], 0)
    expect(one.report.inputs).toBe(1)
    expect(one.report.bodies).toBe(1)

    // ? is exactly one character: day1 and day2, not day10.
    const q = await validateJson([join(cap, '2024', 'june', 'day?.json')], 0)
    expect(q.report.inputs).toBe(2)
    expect(q.report.events).toBe(2)

    // The text output names the files found (relative to the pattern, as found).
    const args = ['validate', 'captures/**/*.ndjson']
    const r = await runExpect(args, 1, { cwd: dir })
    expect(
      problemLines(r.stdout, 'captures/2024/june/y.ndjson').map((p) => p.line),
      describeRun(args, r),
    ).toEqual([1])
  })
})

describe('validate --strict', () => {
  it('turns unknown events into invalid items (exit 1)', async () => {
    const dir = tempDir()
    const file = join(dir, 'unknown.json')
    writeFileSync(file, pretty(pageBody(messageItem('m_1'), unknownItem())))
    const lenient = await validateJson([file], 0)
    expect(lenient.report.unknown).toBe(1)
    expect(lenient.report.ok).toBe(true)
    const strict = await validateJson(['--strict', file], 1)
    expect(strict.report.ok).toBe(false)
    expect(strict.report.strict).toBe(true)
    expect(strict.report.invalid.length + strict.report.unknown).toBeGreaterThanOrEqual(1)
    await runExpect(['validate', '--strict', file], 1)
    await runExpect(['validate', file], 0)
  })

  it('turns unknown properties into invalid items (exit 1)', async () => {
    const dir = tempDir()
    const file = join(dir, 'extra.ndjson')
    writeFileSync(
      file,
      ndjson(
        pageBody(messageItem('m_1')),
        pageBody({ ...messageItem('m_2'), message: { mid: 'm_2', text: 'x', sparkles: true } }),
      ),
    )
    const lenient = await validateJson([file], 0)
    expect(lenient.report.events).toBe(2)
    const strict = await validateJson(['--strict', file], 1)
    expect(strict.report.invalid.map((i) => [i.line, i.path])).toEqual([[2, 'entry[0].messaging[0].message.sparkles']])
  })

  it('fixtures/strict: exit 0 leniently, exit 1 strictly with every manifest path', async () => {
    const m = manifest()
    const dir = join(FIXTURES, 'strict')
    const lenient = await validateJson([dir], 0)
    expect(lenient.report.bodies).toBe(m.strict.length)
    expect(lenient.report.unknown).toBe(m.strict.filter((s) => s.types.includes('unknown')).length)

    const strict = await validateJson(['--strict', dir], 1)
    for (const s of m.strict) {
      const file = join(dir, s.file.slice('strict/'.length))
      const paths = strict.report.invalid.filter((i) => i.file === file).map((i) => i.path)
      expect(paths, s.file).toEqual(s.paths)
    }
    expect(strict.report.unknown).toBe(0)
  })
})

describe('validate: the shipped fixtures', () => {
  it('fixtures/messenger, instagram, dashboard and batch: exit 0, counts as in the manifest', async () => {
    const m = manifest()
    const dirs = ['messenger', 'instagram', 'dashboard', 'batch'].map((d) => join(FIXTURES, d))
    const { report } = await validateJson(dirs, 0)
    expect(report.inputs).toBe(m.valid.length)
    expect(report.bodies).toBe(m.valid.length)
    const expected: Record<string, { messenger: number; instagram: number; other: number }> = {}
    for (const v of m.valid) {
      const platform = v.object === 'page' ? 'messenger' : v.object === 'instagram' ? 'instagram' : 'other'
      for (const t of v.types) {
        expected[t] ??= { messenger: 0, instagram: 0, other: 0 }
        expected[t][platform]++
      }
    }
    expect(report.counts).toEqual(expected)
    expect(report.events).toBe(m.valid.reduce((n, v) => n + v.types.length, 0))
    expect([report.invalid, report.unusable, report.errors]).toEqual([[], [], []])
    const unknown = m.valid.reduce((n, v) => n + v.types.filter((t) => t === 'unknown').length, 0)
    expect(report.unknown).toBe(unknown)

    // npm start's command line, relative to the package root, in text form.
    const args = ['validate', 'fixtures/messenger', 'fixtures/instagram', 'fixtures/dashboard', 'fixtures/batch']
    const r = await runExpect(args, 0)
    expect(summaryOf(r.stdout)).toEqual({
      bodies: m.valid.length,
      events: report.events,
      invalid: 0,
      unknown,
      unusable: 0,
      unreadable: 0,
    })
  })

  it('fixtures/invalid: exit 1, every manifest file and path in the output', async () => {
    const m = manifest()
    const args = ['validate', 'fixtures/invalid']
    const r = await runExpect(args, 1)
    const why = describeRun(args, r)
    for (const entry of m.invalid) {
      const file = `fixtures/${entry.file}`
      const lines = problemLines(r.stdout, file)
      expect(lines.length, `${file} has a problem line\n${why}`).toBeGreaterThan(0)
      for (const l of lines) expect(l.line, file).toBe(1)
      if (entry.result === 'invalid') {
        expect(
          lines.map((l) => l.path),
          `${file}: invalid item paths`,
        ).toEqual(entry.paths)
      } else {
        // An unusable body: one line with `-` as its path (soft: the other checks still run).
        expect
          .soft(
            lines.map((l) => l.path),
            `${file}: an unusable body has path "-"`,
          )
          .toEqual(['-'])
      }
    }

    const { report } = await validateJson(['fixtures/invalid'], 1)
    expect(report.inputs).toBe(m.invalid.length)
    const left = m.invalid.filter((e) => e.result === 'left')
    const items = m.invalid.filter((e) => e.result === 'invalid')
    expect(report.unusable.map((u) => u.file).sort()).toEqual(left.map((e) => `fixtures/${e.file}`).sort())
    expect(report.bodies).toBe(items.length)
    expect(report.events).toBe(items.reduce((n, e) => n + (e.events ?? 0), 0))
    for (const e of items) {
      expect(
        report.invalid.filter((i) => i.file === `fixtures/${e.file}`).map((i) => i.path),
        e.file,
      ).toEqual(e.paths)
    }
    expect(report.invalid).toHaveLength(items.reduce((n, e) => n + e.paths.length, 0))
    expect(report.errors).toEqual([])
  })

  it('file paths are reported as given (relative stays relative, absolute stays absolute)', async () => {
    const rel = await validateJson(['fixtures/invalid/read.empty.json'], 1)
    expect(rel.report.invalid.map((i) => i.file)).toEqual(['fixtures/invalid/read.empty.json'])
    const abs = await validateJson([join(FIXTURES, 'invalid', 'read.empty.json')], 1)
    expect(abs.report.invalid.map((i) => i.file)).toEqual([join(FIXTURES, 'invalid', 'read.empty.json')])
  })
})
