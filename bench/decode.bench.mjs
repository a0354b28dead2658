// Decoding cost as a ratio to JSON.parse of the same bytes, measured in one process the way
// docs/performance.md describes: every cell is a series of rounds; in each round a batch of the
// contender and a batch of the baseline run back to back (their order alternating, the cells'
// order shuffled, a minor GC before each batch), and the round's ratio is contender / baseline.
// A row of JSON.parse against itself (A/A) shows what noise alone does to a ratio.
//
//   npm run bench                       (builds first, then every bench)
//   node bench/decode.bench.mjs [--rounds 20] [--ms 10] [--json FILE]
//
// Then start-up: importing `messenger-webhooks/decode` and decoding the first body, in fresh
// processes, as a ratio to importing io-ts and fp-ts alone.
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..')

// Re-run under --expose-gc, for the minor GC before each timed batch.
if (typeof globalThis.gc !== 'function') {
  const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
  })
  process.exit(r.status ?? 1)
}

const args = { rounds: 20, ms: 10, json: '' }
for (let i = 2; i < process.argv.length; i += 2) {
  const key = process.argv[i]?.replace(/^--/, '')
  if (!(key in args)) throw new Error(`unknown option --${key}`)
  args[key] = typeof args[key] === 'number' ? Number(process.argv[i + 1]) : String(process.argv[i + 1])
}

const { decodeWebhook, parseWebhook } = await import('../dist/index.node.js')

// ---- bodies: the project's own fixtures ------------------------------------------------------

const fixture = (path) => JSON.parse(readFileSync(join(root, 'fixtures', path), 'utf8'))
const mixed = fixture('batch/mixed.json')
const instagram = fixture('batch/instagram-mixed.json')

// A large batch: 20 entries of 5 messaging items, cycling through the mixed batch's items (texts,
// an image, a sticker with a numeric ID, a quick reply, postbacks, a read, a delivery, a reaction,
// an echo with a numeric app_id), each with its own mid.
const pool = mixed.entry.flatMap((e) => [...(e.messaging ?? []), ...(e.standby ?? [])])
const large = { object: 'page', entry: [] }
for (let e = 0; e < 20; e++) {
  const messaging = []
  for (let i = 0; i < 5; i++) {
    const item = structuredClone(pool[(e * 5 + i) % pool.length])
    for (const key of ['message', 'postback', 'reaction']) if (item[key]?.mid) item[key].mid += `_${e}`
    messaging.push(item)
  }
  large.entry.push({ id: `10485760000${String(e).padStart(4, '0')}`, time: 1718003000000 + e, messaging })
}
// One broken item (a message without its mid) in the mixed batch.
const broken = structuredClone(mixed)
delete broken.entry[0].messaging[0].message.mid

const bodies = [
  { key: 'single', label: 'single text message', text: JSON.stringify(fixture('messenger/message.text.json')) },
  { key: 'mixed', label: 'Messenger batch', text: JSON.stringify(mixed) },
  { key: 'instagram', label: 'Instagram batch', text: JSON.stringify(instagram) },
  { key: 'large', label: '100 items', text: JSON.stringify(large) },
  { key: 'broken', label: 'Messenger batch, 1 bad item', text: JSON.stringify(broken) },
]
for (const b of bodies) {
  const r = parseWebhook(b.text)
  if (!r.ok) throw new Error(`${b.key}: ${r.error.message}`)
  b.bytes = Buffer.byteLength(b.text)
  b.items = r.value.events.length + r.value.invalid.length
  b.invalid = r.value.invalid.length
  if (b.invalid !== (b.key === 'broken' ? 1 : 0)) throw new Error(`${b.key}: ${b.invalid} invalid items`)
}

// ---- rows ------------------------------------------------------------------------------------

// Each runner is compiled from source per row and body, so that no two cells share a call site
// (a shared site would mix their type feedback).
const runner = (src, deps) => {
  const names = Object.keys(deps)
  return new Function(...names, `"use strict";return function run(n){let s=0;for(let i=0;i<n;i++){${src}}return s}`)(
    ...names.map((k) => deps[k]),
  )
}
const rows = [
  { id: 'aa', label: 'JSON.parse (A/A: the baseline against itself)', src: 's+=JSON.parse(text).entry.length' },
  {
    id: 'parse',
    label: 'parseWebhook(text)',
    src: 'const r=parseWebhook(text);s+=r.ok?r.value.events.length:-1',
  },
  {
    id: 'decode',
    label: 'decodeWebhook(JSON.parse(text))',
    src: "const r=decodeWebhook(JSON.parse(text));s+=r._tag==='Right'?r.right.events.length:-1",
  },
  {
    id: 'strict',
    label: 'parseWebhook(text, { strict: true })',
    src: 'const r=parseWebhook(text,STRICT);s+=r.ok?r.value.events.length+r.value.invalid.length:-1',
    only: ['single', 'mixed', 'instagram', 'large'],
  },
]

let sink = 0
const measure = (run, n) => {
  globalThis.gc({ type: 'minor' })
  const t0 = process.hrtime.bigint()
  sink += run(n)
  return Number(process.hrtime.bigint() - t0) / n
}
const calibrate = (run) => {
  for (let n = 1; ; n *= 2) {
    const t0 = process.hrtime.bigint()
    sink += run(n)
    const ms = Number(process.hrtime.bigint() - t0) / 1e6
    if (ms >= args.ms / 4 || n >= 1 << 22) return Math.max(1, Math.round((n * args.ms) / Math.max(ms, 1e-3)))
  }
}

const cells = []
for (const row of rows) {
  for (const body of bodies) {
    if (row.only !== undefined && !row.only.includes(body.key)) continue
    const deps = { text: body.text, parseWebhook, decodeWebhook, STRICT: { strict: true } }
    const run = runner(row.src, deps)
    const base = runner('s+=JSON.parse(text).entry.length', { text: body.text })
    cells.push({ row, body, run, base, ratios: [], baseNs: [] })
  }
}
for (const c of cells) {
  // Warm-up, then batches of about `ms` milliseconds each.
  for (let i = 0; i < 5; i++) {
    c.run(200)
    c.base(200)
  }
  c.n = calibrate(c.run)
  c.nBase = calibrate(c.base)
}

let seed = 20240611
const random = () => {
  seed = (seed + 0x6d2b79f5) >>> 0
  let t = seed
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
for (let r = 0; r < args.rounds; r++) {
  const order = cells.slice()
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[order[i], order[j]] = [order[j], order[i]]
  }
  for (const c of order) {
    let x
    let b
    if (r % 2 === 0) {
      b = measure(c.base, c.nBase)
      x = measure(c.run, c.n)
    } else {
      x = measure(c.run, c.n)
      b = measure(c.base, c.nBase)
    }
    c.ratios.push(x / b)
    c.baseNs.push(b)
  }
}

const sorted = (a) => a.slice().sort((x, y) => x - y)
const quantile = (a, q) => {
  const s = sorted(a)
  const i = (s.length - 1) * q
  const lo = Math.floor(i)
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (i - lo)
}
const fmt = (x) => x.toFixed(2)
const cellText = (c) =>
  c === undefined
    ? '–'
    : `${fmt(quantile(c.ratios, 0.5))} [${fmt(quantile(c.ratios, 0.25))}–${fmt(quantile(c.ratios, 0.75))}]`

console.log(`node ${process.version}, ${args.rounds} rounds of paired ~${args.ms} ms batches, minor GC before each\n`)
console.log('bodies (the project fixtures):')
for (const b of bodies) console.log(`  ${b.key.padEnd(10)} ${b.label}: ${b.bytes} bytes, ${b.items} items`)
console.log('\nmedian ratio to JSON.parse of the same bytes [interquartile range over rounds]\n')
console.log(`| row | ${bodies.map((b) => b.key).join(' | ')} |`)
console.log(`|---|${bodies.map(() => '---').join('|')}|`)
for (const row of rows) {
  const mine = bodies.map((b) => cells.find((c) => c.row === row && c.body === b))
  console.log(`| ${row.label} | ${mine.map(cellText).join(' | ')} |`)
}
console.log('\nJSON.parse ns per body (median):')
for (const b of bodies) {
  const all = cells.filter((c) => c.body === b).flatMap((c) => c.baseNs)
  const ns = quantile(all, 0.5)
  console.log(`  ${b.key.padEnd(10)} ${ns.toFixed(0).padStart(7)} ns (${(ns / b.bytes).toFixed(2)} ns/byte)`)
}
const parse = (key) => cells.find((c) => c.row.id === 'parse' && c.body.key === key)
const perItem = (key) => {
  const c = parse(key)
  const base = quantile(c.baseNs, 0.5)
  return ((quantile(c.ratios, 0.5) - 1) * base) / c.body.items
}
console.log(
  `\ndecoding cost per item, beyond JSON.parse: ${perItem('mixed').toFixed(0)} ns (Messenger batch), ${perItem('large').toFixed(0)} ns (100 items)`,
)
const aa = cells.filter((c) => c.row.id === 'aa')
console.log(`A/A medians: ${aa.map((c) => fmt(quantile(c.ratios, 0.5))).join(', ')} (1.00 ± noise)`)

// ---- start-up ---------------------------------------------------------------------------------

// In a fresh process each time: the imports and the first decode, timed inside the process (Node's
// own start is the same for both and left out). Alternating, median of each.
const startupRuns = 15
const mixedText = JSON.stringify(mixed)
const child = (src) => {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', src], { cwd: root, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(r.stderr)
  return Number(r.stdout.trim())
}
const ours = `const t0=performance.now();const {parseWebhook}=await import('messenger-webhooks/decode');const r=parseWebhook(${JSON.stringify(mixedText)});if(!r.ok)process.exit(1);console.log(performance.now()-t0)`
const theirs = `const t0=performance.now();await import('io-ts');await import('fp-ts/lib/Either.js');console.log(performance.now()-t0)`
const startOurs = []
const startTheirs = []
for (let i = 0; i < startupRuns; i++) {
  startOurs.push(child(ours))
  startTheirs.push(child(theirs))
}
const mOurs = quantile(startOurs, 0.5)
const mTheirs = quantile(startTheirs, 0.5)
console.log(
  `\nstart-up: import 'messenger-webhooks/decode' + first parseWebhook ${mOurs.toFixed(1)} ms; import io-ts + fp-ts ${mTheirs.toFixed(1)} ms; ratio ${fmt(mOurs / mTheirs)} (median of ${startupRuns} fresh processes each)`,
)

if (args.json !== '') {
  const out = {
    date: new Date().toISOString(),
    node: process.version,
    rounds: args.rounds,
    bodies: bodies.map(({ key, label, bytes, items }) => ({ key, label, bytes, items })),
    cells: cells.map((c) => ({ row: c.row.id, body: c.body.key, ratios: c.ratios, baseNs: c.baseNs })),
    startup: { ours: startOurs, ioTsFpTs: startTheirs },
  }
  writeFileSync(args.json, `${JSON.stringify(out, null, 1)}\n`)
}
if (sink === 42) console.log('')
