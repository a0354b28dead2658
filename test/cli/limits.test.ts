/**
 * `validate` within bounds: `--max-line-bytes` on NDJSON lines and on whole `.json` bodies (reported
 * at their line, never held in memory), endless and huge inputs (/dev/zero, an endless line on
 * stdin, a FIFO) that end in a report instead of filling memory, and worker threads that die (out
 * of memory, or a crash): the batch is reported, the run goes on, the summary is written, and the
 * report is the same for --workers 0, 1 and 2. Worker deaths are provoked through two test-only
 * environment variables of the CLI: MESSENGER_WEBHOOKS_TEST_WORKER_HEAP_MB (lowers a worker's heap
 * limit) and MESSENGER_WEBHOOKS_TEST_WORKER_CRASH (a worker given a job holding that text crashes).
 */
import { spawn } from 'node:child_process'
import { createWriteStream, existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CLI,
  describeRun,
  expectClean,
  messageItem,
  midlessItem,
  ndjson,
  pageBody,
  type Report,
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

const good = (i: number, text = 'hi') => JSON.stringify(pageBody(messageItem(`m_${i}`, text)))
const invalid = () => JSON.stringify(pageBody(midlessItem()))
/** A valid body of exactly `bytes` bytes (its message text padded). */
function bodyOf(bytes: number): string {
  const base = good(0, '')
  const body = good(0, 'x'.repeat(bytes - base.length))
  expect(body.length).toBe(bytes)
  return body
}
/** A body with `n` items that are not objects: `n` invalid items, costly to decode. */
const wide = (n: number) => `{"object":"page","entry":[{"id":"1","time":1,"messaging":[${'1,'.repeat(n - 1)}1]}]}`
/** `count` good lines of about 250 bytes: enough of them make a file that goes to the worker pool. */
const filler = (count: number, from = 0) => Array.from({ length: count }, (_, i) => good(from + i, 'y'.repeat(150)))

/** The JSON report for each --workers value; they must all be equal. */
async function sameForEveryWorkers(args: string[], code: number, env: Record<string, string> = {}): Promise<Report> {
  const reports: Report[] = []
  for (const workers of ['0', '1', '2']) {
    const { report } = await validateJson(['--workers', workers, ...args], code, { env, timeout: 60_000 })
    reports.push(report)
  }
  expect(reports[1], '--workers 1 gives the report of --workers 0').toEqual(reports[0])
  expect(reports[2], '--workers 2 gives the report of --workers 0').toEqual(reports[0])
  return reports[0] as Report
}

const TOO_LONG = (cap: number) => `line longer than --max-line-bytes (${cap} bytes), not decoded`

describe('--max-line-bytes on NDJSON', () => {
  it('a longer line is one unusable body at its line, the next lines still count; the same for 0/1/2 workers and stdin', async () => {
    const cap = 65_536
    const dir = tempDir()
    const file = join(dir, 'capped.ndjson')
    const lines = [
      good(1),
      invalid(),
      bodyOf(cap + 5_000), // 3: longer than the cap, inside one read chunk
      good(4),
      '',
      bodyOf(600_000), // 6: spans several read chunks, held nowhere
      good(7),
      bodyOf(cap), // 8: exactly the cap: decoded
      bodyOf(cap + 1), // 9: one byte more: reported
      `${good(10)}\r`, // CRLF
      ...filler(36_000, 11), // past 8 MB: the worker pool decodes it (with workers)
    ]
    const text = `${lines.join('\n')}\n`
    expect(text.length).toBeGreaterThan(8 * 1024 * 1024)
    writeFileSync(file, text)
    const report = await sameForEveryWorkers(['--max-line-bytes', String(cap), file], 1)
    expect(report.unusable).toEqual([3, 6, 9].map((line) => ({ file, line, message: TOO_LONG(cap) })))
    expect(report.invalid.map((i) => i.line)).toEqual([2])
    expect(report.bodies).toBe(lines.filter((l) => l !== '').length - 3)
    expect(report.errors).toEqual([])

    // Stdin comes in other chunk sizes: the same lines are reported.
    const { report: piped } = await validateJson(['--max-line-bytes', String(cap), '-'], 1, {
      input: text,
      timeout: 60_000,
    })
    expect(piped.unusable.map((u) => [u.line, u.message])).toEqual(report.unusable.map((u) => [u.line, u.message]))
    expect(piped.bodies).toBe(report.bodies)
  }, 120_000)

  it('the default cap is 64 MiB, named in --help', async () => {
    const r = await runExpect(['validate', '--help'], 0)
    expect(r.stdout).toMatch(/--max-line-bytes <n>.*67108864/)
  })

  it('a line with no line break within 16 times the cap ends that input (reported), the next inputs are read', async () => {
    const cap = 1000
    const dir = tempDir()
    const endless = join(dir, 'endless.ndjson')
    const long = join(dir, 'long.ndjson')
    const after = join(dir, 'after.ndjson')
    // 20,000 bytes without a break: more than 16 × 1000. The body after it is not read.
    writeFileSync(endless, `${good(1)}\n${'a'.repeat(20_000)}\n${good(3)}\n`)
    // 10,000 bytes: too long, but the line break comes in time: line 3 is read.
    writeFileSync(long, `${good(1)}\n${'a'.repeat(10_000)}\n${good(3)}\n`)
    writeFileSync(after, `${good(1)}\n`)
    const { report } = await validateJson(['--max-line-bytes', String(cap), endless, long, after], 1)
    expect(report.unusable).toEqual([
      {
        file: endless,
        line: 2,
        message: `${TOO_LONG(cap)}; no line break within 16000 bytes either, so the rest of this input was not read`,
      },
      { file: long, line: 2, message: TOO_LONG(cap) },
    ])
    expect(report.bodies).toBe(1 + 2 + 1)
  })

  it('an endless line on stdin (a writer that never stops) ends the run: exit 1, bounded', async () => {
    const args = ['validate', '--max-line-bytes', '100000', '-']
    const chunk = 'a'.repeat(64 * 1024)
    let written = 0
    const r = await run(args, {
      timeout: 20_000,
      onSpawn: (child) =>
        new Promise<void>((resolve) => {
          const stdin = child.stdin as NodeJS.WritableStream
          const pump = () => {
            // Stop once the CLI has gone (it closes stdin): 100 MB is far past 16 × the cap.
            while (written < 100 * 1024 * 1024) {
              written += chunk.length
              if (!stdin.write(chunk)) return void stdin.once('drain', pump)
            }
            resolve()
          }
          stdin.on('error', () => resolve())
          child.on('close', () => resolve())
          pump()
        }),
    })
    expectClean(args, r)
    expect(r.code, describeRun(args, r)).toBe(1)
    expect(r.stdout, describeRun(args, r)).toContain('-:1  -  line longer than --max-line-bytes (100000 bytes)')
    expect(r.stdout).toContain('so the rest of this input was not read')
    expect(written, 'the CLI stopped reading long before the writer stopped').toBeLessThan(100 * 1024 * 1024)
  })
})

describe('--max-line-bytes on .json bodies', () => {
  it('a larger .json body is one unusable body at line 1; one at the cap decodes', async () => {
    const dir = tempDir()
    const at = join(dir, 'at.json')
    const over = join(dir, 'over.json')
    const pretty = JSON.stringify(pageBody(messageItem('m_1', 'z'.repeat(3000))), null, 2)
    writeFileSync(at, pretty)
    writeFileSync(over, `${pretty} `)
    const { report } = await validateJson(['--max-line-bytes', String(pretty.length), at, over], 1)
    expect(report.bodies).toBe(1)
    expect(report.unusable).toEqual([
      { file: over, line: 1, message: `body larger than --max-line-bytes (${pretty.length} bytes), not decoded` },
    ])
  })

  it('a larger .json file whose first line is a body on its own is read as NDJSON, line by line', async () => {
    const dir = tempDir()
    const file = join(dir, 'log.json')
    writeFileSync(file, ndjson(good(1), invalid(), good(3), bodyOf(3000), good(5)))
    const { report } = await validateJson(['--max-line-bytes', '2000', file], 1)
    expect(report.bodies).toBe(4)
    expect(report.invalid.map((i) => i.line)).toEqual([2])
    expect(report.unusable).toEqual([{ file, line: 4, message: TOO_LONG(2000) }])
  })
})

describe('endless and huge inputs end in a report', () => {
  it.skipIf(!existsSync('/dev/zero'))('validate /dev/zero: a binary file, at once (exit 2)', async () => {
    for (const args of [
      ['validate', '/dev/zero'],
      ['validate', '--format', 'json', '/dev/zero'],
    ]) {
      const r = await runExpect(args, 2, { timeout: 10_000 })
      expect(r.ms, describeRun(args, r)).toBeLessThan(10_000)
      expect(`${r.stdout}${r.stderr}`, describeRun(args, r)).toContain('binary file (it contains NUL bytes), skipped')
    }
  })

  it.skipIf(!existsSync('/dev/zero'))(
    'sign, verify and doctor stop reading past 64 MiB: /dev/zero ends at once with exit 2',
    async () => {
      const signature = `sha256=${'0'.repeat(64)}`
      for (const args of [
        ['sign', '--secret', 's', '/dev/zero'],
        ['verify', '--secret', 's', '--signature', signature, '/dev/zero'],
        ['doctor', '--secret', 's', '/dev/zero'],
      ]) {
        const r = await runExpect(args, 2, { timeout: 10_000 })
        expect(r.stderr, describeRun(args, r)).toContain('/dev/zero is larger than 64 MiB')
        expect(r.stdout, describeRun(args, r)).toBe('')
      }
    },
  )

  it.skipIf(process.platform === 'win32')('sign stops reading an endless stdin past 64 MiB (exit 2)', async () => {
    const child = spawn('sh', ['-c', `yes | "${process.execPath}" "${CLI}" sign --secret s -`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString()
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    clearTimeout(timer)
    expect(code, stderr).toBe(2)
    expect(stderr).toContain('stdin is larger than 64 MiB')
  })

  it.skipIf(process.platform === 'win32')(
    'a FIFO fed an endless line: .json and .ndjson both end (exit 1)',
    async () => {
      const dir = tempDir()
      for (const [name, message] of [
        ['pipe.json', 'body larger than --max-line-bytes (100000 bytes)'],
        ['pipe.ndjson', 'so the rest of this input was not read'],
      ] as const) {
        const fifo = join(dir, name)
        await new Promise<void>((resolve, reject) =>
          spawn('mkfifo', [fifo]).on('close', (code) => (code === 0 ? resolve() : reject(new Error('mkfifo')))),
        )
        const writer = createWriteStream(fifo)
        writer.on('error', () => {})
        const chunk = 'b'.repeat(64 * 1024)
        let open = true
        writer.on('close', () => {
          open = false
        })
        const pump = () => {
          while (open && writer.write(chunk)) {}
          if (open) writer.once('drain', pump)
        }
        writer.on('open', pump)
        const args = ['validate', '--max-line-bytes', '100000', fifo]
        const r = await run(args, { timeout: 20_000 })
        writer.destroy()
        expectClean(args, r)
        expect(r.code, describeRun(args, r)).toBe(1)
        expect(r.stdout, describeRun(args, r)).toContain(message)
      }
    },
  )
})

describe('worker threads that die', () => {
  it('a line that needs more memory than a worker may use: reported at its line, same for 0/1/2 workers, summary written', async () => {
    const dir = tempDir()
    const file = join(dir, 'oom.ndjson')
    // 1.2 MiB of tiny items: decoded in a worker whatever --workers says; 600,000 invalid items
    // need far more than the 48 MB the test gives a worker.
    writeFileSync(file, ndjson(good(1), wide(600_000), good(3), '{"trunc', good(5)))
    const env = { MESSENGER_WEBHOOKS_TEST_WORKER_HEAP_MB: '48' }
    const report = await sameForEveryWorkers([file], 2, env)
    expect(report.errors).toEqual([
      {
        file,
        message: 'line 2: not decoded: it needs more memory than a worker thread may use (heap limit 48 MB)',
      },
    ])
    expect(report.unusable.map((u) => u.line)).toEqual([4])
    expect(report.bodies).toBe(3)

    // Text: the error where it happened, then the summary as the last line.
    const args = ['validate', file]
    const r = await runExpect(args, 2, { env })
    const why = describeRun(args, r)
    expect(r.stdout, why).toContain(`${file}  -  line 2: not decoded: it needs more memory`)
    expect(summaryOf(r.stdout), why).toEqual({
      bodies: 3,
      events: 3,
      invalid: 0,
      unknown: 0,
      unusable: 1,
      unreadable: 1,
    })
  }, 120_000)

  it('every worker dying again and again (one worker, three such files) still ends with the full report', async () => {
    const dir = tempDir()
    const heavy = join(dir, 'heavy.ndjson')
    const bad = join(dir, 'bad.ndjson')
    writeFileSync(heavy, ndjson(wide(600_000), good(2)))
    writeFileSync(bad, ndjson(invalid(), invalid()))
    const env = { MESSENGER_WEBHOOKS_TEST_WORKER_HEAP_MB: '48' }
    for (const format of ['text', 'json']) {
      const args = ['validate', '--workers', '1', '--format', format, heavy, bad, heavy, heavy]
      const r = await runExpect(args, 2, { env, timeout: 60_000 })
      const why = describeRun(args, r)
      if (format === 'json') {
        const report = JSON.parse(r.stdout) as Report
        expect(
          report.errors.map((e) => e.file),
          why,
        ).toEqual([heavy, heavy, heavy])
        expect(
          report.invalid.map((i) => [i.file, i.line]),
          why,
        ).toEqual([
          [bad, 1],
          [bad, 2],
        ])
        expect(report.bodies, why).toBe(5)
      } else expect(summaryOf(r.stdout), why).toMatchObject({ bodies: 5, invalid: 2, unreadable: 3 })
    }
  }, 120_000)

  it('a crashed worker: its batch is decoded again line by line, only the crashing line is reported', async () => {
    const dir = tempDir()
    const file = join(dir, 'big.ndjson')
    const lines = filler(36_000)
    lines[20_000] = good(20_000, 'CRASH_THIS_WORKER')
    lines[25_000] = invalid()
    writeFileSync(file, `${lines.join('\n')}\n`)
    const env = { MESSENGER_WEBHOOKS_TEST_WORKER_CRASH: 'CRASH_THIS_WORKER' }
    for (const workers of ['1', '2']) {
      const { report } = await validateJson(['--workers', workers, file], 2, { env, timeout: 60_000 })
      expect(report.errors).toEqual([
        {
          file,
          message:
            'line 20001: not decoded: its worker thread stopped (crash requested by MESSENGER_WEBHOOKS_TEST_WORKER_CRASH)',
        },
      ])
      expect(report.invalid.map((i) => i.line)).toEqual([25_001])
      expect(report.bodies).toBe(36_000 - 1)
    }
    // Without workers nothing crashes: the same line decodes.
    const { report } = await validateJson(['--workers', '0', file], 1, { env, timeout: 60_000 })
    expect([report.bodies, report.errors.length]).toEqual([36_000, 0])
  }, 120_000)

  it('a .json body of 1 MiB or more goes to a worker even with --workers 0; a crash there is reported, not fatal', async () => {
    const dir = tempDir()
    const file = join(dir, 'big.json')
    const after = join(dir, 'after.json')
    writeFileSync(file, JSON.stringify(pageBody(messageItem('m_1', `CRASH_THIS_WORKER ${'x'.repeat(1_100_000)}`))))
    writeFileSync(after, good(1))
    const env = { MESSENGER_WEBHOOKS_TEST_WORKER_CRASH: 'CRASH_THIS_WORKER' }
    const report = await sameForEveryWorkers([file, after], 2, env)
    expect(report.errors).toEqual([
      {
        file,
        message: 'not decoded: its worker thread stopped (crash requested by MESSENGER_WEBHOOKS_TEST_WORKER_CRASH)',
      },
    ])
    expect(report.bodies).toBe(1)
  }, 120_000)

  it('workers that cannot run at all stop the run with one message and exit 2 (never a hang, never 0)', async () => {
    const dir = tempDir()
    const file = join(dir, 'big.ndjson')
    writeFileSync(file, `${filler(36_000).join('\n')}\n`)
    // Every job holds '"object"': every worker crashes, none ever succeeds.
    const args = ['validate', '--workers', '2', file]
    const r = await run(args, { env: { MESSENGER_WEBHOOKS_TEST_WORKER_CRASH: '"object"' }, timeout: 30_000 })
    expectClean(args, r)
    expect(r.code, describeRun(args, r)).toBe(2)
    expect(r.stderr, describeRun(args, r)).toMatch(
      /^messenger-webhooks: cannot finish the run: the worker threads cannot run/,
    )
  })
})

describe('the verdict does not depend on --workers', () => {
  it('long lines (1.5 MiB, decoded in a worker) and costly ones (200,000 invalid items) in a file big enough for the pool', async () => {
    const dir = tempDir()
    const file = join(dir, 'long.ndjson')
    const lines = [bodyOf(1_500_000), wide(200_000), good(3), ...filler(34_000, 4)]
    writeFileSync(file, `${lines.join('\n')}\n`)
    const args = ['--quiet', file]
    const summaries = []
    for (const workers of ['0', '1', '2']) {
      const all = ['validate', '--workers', workers, ...args]
      const r = await runExpect(all, 1, { timeout: 60_000 })
      summaries.push(summaryOf(r.stdout))
    }
    expect(summaries[0]).toEqual({
      bodies: lines.length,
      events: lines.length - 1,
      invalid: 200_000,
      unknown: 0,
      unusable: 0,
      unreadable: 0,
    })
    expect(summaries[1]).toEqual(summaries[0])
    expect(summaries[2]).toEqual(summaries[0])
  }, 120_000)
})
