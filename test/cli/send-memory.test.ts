/**
 * `send` replays a large NDJSON capture in constant memory: the peak RSS of the CLI child
 * (process.resourceUsage().maxRSS, written by a preload) is the same for a 30 MB and a 90 MB file,
 * and for the 90 MB file read from stdin, far below what holding the file would take; every line
 * arrives, byte for byte (an order-independent digest of the bodies).
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeRun, FIXTURES, removeTempDirs, requireBuiltCli, runExpect, tempDir } from './helpers.js'
import { bodyDigest, peakRssProbe, type RecordingServer, startServer } from './server-helpers.js'

beforeAll(requireBuiltCli)
afterAll(removeTempDirs)

/** An NDJSON file of about `mb` MB: the shipped batch fixtures, compact, over and over. */
function capture(dir: string, mb: number): { file: string; lines: number; bytes: number; digest: bigint } {
  const bodies = ['mixed.json', 'instagram-mixed.json', 'multi-channel.json'].map((f) =>
    JSON.stringify(JSON.parse(readFileSync(join(FIXTURES, 'batch', f), 'utf8'))),
  )
  const file = join(dir, `capture-${mb}.ndjson`)
  const fd = openSync(file, 'w')
  let bytes = 0
  let lines = 0
  let digest = 0n
  const digests = bodies.map((b) => bodyDigest(Buffer.from(b)))
  while (bytes < mb * 1_000_000) {
    const i = lines % bodies.length
    const body = bodies[i] as string
    writeSync(fd, `${body}\n`)
    bytes += Buffer.byteLength(body)
    digest += digests[i] as bigint
    lines++
  }
  closeSync(fd)
  return { file, lines, bytes, digest }
}

async function replay(
  server: RecordingServer,
  args: string[],
  input?: Uint8Array,
): Promise<{ rssMb: number; stdout: string }> {
  const probe = peakRssProbe()
  const all = ['send', ...args, '--to', server.url, '--secret', 'memory-test', '--concurrency', '16']
  const r = await runExpect(all, 0, { env: probe.env, timeout: 110_000, ...(input === undefined ? {} : { input }) })
  expect(r.stderr, describeRun(all, r)).toBe('')
  return { rssMb: probe.read(), stdout: r.stdout }
}

describe('send: constant memory on a large NDJSON capture', () => {
  it('peak RSS does not grow from 30 MB to 90 MB (file and stdin); every line arrives exactly', {
    timeout: 240_000,
  }, async () => {
    const dir = tempDir()
    const small = capture(dir, 30)
    const large = capture(dir, 90)
    const results: Record<string, number> = {}
    for (const [name, c, stdin] of [
      ['30 MB file', small, false],
      ['90 MB file', large, false],
      ['90 MB stdin', large, true],
    ] as const) {
      const server = await startServer({ keep: false })
      try {
        const run = await replay(server, [stdin ? '-' : c.file], stdin ? readFileSync(c.file) : undefined)
        expect(server.count(), `${name}: requests received`).toBe(c.lines)
        expect(server.bytes(), `${name}: bytes received`).toBe(c.bytes)
        expect(server.digest(), `${name}: the bodies received are the lines sent`).toBe(c.digest)
        expect(run.stdout).toContain(`${c.lines} bodies, ${c.lines} requests`)
        results[name] = run.rssMb
      } finally {
        await server.close()
      }
    }
    const report = JSON.stringify(results)
    // Holding the files would take 60 MB more for the 90 MB one (and twice that as strings); the
    // V8 heap settling takes 15 MB or so.
    expect(results['90 MB file']! - results['30 MB file']!, report).toBeLessThan(40)
    expect(results['90 MB stdin']! - results['30 MB file']!, report).toBeLessThan(40)
    expect(results['90 MB file'], report).toBeLessThan(200)
  })
})
