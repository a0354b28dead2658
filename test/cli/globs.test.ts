/**
 * Glob patterns of `validate`, as docs/cli.md describes them: `*` and `?` stay within one folder
 * name, a pattern without `**` reads folders to a fixed depth only (so trouble in folders it does
 * not name is not reported), `**` walks a whole tree, `./`, `//` and `..` name what they name
 * (relative and absolute), and files come in name order, each once.
 */
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { messageItem, pageBody, removeTempDirs, requireBuiltCli, tempDir, validateJson } from './helpers.js'

beforeAll(requireBuiltCli)
afterAll(removeTempDirs)

const body = (mid: string) => JSON.stringify(pageBody(messageItem(mid)))

/**
 * captures/top.json, captures/b.json, captures/a/x.json, captures/a/deep/y.json,
 * captures/c/z.json, captures/notes.txt; below captures/archive: a symlink loop and a broken link.
 */
function tree(): string {
  const dir = tempDir()
  const cap = join(dir, 'captures')
  mkdirSync(join(cap, 'a', 'deep'), { recursive: true })
  mkdirSync(join(cap, 'c'))
  mkdirSync(join(cap, 'archive', '2019', 'loop'), { recursive: true })
  writeFileSync(join(cap, 'top.json'), body('top'))
  writeFileSync(join(cap, 'b.json'), body('b'))
  writeFileSync(join(cap, 'a', 'x.json'), body('x'))
  writeFileSync(join(cap, 'a', 'deep', 'y.json'), body('y'))
  writeFileSync(join(cap, 'c', 'z.json'), body('z'))
  writeFileSync(join(cap, 'notes.txt'), 'not a body')
  symlinkSync('../..', join(cap, 'archive', '2019', 'loop', 'up'), 'dir')
  symlinkSync(join(dir, 'gone.json'), join(cap, 'archive', 'ghost.json'))
  return dir
}

/** The files a pattern read (from the JSON report), in order, and the errors. */
async function expand(pattern: string, cwd: string, code: number) {
  const { report } = await validateJson([pattern], code, { cwd })
  const files = [...report.invalid, ...report.unusable].map((p) => p.file)
  return { report, files, errors: report.errors }
}

describe('patterns', () => {
  it("'captures/*.json' reads captures/ alone: the loop and the broken link below are not its business (exit 0)", async () => {
    const dir = tree()
    const { report } = await validateJson(['captures/*.json'], 0, { cwd: dir })
    expect(report.inputs).toBe(2)
    expect(report.bodies).toBe(2)
    expect(report.errors).toEqual([])
  })

  it.skipIf(process.getuid?.() === 0)("'captures/*.json' next to an unreadable subfolder: exit 0", async () => {
    const dir = tree()
    const locked = join(dir, 'captures', 'private')
    mkdirSync(locked)
    writeFileSync(join(locked, 'p.json'), body('p'))
    chmodSync(locked, 0)
    try {
      const { report } = await validateJson(['captures/*.json'], 0, { cwd: dir })
      expect(report.inputs).toBe(2)
      const deep = await validateJson(['captures/**/*.json'], 2, { cwd: dir })
      expect(deep.report.errors.map((e) => e.file)).toContain('captures/private')
    } finally {
      chmodSync(locked, 0o755)
    }
  })

  it("'captures/**/*.json' walks the whole tree: every file once, in name order, and the trouble it met (exit 2)", async () => {
    const dir = tree()
    const { report } = await validateJson(['captures/**/*.json'], 2, { cwd: dir })
    // The same order as a directory walk of captures/.
    const walk = await validateJson(['captures'], 2, { cwd: dir })
    expect(report.bodies).toBe(5)
    expect(report.errors.map((e) => e.file)).toEqual(walk.report.errors.map((e) => e.file))
    expect(report.errors.map((e) => e.file)).toEqual(['captures/archive/2019/loop/up', 'captures/archive/ghost.json'])
    expect(report.errors[0]?.message).toMatch(/directory loop/)
    expect(report.inputs).toBe(walk.report.inputs)
    // Order: make every file a problem to see it in the report.
    const order = tempDir()
    for (const f of ['b.json', 'a/x.json', 'a/deep/y.json', 'c/z.json', 'top.json']) {
      mkdirSync(join(order, 'captures', f, '..'), { recursive: true })
      writeFileSync(join(order, 'captures', f), '{"object":"page"}')
    }
    const listed = await expand('captures/**/*.json', order, 1)
    const walked = await validateJson(['captures'], 1, { cwd: order })
    expect(listed.files).toEqual(walked.report.unusable.map((u) => u.file))
    expect(listed.files).toEqual([
      'captures/a/deep/y.json',
      'captures/a/x.json',
      'captures/b.json',
      'captures/c/z.json',
      'captures/top.json',
    ])
  })

  it('a pattern without ** has a fixed depth: captures/*/*.json is one folder down, no more, no less', async () => {
    const dir = tree()
    const { report } = await validateJson(['captures/*/*.json'], 2, { cwd: dir })
    // captures/a/x.json and captures/c/z.json; not top.json, not a/deep/y.json. The broken link
    // captures/archive/ghost.json is named by the pattern, so it is reported; the loop deeper in
    // archive/ is not looked at.
    expect(report.inputs).toBe(2)
    expect(report.errors.map((e) => e.file)).toEqual(['captures/archive/ghost.json'])
    expect(report.counts.message?.messenger).toBe(2)
  })

  it('a broken link the pattern names as a file is unreadable (exit 2)', async () => {
    const dir = tree()
    const { report } = await validateJson(['captures/archive/*.json'], 2, { cwd: dir })
    expect(report.errors.map((e) => e.file)).toEqual(['captures/archive/ghost.json', 'captures/archive/*.json'])
  })

  it('./, //, .. and absolute forms match what they name', async () => {
    const dir = tree()
    const expected = ['captures/b.json', 'captures/top.json']
    for (const pattern of ['captures/*.json', './captures/*.json', 'captures/./*.json', 'captures//*.json']) {
      const { report } = await validateJson(['--strict', pattern], 0, { cwd: dir })
      expect(report.inputs, pattern).toBe(2)
    }
    for (const pattern of ['captures/../captures/*.json', 'captures/a/../*.json', 'captures/a/..//./*.json']) {
      const { report } = await validateJson([pattern], 0, { cwd: dir })
      expect(report.inputs, pattern).toBe(2)
    }
    // Absolute patterns report absolute paths, tidied.
    for (const pattern of [
      join(dir, 'captures', '*.json'),
      `${dir}/captures/../captures/*.json`,
      `${dir}//captures/./*.json`,
    ]) {
      const { report } = await validateJson([pattern], 0)
      expect(report.inputs, pattern).toBe(2)
    }
    // The files are named as path.join names them: make them problems to see the names.
    const bad = tempDir()
    mkdirSync(join(bad, 'captures'))
    for (const f of ['b.json', 'top.json']) writeFileSync(join(bad, 'captures', f), '{}')
    for (const pattern of ['captures/./*.json', 'captures//*.json', 'captures/../captures/*.json']) {
      const { files } = await expand(pattern, bad, 1)
      expect(files, pattern).toEqual(expected)
    }
    const { files } = await expand(`${bad}/captures/../captures/*.json`, bad, 1)
    expect(files).toEqual(expected.map((f) => join(bad, f)))
  })

  it('** inside a folder name is *; a final ** names every file below; a file matched twice is read once', async () => {
    const dir = tree()
    const inName = await validateJson(['captures/**.json'], 0, { cwd: dir })
    expect(inName.report.inputs).toBe(2)
    // Every file below captures/, notes.txt included (unusable), and the broken link (unreadable).
    const all = await validateJson(['captures/**'], 2, { cwd: dir })
    expect(all.report.inputs).toBe(6)
    expect(all.report.unusable.map((u) => u.file)).toEqual(['captures/notes.txt'])
    const twice = await validateJson(['captures/**/**/*.json', 'captures/c/z.json'], 2, { cwd: dir })
    expect(twice.report.inputs).toBe(5 + 1)
    expect(twice.report.bodies).toBe(6)
  })
})
