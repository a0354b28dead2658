/**
 * What `validate` prints, and in which order: problems in input order (line order within a file,
 * unreadable inputs where they were given), the progress line wiped before anything else on a
 * terminal, unreadable inputs named even with --quiet, and the JSON report written piece by piece
 * exactly as `JSON.stringify(report, null, 2)` would print it.
 */
import { execFileSync, spawn } from 'node:child_process'
import { closeSync, existsSync, openSync, writeFileSync } from 'node:fs'
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
  ROOT,
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

/**
 * Runs the CLI with stdout read until the first line, then closed (as `| head -1` does): the CLI's
 * next write meets EPIPE.
 */
function headOne(args: string[]): Promise<{ code: number | null; first: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let first = ''
    let stderr = ''
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString('utf8')
    })
    child.stdout.on('data', (b: Buffer) => {
      if (child.stdout.destroyed) return
      first += b.toString('utf8')
      if (first.includes('\n')) {
        first = first.slice(0, first.indexOf('\n'))
        child.stdout.destroy()
      }
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), 25_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, first, stderr })
    })
  })
}

describe('validate when stdout fails', () => {
  // 5,000 invalid items: far more output than a pipe holds, so writes go on after the reader left.
  const many = () => {
    const dir = tempDir()
    const file = join(dir, 'many.ndjson')
    writeFileSync(file, ndjson(...Array.from({ length: 5000 }, () => pageBody(midlessItem()))))
    return file
  }

  it('a reader that goes away (| head -1): a quiet stop, no message, exit 1 (problems were found)', async () => {
    const file = many()
    for (const args of [
      ['validate', file],
      ['validate', '--format', 'json', file],
      ['validate', '--workers', '0', file],
    ]) {
      const r = await headOne(args)
      const why = `${args.join(' ')}: exit ${r.code}, stderr ${JSON.stringify(r.stderr)}`
      expect(r.first.length, why).toBeGreaterThan(0)
      expect(r.code, why).toBe(1)
      expect(r.stderr, why).toBe('')
    }
  })

  it.skipIf(!existsSync('/dev/full'))(
    'a full disk (> /dev/full): one line on stderr, exit 2, no stack trace',
    async () => {
      const file = many()
      for (const args of [
        ['validate', file],
        ['validate', '--format', 'json', file],
        ['sign', '--secret', 's', file],
        ['--help'],
      ]) {
        const full = openSync('/dev/full', 'w')
        const r = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
          const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', full, 'pipe'] })
          let stderr = ''
          child.stderr?.on('data', (b: Buffer) => {
            stderr += b.toString('utf8')
          })
          child.on('error', reject)
          child.on('close', (code) => resolve({ code, stderr }))
        })
        closeSync(full)
        const why = `${args.join(' ')}: exit ${r.code}, stderr ${JSON.stringify(r.stderr)}`
        expect(r.code, why).toBe(2)
        expect(r.stderr, why).toBe('messenger-webhooks: cannot write the output: no space left on the device\n')
      }
    },
  )
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
