/**
 * `messenger-webhooks fixtures --out DIR` writes the package's shipped fixtures: every file of
 * fixtures/manifest.json plus manifest.json, byte-identical to the repository's, and nothing else.
 */
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  describeRun,
  FIXTURES,
  manifest,
  removeTempDirs,
  requireBuiltCli,
  runExpect,
  tempDir,
  validateJson,
} from './helpers.js'

beforeAll(requireBuiltCli)
afterAll(removeTempDirs)

function listFiles(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name)
      if (statSync(p).isDirectory()) walk(p)
      else out.push(relative(dir, p).split('\\').join('/'))
    }
  }
  walk(dir)
  return out.sort()
}

function manifestFiles(): string[] {
  const m = manifest()
  return [...m.valid, ...m.invalid, ...m.strict].map((e) => e.file)
}

const WROTE = /^wrote (\d+) files to (.+)$/

describe('fixtures', () => {
  it('--out DIR writes every manifest file and manifest.json, byte-identical, and says how many', async () => {
    const out = join(tempDir(), 'corpus')
    const args = ['fixtures', '--out', out]
    const r = await runExpect(args, 0)
    const why = describeRun(args, r)
    const m = WROTE.exec(r.stdout.trim())
    expect(m, why).not.toBeNull()
    const expected = [...manifestFiles(), 'manifest.json']
    expect(Number(m?.[1]), why).toBe(expected.length)
    expect([out, resolve(out)], why).toContain(m?.[2])

    for (const file of expected) {
      const written = join(out, file)
      let bytes: Buffer
      try {
        bytes = readFileSync(written)
      } catch {
        throw new Error(`fixtures --out did not write ${file}\n${why}`)
      }
      expect(bytes.equals(readFileSync(join(FIXTURES, file))), `${file} is byte-identical`).toBe(true)
    }
    // The same tree as fixtures/: nothing missing, nothing extra.
    expect(listFiles(out)).toEqual(listFiles(FIXTURES))
    expect(listFiles(out)).toEqual([...expected].sort())
  })

  it('writes to ./messenger-webhooks-fixtures by default', async () => {
    const cwd = tempDir()
    const args = ['fixtures']
    const r = await runExpect(args, 0, { cwd })
    const why = describeRun(args, r)
    const m = WROTE.exec(r.stdout.trim())
    expect(m, why).not.toBeNull()
    expect(resolve(cwd, m?.[2] ?? ''), why).toBe(join(cwd, 'messenger-webhooks-fixtures'))
    const written = join(cwd, 'messenger-webhooks-fixtures')
    expect(listFiles(written)).toEqual(listFiles(FIXTURES))
    expect(readFileSync(join(written, 'manifest.json')).equals(readFileSync(join(FIXTURES, 'manifest.json')))).toBe(
      true,
    )
  })

  it('the written corpus validates like the shipped one', async () => {
    const out = join(tempDir(), 'corpus')
    await runExpect(['fixtures', '--out', out], 0)
    const valid = await validateJson(
      ['messenger', 'instagram', 'dashboard', 'batch'].map((d) => join(out, d)),
      0,
    )
    expect(valid.report.bodies).toBe(manifest().valid.length)
    await validateJson([join(out, 'invalid')], 1)
    await validateJson(['--strict', join(out, 'strict')], 1)
  })

  it('keeps files already in the folder (counting only what it wrote); --force overwrites them', async () => {
    const out = join(tempDir(), 'corpus')
    const mine = join(out, 'manifest.json')
    mkdirSync(out, { recursive: true })
    writeFileSync(mine, '{"mine":true}\n')
    writeFileSync(join(out, 'my-own.json'), '{}\n')
    const total = manifestFiles().length + 1
    let args = ['fixtures', '--out', out]
    let r = await runExpect(args, 0)
    expect(WROTE.exec(r.stdout.trim())?.[1], describeRun(args, r)).toBe(String(total - 1))
    expect(r.stderr, describeRun(args, r)).toMatch(/kept 1 files? .*--force/)
    expect(readFileSync(mine, 'utf8')).toBe('{"mine":true}\n')
    r = await runExpect(args, 0)
    expect(WROTE.exec(r.stdout.trim())?.[1], describeRun(args, r)).toBe('0')
    args = ['fixtures', '--force', '--out', out]
    r = await runExpect(args, 0)
    expect(WROTE.exec(r.stdout.trim())?.[1], describeRun(args, r)).toBe(String(total))
    expect(r.stderr, describeRun(args, r)).toBe('')
    expect(readFileSync(mine).equals(readFileSync(join(FIXTURES, 'manifest.json')))).toBe(true)
    expect(readFileSync(join(out, 'my-own.json'), 'utf8')).toBe('{}\n')
  })

  it('an --out that cannot be written is a usage error (exit 2) naming the path, not a crash', async () => {
    const parent = tempDir()
    const blocker = join(parent, 'a-file')
    writeFileSync(blocker, 'not a folder')
    const args = ['fixtures', '--out', join(blocker, 'corpus')]
    const r = await runExpect(args, 2)
    expect(r.stderr, describeRun(args, r)).toMatch(/cannot write .*a-file/)
    expect(r.stderr, describeRun(args, r)).not.toMatch(/unexpected error/)
  })

  it.skipIf(process.getuid?.() === 0)('a read-only --out folder: exit 2, permission denied', async () => {
    const out = join(tempDir(), 'locked')
    mkdirSync(out)
    chmodSync(out, 0o500)
    try {
      const args = ['fixtures', '--out', out]
      const r = await runExpect(args, 2)
      expect(r.stderr, describeRun(args, r)).toMatch(/permission denied/)
    } finally {
      chmodSync(out, 0o700)
    }
  })
})
