/**
 * Help, version and usage errors of the built CLI: `--help` on the program and on every command
 * prints usage and exits 0; `--version` prints package.json's version; an unknown command, an
 * unknown option or a missing argument prints a message on stderr and exits 2.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeRun, removeTempDirs, requireBuiltCli, runExpect, VERSION } from './helpers.js'

beforeAll(requireBuiltCli)
afterAll(removeTempDirs)

const COMMANDS: Record<string, string[]> = {
  validate: ['--strict', '--format', '--quiet', '--no-color', '--workers', '--max-line-bytes'],
  sign: ['--secret', '--secret-env', '--all'],
  verify: ['--signature', '--secret', '--secret-env', '--allow-sha1'],
  doctor: ['--secret', '--secret-env', '--line'],
  listen: [
    '--port',
    '--host',
    '--path',
    '--secret',
    '--secret-env',
    '--verify-token',
    '--out',
    '--max-body-bytes',
    '--no-color',
  ],
  fixtures: ['--out', '--force'],
  'merge-reports': ['--format', '--quiet', '--no-color'],
  send: ['--to', '--secret', '--secret-env', '--concurrency', '--rate', '--repeat', '--timeout'],
  trigger: ['--to', '--platform', '--set', '--seed', '--print', '--secret', '--secret-env'],
}

describe('--help', () => {
  it('on the program: usage and every command, exit 0', async () => {
    const args = ['--help']
    const r = await runExpect(args, 0)
    const why = describeRun(args, r)
    expect(r.stdout, why).toMatch(/usage/i)
    expect(r.stdout, why).toContain('messenger-webhooks')
    for (const name of Object.keys(COMMANDS)) expect(r.stdout, why).toMatch(new RegExp(`\\b${name}\\b`))
  })

  it.each(Object.entries(COMMANDS))('on %s: its usage and options, exit 0', async (name, options) => {
    const args = [name, '--help']
    const r = await runExpect(args, 0)
    const why = describeRun(args, r)
    expect(r.stdout, why).toMatch(/usage/i)
    expect(r.stdout, why).toMatch(new RegExp(`messenger-webhooks ${name}\\b`))
    for (const option of options) expect(r.stdout, `${name} --help lists ${option}\n${why}`).toContain(option)
    expect(r.stdout, why).toContain('--help')
  })

  it.each(Object.keys(COMMANDS))('on %s: its exit codes and at least one example', async (name) => {
    const args = [name, '--help']
    const r = await runExpect(args, 0)
    const why = describeRun(args, r)
    expect(r.stdout, why).toMatch(/Examples:\n.*messenger-webhooks /)
    const codes = r.stdout.slice(r.stdout.indexOf('Exit codes:'))
    expect(codes, why).toMatch(/^Exit codes:\n {2}0 +\S/)
    expect(codes, why).toMatch(/\n {2}2 +a usage error/)
  })

  it('validate --help does not claim "(default: true)" for --no-color (colour is on only on a terminal)', async () => {
    const args = ['validate', '--help']
    const r = await runExpect(args, 0)
    const option = r.stdout.split('\n').find((l) => l.includes('--no-color'))
    expect(option, describeRun(args, r)).toBeDefined()
    expect(option, describeRun(args, r)).not.toMatch(/default/)
  })

  it('listen --help: its usage, an example with a tunnel, and its exit codes', async () => {
    const args = ['listen', '--help']
    const r = await runExpect(args, 0)
    const why = describeRun(args, r)
    expect(r.stdout, why).toContain('$ messenger-webhooks listen --port <port> [options]')
    expect(r.stdout, why).toMatch(/^Examples:\nmessenger-webhooks listen --port 3000 .*--out captures\.ndjson$/m)
    expect(r.stdout, why).toMatch(/^ngrok http 127\.0\.0\.1:3000 /m)
    expect(r.stdout, why).toMatch(/^Exit codes:\n {2}0 +stopped with Ctrl-C or SIGTERM/m)
    expect(r.stdout, why).toMatch(/^ {2}2 +a usage error/m)
    expect(r.stdout, why).toMatch(/^ {2}130 +a second Ctrl-C/m)
    const option = r.stdout.split('\n').find((l) => l.includes('--no-color'))
    expect(option, why).not.toMatch(/default/)
  })

  it('--help wins over missing arguments (exit 0, nothing run)', async () => {
    for (const name of ['sign', 'verify', 'doctor', 'validate', 'listen']) {
      const args = [name, '--help']
      const r = await runExpect(args, 0)
      expect(r.stderr, describeRun(args, r)).toBe('')
    }
  })
})

describe('--version', () => {
  it("prints package.json's version, exit 0", async () => {
    const args = ['--version']
    const r = await runExpect(args, 0)
    const escaped = VERSION.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    expect(r.stdout, describeRun(args, r)).toMatch(new RegExp(`(^|[^\\w.])${escaped}($|[^\\w.])`, 'm'))
  })

  it('prints nothing but the version, for scripts ($(messenger-webhooks --version)); -v is the same', async () => {
    for (const args of [['--version'], ['-v']]) {
      const r = await runExpect(args, 0)
      expect(r.stdout, describeRun(args, r)).toBe(`${VERSION}\n`)
    }
  })
})

describe('usage errors exit 2 with a message on stderr', () => {
  it('an unknown command', async () => {
    for (const name of ['frobnicate', 'validat', 'help-me']) {
      const args = [name]
      const r = await runExpect(args, 2)
      const why = describeRun(args, r)
      expect(r.stderr.trim(), why).not.toBe('')
      expect(r.stderr, why).toMatch(new RegExp(`${name}|usage`, 'i'))
    }
  })

  it('a mistyped command or option suggests the closest one', async () => {
    for (const [args, suggestion] of [
      [['valdate', 'x'], 'did you mean "validate"?'],
      [['docter', 'x'], 'did you mean "doctor"?'],
      [['validate', '--strcit', 'fixtures/messenger'], 'did you mean --strict?'],
      [['sign', '--secrt', 's', 'package.json'], 'did you mean --secret?'],
      [['verify', '--signatur', 'x', 'package.json'], 'did you mean --signature?'],
      [['--hepl'], 'did you mean --help?'],
    ] as const) {
      const r = await runExpect(args, 2)
      expect(r.stderr, describeRun(args, r)).toContain(suggestion)
    }
    // Nothing close: no suggestion.
    const far = await runExpect(['frobnicate'], 2)
    expect(far.stderr).not.toContain('did you mean')
  })

  it('no command at all', async () => {
    const args: string[] = []
    const r = await runExpect(args, 2)
    expect(r.stderr.trim(), describeRun(args, r)).not.toBe('')
  })

  it('an unknown option on the program alone', async () => {
    const args = ['--frobnicate']
    const r = await runExpect(args, 2)
    expect(r.stderr, describeRun(args, r)).toMatch(/unknown option --frobnicate/)
  })

  it('an unknown option on each command (named in the message)', async () => {
    for (const args of [
      ['validate', '--frobnicate', 'fixtures/messenger'],
      ['sign', '--frobnicate', '--secret', 's', 'package.json'],
      ['verify', '--frobnicate', '--secret', 's', '--signature', `sha256=${'0'.repeat(64)}`, 'package.json'],
      ['doctor', '--frobnicate', '--secret', 's', 'package.json'],
      ['listen', '--frobnicate', '--secret', 's', '--port', '0'],
      ['fixtures', '--frobnicate'],
    ]) {
      const r = await runExpect(args, 2)
      const why = describeRun(args, r)
      expect(r.stderr, why).toMatch(/frobnicate/)
    }
  })

  it('a missing argument', async () => {
    for (const args of [
      ['validate'],
      ['sign', '--secret', 's'],
      ['verify', '--secret', 's'],
      ['doctor', '--secret', 's'],
      ['listen', '--secret', 's'],
    ]) {
      const r = await runExpect(args, 2)
      expect(r.stderr.trim(), describeRun(args, r)).not.toBe('')
    }
  })
})
