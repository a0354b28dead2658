/**
 * Option values and paths reach every command exactly as typed. An option parser that coerces
 * numeric-looking text (`''` → 0, `'007'` → 7, `'1e3'` → 1000, `'0x10'` → 16, `' 42 '` → 42, a
 * 40-digit value → a rounded float) would sign with the wrong key, verify an empty secret as "0",
 * read the wrong file or accept `--workers 1e3`. Each string option of each command is run with
 * such values, in both spellings (`--name value` and `--name=value`), and the output shows which
 * string the command used. Decoys (files, folders and variables named like the coerced values)
 * make a coerced value visible instead of merely failing.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  describeRun,
  hmacHex,
  messageItem,
  midlessItem,
  pageBody,
  type RunResult,
  removeTempDirs,
  requireBuiltCli,
  run,
  summaryOf,
  tempDir,
} from './helpers.js'

beforeAll(requireBuiltCli)
afterAll(removeTempDirs)

/** Values a numeric coercion would change (or lose), and one that starts with `-`. */
const FORTY_DIGITS = '1234567890123456789012345678901234567890'
const VALUES = ['', '007', '1e3', '0x10', ' 42 ', FORTY_DIGITS, '-5'] as const
/** What a coercing parser would have made of them (decoys are named after these). */
const COERCED = ['0', '7', '1000', '16', '42', String(Number(FORTY_DIGITS)), 'true']

/** Both spellings of `--name value`; a value starting with `-` only with `=`. */
function spellings(flag: string, value: string): string[][] {
  const joined = [`--${flag}=${value}`]
  return value.startsWith('-') ? [joined] : [[`--${flag}`, value], joined]
}

const padded = (v: string) => v !== v.trim()
const SECRET = 'the-env-secret'
const BODY = JSON.stringify(pageBody(messageItem('m_1')))

interface Case {
  args: string[]
  value: string
  r: RunResult
  why: string
}

/** Runs every value in every spelling (concurrently), in `cwd`, with `env`. */
async function table(
  build: (value: string) => { argv: string[][]; env?: Record<string, string | undefined> },
  cwd: string,
  values: readonly string[] = VALUES,
): Promise<Case[]> {
  const jobs = values.flatMap((value) => {
    const { argv, env } = build(value)
    return argv.map(async (args) => {
      const r = await run(args, { cwd, ...(env === undefined ? {} : { env }) })
      const why = `value ${JSON.stringify(value)}\n${describeRun(args, r)}`
      expect(r.stderr, `stack trace\n${why}`).not.toMatch(/\n\s+at /)
      return { args, value, r, why }
    })
  })
  return Promise.all(jobs)
}

/** A folder with the body under every coerced name (a coerced path would find a decoy). */
function decoyDir(): string {
  const dir = tempDir()
  for (const name of COERCED) writeFileSync(join(dir, name), '{"decoy":true}')
  return dir
}

const decoyEnv = (): Record<string, string> => Object.fromEntries(COERCED.map((name) => [name, 'decoy-secret']))

describe('sign: every string option as typed', () => {
  it('--secret: the signature is made with the exact string; empty or padded → exit 2', async () => {
    const dir = tempDir()
    const file = join(dir, 'body.json')
    writeFileSync(file, BODY)
    const cases = await table((v) => ({ argv: spellings('secret', v).map((s) => ['sign', ...s, file]) }), dir)
    for (const c of cases) {
      if (c.value === '' || padded(c.value)) {
        expect(c.r.code, c.why).toBe(2)
        expect(c.r.stdout, c.why).toBe('')
        expect(c.r.stderr, c.why).toMatch(c.value === '' ? /--secret is empty/ : /spaces or a newline/)
      } else {
        expect(c.r.code, c.why).toBe(0)
        expect(c.r.stdout, c.why).toBe(`sha256=${hmacHex('sha256', c.value, BODY)}\n`)
      }
    }
  })

  it('--secret-env: the variable of that exact name; an empty name → exit 2', async () => {
    const dir = tempDir()
    const file = join(dir, 'body.json')
    writeFileSync(file, BODY)
    const cases = await table(
      (v) => ({
        argv: spellings('secret-env', v).map((s) => ['sign', ...s, file]),
        env: { ...decoyEnv(), ...(v === '' ? {} : { [v]: SECRET }) },
      }),
      dir,
    )
    for (const c of cases) {
      if (c.value === '') {
        expect(c.r.code, c.why).toBe(2)
        expect(c.r.stderr, c.why).toMatch(/--secret-env/)
      } else {
        expect(c.r.code, c.why).toBe(0)
        expect(c.r.stdout, c.why).toBe(`sha256=${hmacHex('sha256', SECRET, BODY)}\n`)
      }
    }
  })

  it('<file>: the file of that exact name', async () => {
    const dir = decoyDir()
    const values = VALUES.filter((v) => v !== '' && !v.startsWith('-'))
    for (const v of values) writeFileSync(join(dir, v), `${BODY}${v}`)
    const cases = await table((v) => ({ argv: [['sign', '--secret', 's3cret', v]] }), dir, [...values, ''])
    for (const c of cases) {
      if (c.value === '') expect(c.r.code, c.why).toBe(2)
      else expect(c.r.stdout, c.why).toBe(`sha256=${hmacHex('sha256', 's3cret', `${BODY}${c.value}`)}\n`)
    }
  })

  it('an empty secret in any spelling, or more than one --secret, is exit 2 (never a signature)', async () => {
    const dir = tempDir()
    const file = join(dir, 'body.json')
    writeFileSync(file, BODY)
    for (const [args, env] of [
      [['sign', '--secret', '', file], {}],
      [['sign', '--secret=', file], {}],
      [['sign', file], { MESSENGER_APP_SECRET: '' }],
      [['sign', '--secret-env', 'EMPTY_ONE', file], { EMPTY_ONE: '' }],
      [['sign', '--secret', 'a', '--secret', '', file], {}],
      [['sign', '--secret', 'a', '--secret', 'b', file], {}],
    ] as const) {
      const r = await run(args, { env })
      expect(r.code, describeRun(args, r)).toBe(2)
      expect(r.stdout, describeRun(args, r)).toBe('')
    }
  })
})

describe('verify: every string option as typed', () => {
  it('--secret: the exact string verifies its own signature; padded → FAIL secret_whitespace; empty → exit 2', async () => {
    const dir = tempDir()
    const file = join(dir, 'body.json')
    writeFileSync(file, BODY)
    const cases = await table(
      (v) => ({
        argv: spellings('secret', v).map((s) => [
          'verify',
          '--signature',
          `sha256=${hmacHex('sha256', v, BODY)}`,
          ...s,
          file,
        ]),
      }),
      dir,
    )
    for (const c of cases) {
      if (c.value === '') {
        expect(c.r.code, c.why).toBe(2)
        expect(c.r.stdout, c.why).toBe('')
      } else if (padded(c.value)) {
        expect(c.r.code, c.why).toBe(1)
        expect(c.r.stdout, c.why).toMatch(/^FAIL secret_whitespace: /)
      } else {
        expect(c.r.code, c.why).toBe(0)
        expect(c.r.stdout, c.why).toMatch(/^OK: signature matches \(sha256, secret #0, raw body\)$/m)
      }
    }
  })

  it('an empty secret never verifies: a signature made with the key "0" or "" and --secret "" → exit 2', async () => {
    const dir = tempDir()
    const file = join(dir, 'body.json')
    writeFileSync(file, BODY)
    for (const key of ['0', '']) {
      const signature = `sha256=${hmacHex('sha256', key, BODY)}`
      for (const args of [
        ['verify', '--secret', '', '--signature', signature, file],
        ['verify', '--secret=', '--signature', signature, file],
        ['verify', '--secret', 'good', '--secret', '', '--signature', signature, file],
        ['verify', '--secret-env', 'EMPTY_ONE', '--signature', signature, file],
      ]) {
        const r = await run(args, { env: { EMPTY_ONE: '' } })
        expect(r.code, describeRun(args, r)).toBe(2)
        expect(r.stdout, describeRun(args, r)).not.toMatch(/^OK/m)
      }
    }
  })

  it('--secret-env: the variable of that exact name', async () => {
    const dir = tempDir()
    const file = join(dir, 'body.json')
    writeFileSync(file, BODY)
    const signature = `sha256=${hmacHex('sha256', SECRET, BODY)}`
    const cases = await table(
      (v) => ({
        argv: spellings('secret-env', v).map((s) => ['verify', '--signature', signature, ...s, file]),
        env: { ...decoyEnv(), ...(v === '' ? {} : { [v]: SECRET }) },
      }),
      dir,
    )
    for (const c of cases) expect(c.r.code, c.why).toBe(c.value === '' ? 2 : 0)
  })

  it('--signature: used as typed (numeric-looking values are malformed, empty is exit 2)', async () => {
    const dir = tempDir()
    const file = join(dir, 'body.json')
    writeFileSync(file, BODY)
    const cases = await table(
      (v) => ({ argv: spellings('signature', v).map((s) => ['verify', '--secret', SECRET, ...s, file]) }),
      dir,
    )
    for (const c of cases) {
      if (c.value === '') {
        expect(c.r.code, c.why).toBe(2)
        expect(c.r.stderr, c.why).toMatch(/--signature/)
      } else {
        expect(c.r.code, c.why).toBe(1)
        expect(c.r.stdout, c.why).toMatch(/^FAIL malformed_header: /)
      }
    }
  })

  it('<file>: the file of that exact name', async () => {
    const dir = decoyDir()
    const values = VALUES.filter((v) => v !== '' && !v.startsWith('-'))
    for (const v of values) writeFileSync(join(dir, v), `${BODY}${v}`)
    const cases = await table(
      (v) => ({
        argv: [['verify', '--secret', SECRET, '--signature', `sha256=${hmacHex('sha256', SECRET, `${BODY}${v}`)}`, v]],
      }),
      dir,
      values,
    )
    for (const c of cases) expect(c.r.code, c.why).toBe(0)
  })
})

describe('doctor: every string option as typed', () => {
  const capture = (secret: string) =>
    `POST /webhook HTTP/1.1\r\nX-Hub-Signature-256: sha256=${hmacHex('sha256', secret, BODY)}\r\n\r\n${BODY}`

  it('--secret: verdict ok with the exact string; secret-whitespace when padded; empty → exit 2', async () => {
    const dir = tempDir()
    const cases = await table((v) => {
      const file = join(dir, `capture-${VALUES.indexOf(v as (typeof VALUES)[number])}.http`)
      // A padded secret: the capture is signed with the trimmed one, as after `echo "$S" > file`.
      writeFileSync(file, capture(padded(v) ? v.trim() : v))
      return { argv: spellings('secret', v).map((s) => ['doctor', ...s, file]) }
    }, dir)
    for (const c of cases) {
      if (c.value === '') {
        expect(c.r.code, c.why).toBe(2)
        expect(c.r.stdout, c.why).toBe('')
      } else if (padded(c.value)) {
        expect(c.r.code, c.why).toBe(1)
        expect(c.r.stdout.split('\n')[0], c.why).toBe('verdict: secret-whitespace')
      } else {
        expect(c.r.code, c.why).toBe(0)
        expect(c.r.stdout.split('\n')[0], c.why).toBe('verdict: ok')
      }
    }
  })

  it('--secret-env: the variable of that exact name', async () => {
    const dir = tempDir()
    const file = join(dir, 'capture.http')
    writeFileSync(file, capture(SECRET))
    const cases = await table(
      (v) => ({
        argv: spellings('secret-env', v).map((s) => ['doctor', ...s, file]),
        env: { ...decoyEnv(), ...(v === '' ? {} : { [v]: SECRET }) },
      }),
      dir,
    )
    for (const c of cases) {
      expect(c.r.code, c.why).toBe(c.value === '' ? 2 : 0)
      if (c.value !== '') expect(c.r.stdout.split('\n')[0], c.why).toBe('verdict: ok')
    }
  })

  it('an empty --secret is exit 2 in every spelling, even next to a right one', async () => {
    const dir = tempDir()
    const file = join(dir, 'capture.http')
    writeFileSync(file, capture(SECRET))
    for (const args of [
      ['doctor', '--secret', '', file],
      ['doctor', '--secret=', file],
      ['doctor', '--secret', SECRET, '--secret', '', file],
    ]) {
      const r = await run(args)
      expect(r.code, describeRun(args, r)).toBe(2)
      expect(r.stdout, describeRun(args, r)).toBe('')
    }
  })

  it('<capture>: the file of that exact name', async () => {
    const dir = decoyDir()
    const values = VALUES.filter((v) => v !== '' && !v.startsWith('-'))
    for (const v of values) writeFileSync(join(dir, v), capture(SECRET))
    const cases = await table((v) => ({ argv: [['doctor', '--secret', SECRET, v]] }), dir, values)
    for (const c of cases) expect(c.r.stdout.split('\n')[0], c.why).toBe('verdict: ok')
  })
})

describe('validate: every string option as typed', () => {
  it('--format: anything but text or json is exit 2, and the message quotes the exact value', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'a.json'), BODY)
    const cases = await table((v) => ({ argv: spellings('format', v).map((s) => ['validate', ...s, 'a.json']) }), dir)
    for (const c of cases) {
      expect(c.r.code, c.why).toBe(2)
      expect(c.r.stderr, c.why).toContain(`--format must be text or json, not ${JSON.stringify(c.value)}`)
    }
  })

  for (const flag of ['workers', 'max-line-bytes']) {
    it(`--${flag}: a whole number from the exact text (007 is 7; '', 1e3, 0x10, ' 42 ', 40 digits, -5 are exit 2)`, async () => {
      const dir = tempDir()
      writeFileSync(join(dir, 'a.ndjson'), `${BODY}\n`)
      const cases = await table((v) => ({ argv: spellings(flag, v).map((s) => ['validate', ...s, 'a.ndjson']) }), dir)
      for (const c of cases) {
        if (c.value === '007') {
          // 7 workers: the body decodes; 7 bytes: the body is longer than the cap.
          expect(c.r.code, c.why).toBe(flag === 'workers' ? 0 : 1)
          if (flag === 'max-line-bytes') expect(c.r.stdout, c.why).toContain('--max-line-bytes (7 bytes)')
        } else {
          expect(c.r.code, c.why).toBe(2)
          expect(c.r.stdout, c.why).toBe('')
          // '-5' alone would be read as an option; with '=' it is the value, and refused as one.
          expect(c.r.stderr, c.why).toContain(`--${flag} must be a whole number`)
          expect(c.r.stderr, c.why).toContain(JSON.stringify(c.value))
        }
      }
    })
  }

  it('paths: the file of that exact name, also right after a flag (--quiet 007)', async () => {
    const dir = decoyDir()
    const values = VALUES.filter((v) => v !== '' && !v.startsWith('-'))
    // Each named file holds one valid body and one invalid item: the decoys are not bodies at all.
    for (const v of values) writeFileSync(join(dir, v), JSON.stringify(pageBody(messageItem('m'), midlessItem())))
    const cases = await table(
      (v) => ({
        argv: [
          ['validate', '--quiet', v],
          ['validate', '--strict', v],
        ],
      }),
      dir,
      values,
    )
    for (const c of cases) {
      expect(c.r.code, c.why).toBe(1)
      expect(summaryOf(c.r.stdout), c.why).toEqual({
        bodies: 1,
        events: 1,
        invalid: 1,
        unknown: 0,
        unusable: 0,
        unreadable: 0,
      })
    }
    const empty = await run(['validate', ''], { cwd: dir })
    expect(empty.code, describeRun(['validate', ''], empty)).toBe(2)
  })
})

describe('fixtures: every string option as typed', () => {
  it('--out: the folder of that exact name; empty → exit 2', async () => {
    const dir = tempDir()
    const cases = await table((v) => ({ argv: spellings('out', v).map((s) => ['fixtures', ...s]) }), dir)
    for (const c of cases) {
      if (c.value === '') {
        expect(c.r.code, c.why).toBe(2)
        expect(c.r.stderr, c.why).toMatch(/--out/)
        continue
      }
      expect(c.r.code, c.why).toBe(0)
      expect(c.r.stdout, c.why).toMatch(
        new RegExp(`^wrote \\d+ files to ${resolve(dir, c.value).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n$`),
      )
      expect(existsSync(join(dir, c.value, 'manifest.json')), c.why).toBe(true)
    }
    for (const name of COERCED.filter((n) => n !== 'true')) expect(existsSync(join(dir, name)), name).toBe(false)
  })
})

describe('the parser itself', () => {
  it('a value-taking option at the end, or followed by another option, is "missing its value" (exit 2)', async () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'x'))
    for (const args of [
      ['sign', 'body.json', '--secret'],
      ['sign', '--secret', '--all', 'body.json'],
      ['validate', '--workers', '--quiet', 'x'],
      ['verify', '--signature', '--secret', 's', 'body.json'],
    ]) {
      const r = await run(args, { cwd: dir })
      expect(r.code, describeRun(args, r)).toBe(2)
      expect(r.stderr, describeRun(args, r)).toMatch(/needs a value/)
    }
  })

  it('a flag given a value other than true or false is exit 2', async () => {
    const r = await run(['validate', '--quiet=yes', 'fixtures/messenger'])
    expect(r.code, describeRun(['validate', '--quiet=yes'], r)).toBe(2)
    expect(r.stderr).toMatch(/takes no value/)
  })

  it('a single-value option given twice is exit 2', async () => {
    for (const args of [
      ['validate', '--format', 'json', '--format', 'text', 'fixtures/messenger'],
      ['validate', '--workers', '1', '--workers', '2', 'fixtures/messenger'],
      ['fixtures', '--out', 'a', '--out', 'b'],
    ]) {
      const r = await run(args)
      expect(r.code, describeRun(args, r)).toBe(2)
      expect(r.stderr, describeRun(args, r)).toMatch(/only once/)
    }
  })
})
