// Decoding cost as a ratio to JSON.parse of the same bytes, in one run.
// Run with `npm run bench` (builds first). Prints ratios, not absolute targets.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { decodeWebhook, parseWebhook } from '../dist/index.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures')
const read = (file) => readFileSync(join(root, 'batch', file), 'utf8')

// A realistic mix, as one second of traffic might bring it: a Messenger batch (texts, an image,
// a sticker, a quick reply, postbacks with referral, a read, a delivery, a reaction, an echo,
// standby items) and an Instagram batch (text, story reply, story mention, reactions, a read by
// mid, an echo, an icebreaker postback). Each step runs over both bodies.
const texts = [read('mixed.json'), read('instagram-mixed.json')].map((t) => JSON.stringify(JSON.parse(t)))
// The same bodies with one broken item (a message without `mid`).
const brokenTexts = texts.map((t, i) => {
  if (i > 0) return t
  const b = JSON.parse(t)
  delete b.entry[0].messaging[0].message.mid
  return JSON.stringify(b)
})
const bytes = texts.reduce((n, t) => n + t.length, 0)
const parseAll = (ts) => {
  let n = 0
  for (const t of ts) n += JSON.parse(t).entry.length
  return n
}
const decodeAll = (ts, options) => {
  let n = 0
  for (const t of ts) {
    const r = decodeWebhook(JSON.parse(t), options)
    n += r._tag === 'Right' ? r.right.events.length + r.right.invalid.length : 0
  }
  return n
}
const parseWebhookAll = (ts) => {
  let n = 0
  for (const t of ts) {
    const r = parseWebhook(t)
    n += r.ok ? r.value.events.length : 0
  }
  return n
}

let sink = 0
function time(fn, ms = 1500) {
  // Warm up, then count iterations in a fixed window; return ns per call.
  const warm = performance.now() + 300
  while (performance.now() < warm) fn()
  let n = 0
  const start = performance.now()
  const end = start + ms
  while (performance.now() < end) {
    for (let i = 0; i < 200; i++) fn()
    n += 200
  }
  return ((performance.now() - start) * 1e6) / n
}

function rounds(label, cases, repeat = 3) {
  // Interleave the cases and keep the best of several rounds to damp noise on a shared box.
  const best = cases.map(() => Infinity)
  for (let r = 0; r < repeat; r++)
    cases.forEach((c, i) => {
      best[i] = Math.min(best[i], time(c.fn))
    })
  console.log(`\n${label}`)
  for (const [i, c] of cases.entries()) console.log(`  ${c.name.padEnd(44)} ${best[i].toFixed(0).padStart(7)} ns`)
  return best
}

const decoded = texts.map((t) => decodeWebhook(JSON.parse(t)))
if (decoded.some((r) => r._tag !== 'Right' || r.right.invalid.length > 0))
  throw new Error('bench bodies must decode cleanly')
const events = decoded.flatMap((r) => r.right.events)
const items = events.length
const types = [...new Set(events.map((e) => `${e.platform}/${e.channel}/${e.type}`))]
console.log(`bodies: ${texts.length}, ${bytes} bytes, ${items} items: ${types.join(', ')}`)

const [parse, parseDecode, parseWebhookNs] = rounds('valid batches', [
  {
    name: 'JSON.parse (baseline)',
    fn: () => {
      sink += parseAll(texts)
    },
  },
  {
    name: 'JSON.parse + decodeWebhook',
    fn: () => {
      sink += decodeAll(texts)
    },
  },
  {
    name: 'parseWebhook(text)',
    fn: () => {
      sink += parseWebhookAll(texts)
    },
  },
])
const [parseBroken, decodeBroken] = rounds('batches with one invalid item', [
  {
    name: 'JSON.parse (baseline)',
    fn: () => {
      sink += parseAll(brokenTexts)
    },
  },
  {
    name: 'JSON.parse + decodeWebhook',
    fn: () => {
      sink += decodeAll(brokenTexts)
    },
  },
])
const [, strictNs] = rounds('strict mode', [
  {
    name: 'JSON.parse (baseline)',
    fn: () => {
      sink += parseAll(texts)
    },
  },
  {
    name: 'JSON.parse + decodeWebhook({ strict })',
    fn: () => {
      sink += decodeAll(texts, { strict: true })
    },
  },
])

const ratio = parseDecode / parse
console.log('\nresults')
console.log(
  `  (JSON.parse + decode) / JSON.parse, valid batches: ${ratio.toFixed(2)}  (target <= 1.30) ${ratio <= 1.3 ? 'OK' : 'OVER'}`,
)
console.log(`  parseWebhook(text) / JSON.parse:                   ${(parseWebhookNs / parse).toFixed(2)}`)
console.log(`  (JSON.parse + decode) / JSON.parse, one invalid:   ${(decodeBroken / parseBroken).toFixed(2)}`)
console.log(`  strict mode / JSON.parse:                          ${(strictNs / parse).toFixed(2)}`)
console.log(`  decode alone per item:                             ${((parseDecode - parse) / items).toFixed(0)} ns`)
if (sink === 0) console.log('')
