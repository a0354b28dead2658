/**
 * `messenger-webhooks validate` on broken and hostile input: binary files, invalid UTF-8, truncated
 * JSON, empty files, a 50 MB single-line body, symlink loops, missing and vanishing files. The run
 * always goes on with the rest, reports each problem where it is, and never prints a stack trace
 * (runExpect checks `/\n\s+at /` on stderr and stdout for every run).
 */
import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  describeRun,
  expectClean,
  messageItem,
  midlessItem,
  ndjson,
  pageBody,
  pageBodyOf,
  problemLines,
  removeTempDirs,
  requireBuiltCli,
  run,
  runExpect,
  summaryOf,
  tempDir,
  validateJson,
} from './helpers.js'

beforeAll(requireBuiltCli)
afterAll(removeTempDirs)

const good = () => JSON.stringify(pageBody(messageItem('m_ok')))
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Deterministic "random" bytes with NULs and invalid UTF-8, behind a PNG signature. */
function binaryBytes(n: number): Uint8Array {
  const out = new Uint8Array(n)
  out.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])
  let x = 0x2545f491
  for (let i = 12; i < n; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    out[i] = x & 0xff
  }
  return out
}

/** Writes a first chunk to stdin and resolves once the child has read (nearly) all of it. */
function writeAndWait(stdin: NodeJS.WritableStream, chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stdin.write(chunk, (e) => (e ? reject(e) : resolve()))
  })
}

describe('binary input', () => {
  it('a binary .json file is reported, not decoded, and the others are still processed', async () => {
    const dir = tempDir()
    const blob = join(dir, 'picture.json')
    const ok = join(dir, 'ok.json')
    writeFileSync(blob, binaryBytes(64 * 1024))
    writeFileSync(ok, good())
    const args = ['validate', blob, ok]
    const r = await run(args)
    const why = describeRun(args, r)
    expectClean(args, r)
    expect([1, 2], why).toContain(r.code)
    expect(r.stdout, why).toContain(blob)
    const s = summaryOf(r.stdout)
    expect(s.bodies, why).toBe(1)
    expect(s.unusable + s.unreadable, why).toBe(1)
    // The binary bytes are not echoed back.
    expect(r.stdout, why).not.toContain('PNG')
    expect(r.stdout, why).not.toContain('\u0000')
  })

  it('a binary .ndjson file (and a binary file in a folder) is reported once, not line by line', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'dump.ndjson'), binaryBytes(512 * 1024))
    writeFileSync(join(dir, 'ok.ndjson'), ndjson(good(), good()))
    // Exit 2 (unreadable) or 1 (unusable): the contract names neither for binary input.
    const { report, result } = await validateJson([dir], [1, 2])
    const why = describeRun(['validate', '--format', 'json', dir], result)
    expect(report.bodies, why).toBe(2)
    const mentions = [...report.unusable, ...report.errors].filter((p) => p.file === join(dir, 'dump.ndjson'))
    expect(mentions, why).toHaveLength(1)
  })
})

describe('invalid UTF-8 and truncated JSON', () => {
  it('an invalid UTF-8 line in NDJSON is an unusable body on that line; the other lines still count', async () => {
    const dir = tempDir()
    const file = join(dir, 'mixed.ndjson')
    const bad = Buffer.concat([
      Buffer.from(
        '{"object":"page","entry":[{"id":"1","time":1,"messaging":[{"sender":{"id":"2"},"recipient":{"id":"1"},"timestamp":1,"message":{"mid":"m_x","text":"',
      ),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
      Buffer.from('"}}]}]}'),
    ])
    // A UTF-8-encoded lone surrogate (CESU-8) is invalid UTF-8 as well.
    const surrogate = Buffer.concat([
      Buffer.from('{"object":"page","entry":[],"note":"'),
      Buffer.from([0xed, 0xa0, 0x80]),
      Buffer.from('"}'),
    ])
    writeFileSync(
      file,
      Buffer.concat([Buffer.from(`${good()}\n`), bad, Buffer.from(`\n${good()}\n`), surrogate, Buffer.from('\n')]),
    )

    const args = ['validate', file]
    const r = await runExpect(args, 1)
    const why = describeRun(args, r)
    expect(
      problemLines(r.stdout, file).map((p) => [p.line, p.path]),
      why,
    ).toEqual([
      [2, '-'],
      [4, '-'],
    ])
    expect(summaryOf(r.stdout), why).toEqual({
      bodies: 2,
      events: 2,
      invalid: 0,
      unknown: 0,
      unusable: 2,
      unreadable: 0,
    })

    const { report } = await validateJson([file], 1)
    expect(report.unusable.map((u) => [u.file, u.line])).toEqual([
      [file, 2],
      [file, 4],
    ])
    expect(report.errors).toEqual([])
    // The message must be printable text (no raw invalid bytes / replacement soup).
    for (const u of report.unusable) expect(u.message).not.toMatch(/\uFFFD/)
  })

  it('a truncated NDJSON line is unusable on its line; the others still count', async () => {
    const dir = tempDir()
    const file = join(dir, 'cut.ndjson')
    const full = JSON.stringify(pageBody(messageItem('m_cut')))
    writeFileSync(file, `${good()}\n${full.slice(0, Math.floor(full.length / 2))}\n${good()}\n${full.slice(0, 1)}`)
    const { report } = await validateJson([file], 1)
    expect(report.bodies).toBe(2)
    expect(report.events).toBe(2)
    expect(report.unusable.map((u) => u.line)).toEqual([2, 4])
    expect(report.errors).toEqual([])
  })

  it('a truncated .json file is one unusable body at line 1', async () => {
    const dir = tempDir()
    const file = join(dir, 'cut.json')
    const full = JSON.stringify(pageBody(messageItem('m_cut'), messageItem('m_cut2')), null, 2)
    writeFileSync(file, full.slice(0, Math.floor(full.length * 0.6)))
    const { report } = await validateJson([file], 1)
    expect(report.unusable.map((u) => [u.file, u.line])).toEqual([[file, 1]])
    expect(report.bodies).toBe(0)
    const args = ['validate', file]
    const r = await runExpect(args, 1)
    expect(r.stdout, describeRun(args, r)).toMatch(new RegExp(`^${escapeRe(file)}:1  -  \\S`, 'm'))
  })
})

describe('empty input', () => {
  it('an empty .json file is an unusable body ("empty file") at line 1: exit 1', async () => {
    const dir = tempDir()
    const file = join(dir, 'empty.json')
    writeFileSync(file, '')
    const { report } = await validateJson([file], 1)
    expect(report.unusable).toEqual([{ file, line: 1, message: expect.stringMatching(/empty/i) }])
    expect(report.errors).toEqual([])
    expect(report.bodies).toBe(0)
    const args = ['validate', file]
    const r = await runExpect(args, 1)
    expect(r.stdout, describeRun(args, r)).toMatch(new RegExp(`^${escapeRe(file)}:1  -  .*empty`, 'mi'))
  })

  it('a whitespace-only .json file is not a body either: exit 1', async () => {
    const dir = tempDir()
    const file = join(dir, 'blank.json')
    writeFileSync(file, '  \n\n\t\n')
    const { report } = await validateJson([file], 1)
    expect(report.unusable.map((u) => [u.file, u.line])).toEqual([[file, 1]])
  })

  it('an empty .ndjson file (or blank lines only) has zero bodies and is fine: exit 0', async () => {
    const dir = tempDir()
    const empty = join(dir, 'empty.ndjson')
    const blank = join(dir, 'blank.jsonl')
    writeFileSync(empty, '')
    writeFileSync(blank, '\n\n   \n\r\n')
    const { report } = await validateJson([empty, blank], 0)
    expect(report.inputs).toBe(2)
    expect([report.bodies, report.events]).toEqual([0, 0])
    expect([report.invalid, report.unusable, report.errors]).toEqual([[], [], []])
    const args = ['validate', empty]
    const r = await runExpect(args, 0)
    expect(summaryOf(r.stdout), describeRun(args, r)).toEqual({
      bodies: 0,
      events: 0,
      invalid: 0,
      unknown: 0,
      unusable: 0,
      unreadable: 0,
    })
  })

  it('empty stdin has zero bodies: exit 0', async () => {
    const { report } = await validateJson(['-'], 0, { input: '' })
    expect([report.inputs, report.bodies]).toEqual([1, 0])
  })
})

describe('large input', () => {
  it('a 50 MB single-line body decodes (as .ndjson and as .json) in well under 15 s', async () => {
    const dir = tempDir()
    const text = 'x'.repeat(400)
    const items: unknown[] = []
    let size = 0
    let i = 0
    while (size < 50 * 1024 * 1024) {
      const item = messageItem(`m_${i++}`, text)
      items.push(item)
      size += JSON.stringify(item).length + 1
    }
    items.push(midlessItem())
    const body = JSON.stringify(pageBodyOf(items))
    expect(body.length).toBeGreaterThan(50 * 1024 * 1024)
    const nd = join(dir, 'huge.ndjson')
    const js = join(dir, 'huge.json')
    writeFileSync(nd, `${body}\n`)
    writeFileSync(js, body)
    const path = `entry[0].messaging[${items.length - 1}].message.mid`

    for (const file of [nd, js]) {
      const { report, result } = await validateJson([file], 1, { timeout: 15_000 })
      const why = describeRun(['validate', '--format', 'json', file], result)
      expect(result.ms, why).toBeLessThan(15_000)
      expect(report.bodies, why).toBe(1)
      expect(report.events, why).toBe(items.length - 1)
      expect(
        report.invalid.map((p) => [p.line, p.path]),
        why,
      ).toEqual([[1, path]])
    }
    // The line is never echoed: the text output stays small.
    const args = ['validate', nd]
    const r = await runExpect(args, 1, { timeout: 15_000 })
    expect(r.stdout.length, describeRun(args, r)).toBeLessThan(10_000)
  }, 60_000)
})

describe('large pretty-printed .json', () => {
  // A .json file holds ONE body (read as NDJSON only when every non-blank line parses): that must
  // hold at any size up to --max-line-bytes, not only below some internal whole-file limit. Above
  // the cap (64 MiB by default) it is one body too large, reported and not read into memory.
  it('a 68 MB pretty-printed .json body is one body, not a line per line (with a cap above it)', async () => {
    const dir = tempDir()
    const file = join(dir, 'export.json')
    const items: unknown[] = []
    const text = 'y'.repeat(300)
    let size = 0
    let i = 0
    while (size < 68 * 1024 * 1024) {
      const item = messageItem(`m_${i++}`, text)
      items.push(item)
      size += JSON.stringify(item, null, 2).length + 8
    }
    const body = JSON.stringify(pageBodyOf(items), null, 2)
    expect(body.length).toBeGreaterThan(64 * 1024 * 1024)
    writeFileSync(file, body)
    const args = ['validate', '--quiet', '--max-line-bytes', String(128 * 1024 * 1024), file]
    const r = await runExpect(args, 0, { timeout: 25_000 })
    expect(summaryOf(r.stdout), describeRun(args, r)).toEqual({
      bodies: 1,
      events: items.length,
      invalid: 0,
      unknown: 0,
      unusable: 0,
      unreadable: 0,
    })
    // The default cap: one unusable body at line 1 that names the cap, and nothing decoded.
    const { report } = await validateJson([file], 1, { timeout: 25_000 })
    expect(report.bodies).toBe(0)
    expect(report.unusable).toEqual([
      { file, line: 1, message: 'body larger than --max-line-bytes (67108864 bytes), not decoded' },
    ])
  }, 60_000)
})

describe('file system trouble', () => {
  it('a directory loop through a symlink is detected: each file once, exit 2', async () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'sub', 'deeper'), { recursive: true })
    writeFileSync(join(dir, 'a.json'), good())
    writeFileSync(join(dir, 'sub', 'b.ndjson'), ndjson(good(), good()))
    writeFileSync(join(dir, 'sub', 'deeper', 'c.json'), good())
    symlinkSync(dir, join(dir, 'sub', 'deeper', 'back-to-top'), 'dir')
    const args = ['validate', dir]
    const r = await runExpect(args, 2, { timeout: 15_000 })
    const why = describeRun(args, r)
    expect(summaryOf(r.stdout), why).toEqual({
      bodies: 4,
      events: 4,
      invalid: 0,
      unknown: 0,
      unusable: 0,
      unreadable: 1,
    })
    expect(r.stdout, why).toContain('back-to-top')

    const { report } = await validateJson([dir], 2, { timeout: 15_000 })
    expect(report.inputs).toBe(3)
    expect(report.errors).toHaveLength(1)
    expect(report.errors[0]?.file).toContain('back-to-top')
  })

  it('a symlink to its own folder is a loop too', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'a.json'), good())
    symlinkSync('.', join(dir, 'self'), 'dir')
    const { report } = await validateJson([dir], 2, { timeout: 15_000 })
    expect(report.bodies).toBe(1)
    expect(report.errors.map((e) => e.file)).toEqual([join(dir, 'self')])
  })

  it('a missing file is unreadable (exit 2); the other inputs are still processed', async () => {
    const dir = tempDir()
    const a = join(dir, 'a.json')
    const b = join(dir, 'b.ndjson')
    const missing = join(dir, 'missing.json')
    writeFileSync(a, good())
    writeFileSync(b, ndjson(good(), JSON.stringify(pageBody(midlessItem()))))
    const args = ['validate', a, missing, b]
    const r = await runExpect(args, 2)
    const why = describeRun(args, r)
    expect(summaryOf(r.stdout), why).toEqual({
      bodies: 3,
      events: 2,
      invalid: 1,
      unknown: 0,
      unusable: 0,
      unreadable: 1,
    })
    // The unreadable input's line: the file, then `-` as the path, then why.
    expect(r.stdout, why).toMatch(new RegExp(`^${escapeRe(missing)}(:\\d+)?  -  \\S`, 'm'))
    expect(problemLines(r.stdout, b).map((p) => p.line)).toEqual([2])

    const { report } = await validateJson([a, missing, b], 2)
    expect(report.errors.map((e) => e.file)).toEqual([missing])
    expect(report.inputs + report.errors.length).toBeGreaterThanOrEqual(3)
    expect(report.invalid.map((i) => [i.file, i.line])).toEqual([[b, 2]])
  })

  it('a missing file with --quiet still exits 2', async () => {
    const dir = tempDir()
    const args = ['validate', '--quiet', join(dir, 'nope.ndjson')]
    const r = await runExpect(args, 2)
    expect(summaryOf(r.stdout).unreadable, describeRun(args, r)).toBe(1)
  })

  it('a glob that matches nothing is reported (exit 2), the other inputs still processed', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'a.json'), good())
    const { report } = await validateJson([join(dir, 'nothing', '**', '*.ndjson'), join(dir, 'a.json')], 2)
    expect(report.bodies).toBe(1)
    expect(report.errors).toHaveLength(1)
  })

  it('a dangling symlink in a folder (listed, but gone) is unreadable: exit 2, the rest processed', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'a.json'), good())
    writeFileSync(join(dir, 'z.ndjson'), ndjson(good()))
    symlinkSync(join(dir, 'was-here.json'), join(dir, 'ghost.json'))
    const { report } = await validateJson([dir], 2)
    expect(report.bodies).toBe(2)
    expect(report.errors.map((e) => e.file)).toEqual([join(dir, 'ghost.json')])
  })

  // A file that disappears mid-run, made deterministic: stdin comes first, so the CLI has listed
  // every input and is busy reading stdin when the file is deleted. The 1 MB first chunk of stdin
  // resolves its write callback only once the CLI has read nearly all of it (a pipe holds 64 KB).
  it('a file deleted after it was listed (while stdin is read) is unreadable: exit 2, the rest processed', async () => {
    const dir = tempDir()
    const a = join(dir, 'a.json')
    const victim = join(dir, 'victim.json')
    const z = join(dir, 'z.ndjson')
    writeFileSync(a, good())
    writeFileSync(victim, good())
    writeFileSync(z, ndjson(good()))
    const chunk = ndjson(...Array.from({ length: 4000 }, () => good()))
    expect(chunk.length).toBeGreaterThan(512 * 1024)
    for (const args of [
      ['validate', '--format', 'json', '-', a, victim, z],
      ['validate', '--format', 'json', '-', dir],
    ]) {
      writeFileSync(victim, good())
      const r = await run(args, {
        input: ndjson(good()),
        onSpawn: async (child) => {
          await writeAndWait(child.stdin as NodeJS.WritableStream, chunk)
          rmSync(victim)
        },
      })
      const why = describeRun(args, r)
      expectClean(args, r)
      expect(r.code, why).toBe(2)
      const report = JSON.parse(r.stdout) as { bodies: number; errors: { file: string }[] }
      expect(report.bodies, why).toBe(4000 + 1 + 2)
      expect(
        report.errors.map((e) => e.file),
        why,
      ).toEqual([victim])
    }
  })

  it.skipIf(process.getuid?.() === 0)('a file without read permission is unreadable: exit 2', async () => {
    const dir = tempDir()
    const locked = join(dir, 'locked.json')
    writeFileSync(locked, good())
    writeFileSync(join(dir, 'ok.json'), good())
    chmodSync(locked, 0)
    const { report } = await validateJson([locked, join(dir, 'ok.json')], 2)
    expect(report.bodies).toBe(1)
    expect(report.errors.map((e) => e.file)).toEqual([locked])
  })
})

describe('everything at once', () => {
  it('one run over a folder of every kind of bad input: every problem reported, exit 2, no stack trace', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, '01-binary.json'), binaryBytes(4096))
    writeFileSync(join(dir, '02-empty.json'), '')
    writeFileSync(join(dir, '03-empty.ndjson'), '')
    writeFileSync(join(dir, '04-truncated.json'), '{"object":"page","entry":[{')
    writeFileSync(
      join(dir, '05-bad-utf8.ndjson'),
      Buffer.concat([Buffer.from(`${good()}\n`), Buffer.from([0x7b, 0xff, 0x7d, 0x0a])]),
    )
    writeFileSync(join(dir, '06-array.json'), '[]')
    writeFileSync(join(dir, '07-deep.json'), `${'['.repeat(100_000)}${']'.repeat(100_000)}`)
    writeFileSync(join(dir, '08-proto.json'), '{"__proto__":{"polluted":true},"object":"page","entry":[]}')
    writeFileSync(join(dir, '09-good.json'), good())
    symlinkSync(join(dir, 'gone.json'), join(dir, '10-dangling.json'))
    symlinkSync(dir, join(dir, '11-loop'), 'dir')
    for (const format of ['text', 'json']) {
      const args = ['validate', '--format', format, dir, join(dir, 'missing.ndjson')]
      const r = await run(args, { timeout: 20_000 })
      expectClean(args, r)
      expect(r.code, describeRun(args, r)).toBe(2)
      expect(r.stderr, describeRun(args, r)).not.toMatch(/Error:|TypeError|RangeError|SyntaxError/)
    }
    const { report } = await validateJson([dir], 2, { timeout: 20_000 })
    expect(report.bodies).toBeGreaterThanOrEqual(2) // 05 line 1, 09 (and 08, an empty entry list)
    const named = new Set(
      [...report.unusable, ...report.errors, ...report.invalid].map((p) => p.file.slice(dir.length + 1)),
    )
    for (const f of [
      '01-binary.json',
      '02-empty.json',
      '04-truncated.json',
      '05-bad-utf8.ndjson',
      '06-array.json',
      '07-deep.json',
      '10-dangling.json',
      '11-loop',
    ]) {
      expect([...named], f).toContain(f)
    }
    expect([...named]).not.toContain('03-empty.ndjson')
    expect([...named]).not.toContain('09-good.json')
  })
})
