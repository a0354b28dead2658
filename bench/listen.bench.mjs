// `listen --out` throughput: authentic requests per second that `messenger-webhooks listen`
// answers (each verified, decoded, printed on a drained stdout pipe and appended to the capture
// file) under a local loopback load, as a ratio to a bare node:http server that reads the body
// and answers 200, under the same load on the same machine, in one run. Both servers run as child
// processes (stdout to a file); the load is BENCH_LISTEN_CONNECTIONS keep-alive connections (default 16), each
// sending a prebuilt signed request and waiting for its answer before the next, for
// BENCH_LISTEN_REQUESTS requests in all (default 20,000) after a warm-up. The body is a typical
// delivery (one text message; fixtures/messenger/message.text.json, compact). The capture file
// must hold one line per request at the end. Run with `npm run bench` (builds first).
import { spawn } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const connections = Number(process.env.BENCH_LISTEN_CONNECTIONS ?? 16)
const total = Number(process.env.BENCH_LISTEN_REQUESTS ?? 20_000)
const warmup = Math.min(2_000, Math.ceil(total / 10))
const secret = 'a-realistic-app-secret-0123456789abcdef'
const body = Buffer.from(
  JSON.stringify(JSON.parse(readFileSync(join(root, 'fixtures', 'messenger', 'message.text.json'), 'utf8'))),
)
const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`

// The bare server: reads the whole body, answers 200. Nothing else.
const BARE = `
const server = require('node:http').createServer((req, res) => {
  const chunks = []
  req.on('data', (c) => chunks.push(c))
  req.on('end', () => {
    Buffer.concat(chunks)
    res.setHeader('content-type', 'text/plain; charset=utf-8')
    res.end('EVENT_RECEIVED')
  })
})
server.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + server.address().port + '/'))
process.on('SIGINT', () => server.close(() => process.exit(0)))
`

/**
 * Starts a server process, its stdout going to a file (as to a terminal, the lines are written;
 * unlike a pipe read by this process, reading them takes no CPU from the load); resolves with its
 * port once it printed its URL.
 */
function start(args, stdoutFile) {
  const fd = openSync(stdoutFile, 'w')
  const child = spawn(process.execPath, args, { stdio: ['ignore', fd, 'inherit'] })
  closeSync(fd)
  let alive = true
  const exited = new Promise((resolve) =>
    child.on('close', (code) => {
      alive = false
      resolve(code)
    }),
  )
  const port = (async () => {
    for (;;) {
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(readFileSync(stdoutFile, 'utf8'))
      if (m !== null) return Number(m[1])
      if (!alive) throw new Error(`server exited early: ${readFileSync(stdoutFile, 'utf8')}`)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  })()
  const lines = () => readFileSync(stdoutFile, 'utf8').split('\n').length - 1
  return { child, port, exited, lines }
}

/** One keep-alive connection sending `count` requests one after another; resolves with the statuses. */
function connection(port, count) {
  const request = Buffer.concat([
    Buffer.from(
      `POST /webhook HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n` +
        `User-Agent: facebookexternalua\r\nX-Hub-Signature-256: ${signature}\r\nContent-Length: ${body.length}\r\n\r\n`,
    ),
    body,
  ])
  return new Promise((resolve, reject) => {
    const statuses = new Map()
    let answered = 0
    let buffer = Buffer.alloc(0)
    const socket = connect(port, '127.0.0.1', () => {
      socket.setNoDelay(true)
      socket.write(request)
    })
    socket.on('error', reject)
    socket.on('data', (chunk) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk])
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n')
        if (end < 0) return
        const head = buffer.subarray(0, end).toString('latin1')
        const declared = /\r\ncontent-length: *(\d+)/i.exec(head)?.[1]
        let next
        if (declared !== undefined) next = end + 4 + Number(declared)
        else {
          // Chunked: the answer ends with the last, empty chunk.
          const last = buffer.indexOf('0\r\n\r\n', end + 4)
          if (last < 0) return
          next = last + 5
        }
        if (buffer.length < next) return
        const status = Number(head.slice(9, 12))
        statuses.set(status, (statuses.get(status) ?? 0) + 1)
        buffer = buffer.subarray(next)
        answered++
        if (answered === count) {
          socket.end()
          resolve(statuses)
          return
        }
        socket.write(request)
      }
    })
  })
}

/** `n` requests over the connections; the wall time and the statuses. */
async function load(port, n) {
  const per = Array.from({ length: connections }, (_, i) => Math.floor(n / connections) + (i < n % connections ? 1 : 0))
  const started = performance.now()
  const results = await Promise.all(per.filter((k) => k > 0).map((k) => connection(port, k)))
  const ms = performance.now() - started
  const statuses = {}
  for (const r of results) for (const [s, k] of r) statuses[s] = (statuses[s] ?? 0) + k
  return { ms, statuses, rps: (n / ms) * 1000 }
}

async function measure(name, args) {
  const server = start(args, join(dir, `${name.replace(/\W+/g, '-')}.out`))
  const port = await server.port
  await load(port, warmup)
  const run = await load(port, total)
  server.child.kill('SIGINT')
  const code = await server.exited
  if (run.statuses[200] !== total) throw new Error(`${name}: not every answer was 200: ${JSON.stringify(run.statuses)}`)
  return { ...run, code, lines: server.lines() }
}

const dir = mkdtempSync(join(tmpdir(), 'mw-bench-listen-'))
const out = join(dir, 'captures.ndjson')
try {
  const bare = await measure('bare node:http', ['-e', BARE])
  const listen = await measure('listen --out', [
    join(root, 'dist', 'cli.js'),
    'listen',
    '--port',
    '0',
    '--secret',
    secret,
    '--out',
    out,
  ])
  const captured = readFileSync(out, 'utf8').split('\n').length - 1
  if (captured !== warmup + total) throw new Error(`listen captured ${captured} requests, not ${warmup + total}`)
  if (listen.code !== 0) throw new Error(`listen exited ${listen.code} on SIGINT`)
  const ratio = listen.rps / bare.rps
  console.log(
    `load: ${total} POSTs of ${body.length} bytes (one message) over ${connections} keep-alive loopback connections, after ${warmup} warm-up`,
  )
  console.log(`  bare node:http (read body, 200)          ${bare.rps.toFixed(0).padStart(7)} req/s`)
  console.log(
    `  messenger-webhooks listen --out          ${listen.rps.toFixed(0).padStart(7)} req/s  (verified, decoded, ${listen.lines} lines printed, ${captured} captured)`,
  )
  console.log('\nresults')
  console.log(`  listen --out throughput / bare node:http: ${ratio.toFixed(2)}`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
