// `send` throughput: bodies per second that `messenger-webhooks send` POSTs (signed, exact bytes,
// keep-alive) to a trivial local server, as a ratio to a bare `fetch` loop with the same
// concurrency against the same server (target >= 0.8), plus the CLI's peak RSS. The server runs
// in a child process, so neither side shares a thread with it. Default 50,000 bodies (the shipped
// Messenger fixtures, compact, over and over; BENCH_SEND_N to change), concurrency 8
// (BENCH_SEND_CONCURRENCY), best of two rounds.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const count = Number(process.env.BENCH_SEND_N ?? 50_000)
const concurrency = Number(process.env.BENCH_SEND_CONCURRENCY ?? 8)

const dir = join(root, 'fixtures', 'messenger')
const bodies = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.stringify(JSON.parse(readFileSync(join(dir, f), 'utf8'))))
const lines = Array.from({ length: count }, (_, i) => bodies[i % bodies.length])
const file = join(tmpdir(), `messenger-webhooks-bench-send-${count}.ndjson`)
writeFileSync(file, `${lines.join('\n')}\n`)
const bytes = lines.reduce((n, l) => n + Buffer.byteLength(l), 0)

// The trivial server: reads the body, answers 200 EVENT_RECEIVED.
const serverCode = `
const http = require('node:http')
const s = http.createServer((req, res) => { req.resume(); req.on('end', () => res.end('EVENT_RECEIVED')) })
s.keepAliveTimeout = 60000
s.listen(0, '127.0.0.1', () => console.log(s.address().port))
`
const server = spawn(process.execPath, ['-e', serverCode], { stdio: ['ignore', 'pipe', 'inherit'] })
const port = await new Promise((resolve) => server.stdout.once('data', (b) => resolve(Number(String(b).trim()))))
const url = `http://127.0.0.1:${port}/webhook`

/** The baseline: `concurrency` loops of `await fetch(...)`, the body already in memory, no signing. */
async function fetchLoop(n) {
  const payloads = lines.slice(0, n).map((l) => Buffer.from(l))
  let next = 0
  const start = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < payloads.length) {
        const body = payloads[next++]
        const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } })
        await res.text()
        if (res.status !== 200) throw new Error(`baseline: status ${res.status}`)
      }
    }),
  )
  return performance.now() - start
}

function cli() {
  const hasTime = existsSync('/usr/bin/time')
  const args = [join(root, 'dist', 'cli.js'), 'send', file, '--to', url, '--secret', 'bench-secret']
  args.push('--concurrency', String(concurrency))
  const start = performance.now()
  const r = hasTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { encoding: 'utf8' })
    : spawnSync(process.execPath, args, { encoding: 'utf8' })
  const ms = performance.now() - start
  if (r.status !== 0) throw new Error(`send exited ${r.status}: ${r.stdout}${r.stderr}`)
  const rssKb = hasTime ? Number(r.stderr.trim().split('\n').pop()) : Number.NaN
  const out = r.stdout.trim().split('\n')
  return { ms, rssMb: rssKb / 1024, summary: out.at(-1), latency: out.at(-2) }
}

try {
  await fetchLoop(Math.min(5000, count)) // warm-up: the server's JIT, the sockets
  let base = Number.POSITIVE_INFINITY
  let run
  for (let round = 0; round < 2; round++) {
    base = Math.min(base, await fetchLoop(count))
    const r = cli()
    if (run === undefined || r.ms < run.ms) run = r
  }
  const perSecond = (ms) => count / (ms / 1000)
  const ratio = perSecond(run.ms) / perSecond(base)
  console.log(
    `${count} bodies (${(bytes / count).toFixed(0)} bytes on average) to a trivial local server, concurrency ${concurrency}`,
  )
  console.log(
    `  bare fetch loop (baseline)             ${(base / 1000).toFixed(2)} s  (${perSecond(base).toFixed(0)} bodies/s)`,
  )
  console.log(
    `  messenger-webhooks send                ${(run.ms / 1000).toFixed(2)} s  (${perSecond(run.ms).toFixed(0)} bodies/s, start-up included)`,
  )
  console.log(`  ${run.latency}`)
  console.log(`  ${run.summary}`)
  console.log('\nresults')
  console.log(`  send throughput / fetch loop: ${ratio.toFixed(2)}  (target >= 0.80) ${ratio >= 0.8 ? 'OK' : 'UNDER'}`)
  console.log(`  send peak RSS:                ${run.rssMb.toFixed(0)} MB`)
} finally {
  server.kill()
}
