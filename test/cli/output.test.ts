/**
 * What `validate` prints, and in which order: problems in input order (line order within a file,
 * unreadable inputs where they were given), the progress line wiped before anything else on a
 * terminal, unreadable inputs named even with --quiet, and the JSON report written piece by piece
 * exactly as `JSON.stringify(report, null, 2)` would print it.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeJson } from '../../src/cli/output.js'
import {
  CLI,
  describeRun,
  messageItem,
  midlessItem,
  ndjson,
  pageBody,
  problemLines,
  removeTempDirs,
  requireBuiltCli,
  runExpect,
  tempDir,
} from './helpers.js'

beforeAll(requireBuiltCli)
afterAll(removeTempDirs)

describe('validate: problems in input order', () => {
  it('within a file, invalid items and unusable bodies come in line order', async () => {
    const dir = tempDir()
    const file = join(dir, 'mixed.ndjson')
    writeFileSync(
      file,
      ndjson(pageBody(midlessItem()), 'not json', pageBody(messageItem('m_ok')), pageBody(midlessItem()), '{"trunc'),
    )
    const args = ['validate', '--workers', '0', file]
    const r = await runExpect(args, 1)
    expect(
      problemLines(r.stdout, file).map((p) => [p.line, p.path]),
      describeRun(args, r),
    ).toEqual([
      [1, 'entry[0].messaging[0].message.mid'],
      [2, '-'],
      [4, 'entry[0].messaging[0].message.mid'],
      [5, '-'],
    ])
  })

  it('an unreadable input is printed where it was given, between the files around it', async () => {
    const dir = tempDir()
    const a = join(dir, 'a.ndjson')
    const b = join(dir, 'b.ndjson')
    const missing = join(dir, 'missing.json')
    writeFileSync(a, ndjson(pageBody(midlessItem())))
    writeFileSync(b, ndjson(pageBody(midlessItem())))
    const args = ['validate', a, missing, b]
    const r = await runExpect(args, 2)
    const order = r.stdout
      .split('\n')
      .map((l) => [a, missing, b].findIndex((f) => l.startsWith(f)))
      .filter((i) => i >= 0)
    expect(order, describeRun(args, r)).toEqual([0, 1, 2])
  })

  it('--quiet still names each unreadable input, on stderr; stdout is the summary line alone', async () => {
    const dir = tempDir()
    const ok = join(dir, 'ok.json')
    writeFileSync(ok, JSON.stringify(pageBody(messageItem('m_1'))))
    const missing = join(dir, 'gone.ndjson')
    const args = ['validate', '--quiet', ok, missing]
    const r = await runExpect(args, 2)
    expect(r.stdout.trim().split('\n'), describeRun(args, r)).toHaveLength(1)
    expect(r.stderr, describeRun(args, r)).toContain(`${missing}: no such file or directory`)
  })
})

/** What a terminal shows for each line of raw TTY output: the text after the last carriage return. */
function screenLines(raw: string): string[] {
  return raw
    .split(/\r?\n/)
    .map((l) => (l.split('\r').at(-1) ?? '').replaceAll('\u001b[K', ''))
    .filter((l) => l !== '')
}

describe('validate on a terminal', () => {
  it('wipes the progress line before each problem line (no "… MB" glued to a problem)', () => {
    const dir = tempDir()
    const file = join(dir, 'big.ndjson')
    const good = JSON.stringify(pageBody(messageItem('m_x', 'x'.repeat(200))))
    const bad = JSON.stringify(pageBody(midlessItem()))
    // About 2 MB: several 256 KiB reads, each followed by a progress update, with problems among them.
    const lines = Array.from({ length: 6000 }, (_, i) => (i % 1000 === 999 ? bad : good))
    writeFileSync(file, `${lines.join('\n')}\n`)
    // `script` runs the CLI on a pseudo-terminal, so stdout and stderr are both a TTY.
    const raw = execFileSync(
      'script',
      ['-qec', `"${process.execPath}" "${CLI}" validate --workers 0 "${file}"; true`, '/dev/null'],
      { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
    )
    expect(raw, 'the progress line was shown at all').toMatch(/ MB/)
    const screen = screenLines(raw)
    const problems = screen.filter((l) => l.includes('message.mid'))
    expect(problems, raw).toHaveLength(6)
    for (const l of problems) expect(l.startsWith(`${file}:`), JSON.stringify(l)).toBe(true)
    expect(
      screen.filter((l) => / of [\d.]+ MB/.test(l)),
      'no progress left on screen at the end',
    ).toEqual([])
  })
})

describe('writeJson', () => {
  it('prints exactly what JSON.stringify(value, null, 2) prints, plus a newline', () => {
    const report = fc.record({
      version: fc.constant(1),
      ok: fc.boolean(),
      counts: fc.dictionary(fc.string(), fc.record({ messenger: fc.nat(), instagram: fc.nat() })),
      invalid: fc.array(
        fc.record({ file: fc.string(), line: fc.nat(), message: fc.string(), type: fc.option(fc.string()) }),
      ),
      unusable: fc.array(fc.record({ file: fc.string(), line: fc.nat() }), { maxLength: 3 }),
      errors: fc.array(fc.anything(), { maxLength: 3 }),
    })
    fc.assert(
      fc.property(report, (value) => {
        let out = ''
        writeJson(value, (s) => {
          out += s
        })
        expect(out).toBe(`${JSON.stringify(value, null, 2)}\n`)
      }),
    )
  })

  it('writes a long list in many pieces, none of them the whole report', () => {
    const invalid = Array.from({ length: 20_000 }, (_, i) => ({ file: 'f.ndjson', line: i + 1, path: 'entry[0]' }))
    const pieces: string[] = []
    writeJson({ version: 1, invalid }, (s) => pieces.push(s))
    const whole = pieces.join('')
    expect(whole).toBe(`${JSON.stringify({ version: 1, invalid }, null, 2)}\n`)
    expect(pieces.length).toBeGreaterThan(10)
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(whole.length / 10)
  })
})
