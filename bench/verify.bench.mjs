// Signature verification cost as a ratio to the bare primitive, in one run (HMAC costs per runtime):
// verifySignature (Web Crypto) against crypto.subtle.sign with the key imported once, and
// verifySignatureSync (node:crypto) against createHmac + timingSafeEqual. A 2 KB body.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { verifySignature } from '../dist/index.js'
import { verifySignatureSync } from '../dist/node.js'

const secret = 'a-realistic-app-secret-0123456789abcdef'
const json = JSON.stringify({
  object: 'page',
  entry: Array.from({ length: 6 }, (_, i) => ({
    id: '104857600000001',
    time: 1718003000123 + i,
    messaging: [
      {
        sender: { id: '2400000000000001' },
        recipient: { id: '104857600000001' },
        timestamp: 1718002999876,
        message: { mid: `m_${i}`, text: 'héllo wörld, a message of a realistic length 👍 '.repeat(3) },
      },
    ],
  })),
})
const body = Buffer.from(json.padEnd(2048, ' ')).subarray(0, 2048)
const hex = createHmac('sha256', secret).update(body).digest('hex')
const header = `sha256=${hex}`
const expected = Buffer.from(hex, 'hex')
const subtle = globalThis.crypto.subtle
const key = await subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
  'sign',
])

let sink = 0
function timeSync(fn, ms = 1000) {
  const warm = performance.now() + 200
  while (performance.now() < warm) fn()
  let n = 0
  const start = performance.now()
  while (performance.now() < start + ms) {
    for (let i = 0; i < 100; i++) fn()
    n += 100
  }
  return ((performance.now() - start) * 1e6) / n
}
async function timeAsync(fn, ms = 1000) {
  const warm = performance.now() + 200
  while (performance.now() < warm) await fn()
  let n = 0
  const start = performance.now()
  while (performance.now() < start + ms) {
    for (let i = 0; i < 50; i++) await fn()
    n += 50
  }
  return ((performance.now() - start) * 1e6) / n
}
function equal(a, b) {
  let d = 0
  for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i]
  return d === 0
}

const check = [
  await verifySignature({ body, signature: header, secret }),
  verifySignatureSync({ body, signature: header, secret }),
]
if (check.some((r) => r._tag !== 'Right')) throw new Error('bench signature must verify')

const best = { bareNode: Infinity, sync: Infinity, bareWeb: Infinity, web: Infinity }
for (let round = 0; round < 3; round++) {
  best.bareNode = Math.min(
    best.bareNode,
    timeSync(() => {
      sink += timingSafeEqual(createHmac('sha256', secret).update(body).digest(), expected) ? 1 : 0
    }),
  )
  best.sync = Math.min(
    best.sync,
    timeSync(() => {
      sink += verifySignatureSync({ body, signature: header, secret })._tag === 'Right' ? 1 : 0
    }),
  )
  best.bareWeb = Math.min(
    best.bareWeb,
    await timeAsync(async () => {
      sink += equal(new Uint8Array(await subtle.sign('HMAC', key, body)), expected) ? 1 : 0
    }),
  )
  best.web = Math.min(
    best.web,
    await timeAsync(async () => {
      sink += (await verifySignature({ body, signature: header, secret }))._tag === 'Right' ? 1 : 0
    }),
  )
}
console.log(`body: ${body.length} bytes`)
console.log(`  createHmac + timingSafeEqual (baseline)   ${best.bareNode.toFixed(0).padStart(7)} ns`)
console.log(`  verifySignatureSync (node:crypto)         ${best.sync.toFixed(0).padStart(7)} ns`)
console.log(`  crypto.subtle.sign + compare (baseline)   ${best.bareWeb.toFixed(0).padStart(7)} ns`)
console.log(`  verifySignature (Web Crypto)              ${best.web.toFixed(0).padStart(7)} ns`)
const rs = best.sync / best.bareNode
const rw = best.web / best.bareWeb
console.log('\nresults')
console.log(
  `  verifySignatureSync / createHmac + timingSafeEqual: ${rs.toFixed(2)}  (target <= 1.15) ${rs <= 1.15 ? 'OK' : 'OVER'}`,
)
console.log(
  `  verifySignature / crypto.subtle.sign:               ${rw.toFixed(2)}  (target <= 1.15) ${rw <= 1.15 ? 'OK' : 'OVER'}`,
)
if (sink === 0) console.log('')
