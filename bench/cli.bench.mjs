// `validate` over a large NDJSON file (default 1 GiB; BENCH_CLI_MB to change): throughput as a
// ratio to reading the same file and running JSON.parse on every line in this process (target
// >= 0.7), and the CLI's peak RSS (target < 200 MB). The file is generated once in the temp dir.
import { execFileSync, spawnSync } from 'node:child_process'
import { appendFileSync, createReadStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const megabytes = Number(process.env.BENCH_CLI_MB ?? 1024)
const file = join(tmpdir(), `messenger-webhooks-bench-${megabytes}MB.ndjson`)

if (!existsSync(file) || statSync(file).size < megabytes * 1048576) {
  const lines = ['mixed.json', 'instagram-mixed.json', 'multi-channel.json']
    .map((f) => JSON.stringify(JSON.parse(readFileSync(join(root, 'fixtures', 'batch', f), 'utf8'))))
    .join('\n')
  const block = `${Array.from({ length: 400 }, () => lines).join('\n')}\n`
  writeFileSync(file, '')
  let size = 0
  while (size < megabytes * 1048576) {
    appendFileSync(file, block)
    size += Buffer.byteLength(block)
  }
}
const size = statSync(file).size

async function baseline() {
  const start = performance.now()
  let carry = ''
  let n = 0
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = carry + chunk
    const lines = text.split('\n')
    carry = lines.pop() ?? ''
    for (const l of lines) if (l !== '') n += JSON.parse(l).entry.length
  }
  if (carry !== '') n += JSON.parse(carry).entry.length
  return { ms: performance.now() - start, n }
}

function cli() {
  const start = performance.now()
  const hasTime = existsSync('/usr/bin/time')
  const args = [join(root, 'dist', 'cli.js'), 'validate', '--quiet', file]
  const r = hasTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { encoding: 'utf8' })
    : spawnSync(process.execPath, args, { encoding: 'utf8' })
  const ms = performance.now() - start
  const rssKb = hasTime ? Number(r.stderr.trim().split('\n').pop()) : Number.NaN
  return { ms, out: r.stdout.trim(), status: r.status, rssMb: rssKb / 1024 }
}

execFileSync('sync')
const base = await baseline()
const run = cli()
const ratio = base.ms / run.ms
console.log(`file: ${(size / 1048576).toFixed(0)} MB NDJSON`)
console.log(
  `  read + JSON.parse per line (baseline)   ${(base.ms / 1000).toFixed(2)} s  (${(size / 1048576 / (base.ms / 1000)).toFixed(0)} MB/s)`,
)
console.log(
  `  messenger-webhooks validate             ${(run.ms / 1000).toFixed(2)} s  (${(size / 1048576 / (run.ms / 1000)).toFixed(0)} MB/s), exit ${run.status}`,
)
console.log(`  ${run.out}`)
console.log('\nresults')
console.log(`  validate throughput / baseline: ${ratio.toFixed(2)}  (target >= 0.70) ${ratio >= 0.7 ? 'OK' : 'UNDER'}`)
console.log(
  `  validate peak RSS:              ${run.rssMb.toFixed(0)} MB  (target < 200) ${run.rssMb < 200 ? 'OK' : 'OVER'}`,
)
