/**
 * `redisDedupe` (src/http/redis-dedupe.ts) against a real Redis: a private `redis-server` started
 * by the test (test/http/redis-server.ts). The claim / commit / release contract, leases and the
 * TTL as Redis expiries, the key prefix, atomic claims between clients, and `handleWebhook`
 * instances sharing one store. Without `redis-server` the suite fails and says Redis is required.
 */
import { createClient } from 'redis'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { createHandleWebhook, type RedisDedupeClient, redisDedupe } from '../../src/index.js'
import { verifySignature } from '../../src/verify/web.js'
import { body, message, request, SECRET, sleep } from './helpers.js'
import { useRedis } from './redis-server.js'

const redis = useRedis()
const clients: { isOpen: boolean; quit(): Promise<unknown>; destroy(): void }[] = []

async function client() {
  const c = createClient({ url: redis().url })
  c.on('error', () => {})
  await c.connect()
  clients.push(c)
  return c
}

afterAll(async () => {
  for (const c of clients) if (c.isOpen) await c.quit().catch(() => c.destroy())
})

let n = 0
/** A key of its own for each test: the tests share one Redis. */
const fresh = () => `test-key-${++n}-${Date.now()}`

describe('redisDedupe on a real redis-server', () => {
  it('claims with a token, answers busy while the claim holds, done after commit', async () => {
    const c = await client()
    const store = redisDedupe(c)
    const key = fresh()
    const claim = await store.claim(key, 10_000)
    expect(claim.status).toBe('claimed')
    expect(await store.claim(key, 10_000)).toEqual({ status: 'busy' })
    if (claim.status !== 'claimed') throw new Error('not claimed')
    expect(await c.get(`messenger-webhooks:dedupe:${key}`)).toBe(`pending:${claim.token}`)
    await store.commit(key, claim.token)
    expect(await store.claim(key, 10_000)).toEqual({ status: 'done' })
    expect(await c.get(`messenger-webhooks:dedupe:${key}`)).toBe('done')
  })

  it('keeps a done key for 36 hours by default, and for ttlMs when given', async () => {
    const c = await client()
    const key = fresh()
    for (const [store, ttl] of [
      [redisDedupe(c), 36 * 60 * 60 * 1000],
      [redisDedupe(c, { ttlMs: 100 }), 100],
    ] as const) {
      const claim = await store.claim(key, 10_000)
      if (claim.status !== 'claimed') throw new Error(`not claimed: ${claim.status}`)
      await store.commit(key, claim.token)
      const pttl = await c.pTTL(`messenger-webhooks:dedupe:${key}`)
      expect(pttl).toBeGreaterThan(ttl - 1000)
      expect(pttl).toBeLessThanOrEqual(ttl)
      if (ttl === 100) {
        await sleep(150)
        expect((await store.claim(key, 10_000)).status).toBe('claimed')
      } else await c.del(`messenger-webhooks:dedupe:${key}`)
    }
  })

  it('frees a claim when its lease runs out (its process died)', async () => {
    const store = redisDedupe(await client())
    const key = fresh()
    expect((await store.claim(key, 60)).status).toBe('claimed')
    expect(await store.claim(key, 60)).toEqual({ status: 'busy' })
    await sleep(100)
    expect((await store.claim(key, 60)).status).toBe('claimed')
  })

  it('releases only the claim the token holds', async () => {
    const store = redisDedupe(await client())
    const key = fresh()
    const stale = await store.claim(key, 50)
    if (stale.status !== 'claimed') throw new Error('not claimed')
    await sleep(80)
    const live = await store.claim(key, 10_000)
    if (live.status !== 'claimed') throw new Error('not claimed')
    await store.release(key, stale.token)
    expect(await store.claim(key, 10_000)).toEqual({ status: 'busy' })
    await store.release(key, live.token)
    expect((await store.claim(key, 10_000)).status).toBe('claimed')
  })

  it('keeps its keys under the prefix', async () => {
    const c = await client()
    const key = fresh()
    const store = redisDedupe(c, { prefix: 'my-bot:' })
    const claim = await store.claim(key, 10_000)
    expect(claim.status).toBe('claimed')
    expect(await c.exists(`my-bot:${key}`)).toBe(1)
    expect(await c.exists(`messenger-webhooks:dedupe:${key}`)).toBe(0)
    // Another prefix is another store.
    expect((await redisDedupe(c, { prefix: 'other-bot:' }).claim(key, 10_000)).status).toBe('claimed')
  })

  it('lets exactly one of many racing clients claim a key', async () => {
    const stores = await Promise.all(Array.from({ length: 4 }, async () => redisDedupe(await client())))
    for (let round = 0; round < 50; round++) {
      const key = fresh()
      const answers = await Promise.all(stores.flatMap((s) => [s.claim(key, 10_000), s.claim(key, 10_000)]))
      expect(answers.filter((a) => a.status === 'claimed')).toHaveLength(1)
      expect(answers.filter((a) => a.status === 'busy')).toHaveLength(7)
    }
  })

  it('throws on an answer it does not know (a client that is not node-redis)', async () => {
    const odd: RedisDedupeClient = { eval: async () => 'maybe' }
    await expect(redisDedupe(odd).claim('k', 1000)).rejects.toThrow('redisDedupe: unexpected answer from Redis: maybe')
  })

  it('runs an event once across two handleWebhook instances that share the Redis', async () => {
    const [a, b] = [createHandleWebhook(verifySignature), createHandleWebhook(verifySignature)]
    const calls = vi.fn()
    const prefix = `${fresh()}:`
    const optionsFor = async () => ({
      secret: SECRET,
      dedupe: redisDedupe(await client(), { prefix }),
      handlers: { message: calls },
      onError: () => {},
    })
    const [oa, ob] = [await optionsFor(), await optionsFor()]
    const text = body([message('m_shared_1'), message('m_shared_2')])
    const answers = await Promise.all([a(await request(text), oa), b(await request(text), ob)])
    // One instance ran both, or each ran one and found the other busy (500): never twice.
    expect(calls.mock.calls.length).toBe(2)
    for (const r of answers) expect([200, 500]).toContain(r.status)
    expect((await a(await request(text), oa)).status).toBe(200)
    expect((await b(await request(text), ob)).status).toBe(200)
    expect(calls).toHaveBeenCalledTimes(2)
  })

  it('answers 500 and reports the dedupe phase when Redis is unreachable', async () => {
    const c = await client()
    await c.quit()
    const failures: string[] = []
    const calls = vi.fn()
    const handle = createHandleWebhook(verifySignature)
    const r = await handle(await request(body([message('m_down')])), {
      secret: SECRET,
      dedupe: redisDedupe(c),
      handlers: { message: calls },
      onError: (f) => void failures.push(`${f.phase}: ${f.message.split(':')[0]}`),
    })
    expect(r.status).toBe(500)
    expect(calls).not.toHaveBeenCalled()
    expect(failures).toEqual(['dedupe: claiming the event failed'])
  })
})
