/**
 * `memoryDedupe` (src/http/dedupe.ts): the claim / commit / release contract of a deduplication
 * store, on an injected clock. A claim is a lease with a token; a done mark lasts the TTL; the
 * store is bounded by `maxKeys`, oldest keys first.
 */
import { describe, expect, it } from 'vitest'
import { memoryDedupe } from '../../src/index.js'

function clock(start = 1_000_000) {
  let t = start
  return { now: () => t, advance: (ms: number) => (t += ms) }
}

describe('memoryDedupe', () => {
  it('claims a new key with a token, and answers busy while the claim holds', async () => {
    const store = memoryDedupe()
    const first = await store.claim('k', 1000)
    expect(first.status).toBe('claimed')
    expect(first.status === 'claimed' && first.token.length).toBeGreaterThan(0)
    expect(await store.claim('k', 1000)).toEqual({ status: 'busy' })
  })

  it('answers done after a commit, for the TTL, and forgets the key after it', async () => {
    const c = clock()
    const store = memoryDedupe({ now: c.now, ttlMs: 10_000 })
    const claim = await store.claim('k', 1000)
    if (claim.status !== 'claimed') throw new Error('not claimed')
    await store.commit('k', claim.token)
    expect(await store.claim('k', 1000)).toEqual({ status: 'done' })
    c.advance(9_999)
    expect(await store.claim('k', 1000)).toEqual({ status: 'done' })
    c.advance(1)
    expect((await store.claim('k', 1000)).status).toBe('claimed')
  })

  it('keeps a done key for 36 hours by default', async () => {
    const c = clock()
    const store = memoryDedupe({ now: c.now })
    const claim = await store.claim('k', 1000)
    if (claim.status !== 'claimed') throw new Error('not claimed')
    await store.commit('k', claim.token)
    c.advance(36 * 60 * 60 * 1000 - 1)
    expect(await store.claim('k', 1000)).toEqual({ status: 'done' })
    c.advance(1)
    expect((await store.claim('k', 1000)).status).toBe('claimed')
  })

  it('lets a released key be claimed again, with another token', async () => {
    const store = memoryDedupe()
    const a = await store.claim('k', 1000)
    if (a.status !== 'claimed') throw new Error('not claimed')
    await store.release('k', a.token)
    const b = await store.claim('k', 1000)
    expect(b.status).toBe('claimed')
    expect(b.status === 'claimed' && b.token).not.toBe(a.token)
  })

  it('frees a claim when its lease runs out (the process that held it died)', async () => {
    const c = clock()
    const store = memoryDedupe({ now: c.now })
    expect((await store.claim('k', 500)).status).toBe('claimed')
    c.advance(499)
    expect(await store.claim('k', 500)).toEqual({ status: 'busy' })
    c.advance(1)
    expect((await store.claim('k', 500)).status).toBe('claimed')
  })

  it('ignores a release by a token that no longer holds the key', async () => {
    const c = clock()
    const store = memoryDedupe({ now: c.now })
    const stale = await store.claim('k', 100)
    if (stale.status !== 'claimed') throw new Error('not claimed')
    c.advance(100)
    const fresh = await store.claim('k', 100)
    expect(fresh.status).toBe('claimed')
    // The first holder gives up late: the second holder's claim stands.
    await store.release('k', stale.token)
    expect(await store.claim('k', 100)).toEqual({ status: 'busy' })
  })

  it('marks a key done when a late holder commits after its lease ran out', async () => {
    const c = clock()
    const store = memoryDedupe({ now: c.now })
    const late = await store.claim('k', 100)
    if (late.status !== 'claimed') throw new Error('not claimed')
    c.advance(200)
    await store.commit('k', late.token)
    expect(await store.claim('k', 100)).toEqual({ status: 'done' })
  })

  it('keeps at most maxKeys keys, forgetting the oldest first', async () => {
    const store = memoryDedupe({ maxKeys: 3 })
    for (const k of ['a', 'b', 'c']) {
      const claim = await store.claim(k, 1000)
      if (claim.status === 'claimed') await store.commit(k, claim.token)
    }
    // A fourth key pushes out `a`, the oldest.
    expect((await store.claim('d', 1000)).status).toBe('claimed')
    expect((await store.claim('a', 1000)).status).toBe('claimed')
    // Re-claiming `a` made it the newest; `b` was the oldest and went.
    expect((await store.claim('b', 1000)).status).toBe('claimed')
    expect(await store.claim('d', 1000)).toEqual({ status: 'busy' })
    expect(await store.claim('a', 1000)).toEqual({ status: 'busy' })
    expect(await store.claim('c', 1000)).toEqual({ status: 'claimed', token: expect.any(String) })
  })

  it('counts a commit as the newest change of its key', async () => {
    const store = memoryDedupe({ maxKeys: 2 })
    const a = await store.claim('a', 1000)
    await store.claim('b', 1000)
    if (a.status === 'claimed') await store.commit('a', a.token)
    await store.claim('c', 1000) // pushes out `b`, not `a`
    expect(await store.claim('a', 1000)).toEqual({ status: 'done' })
    expect((await store.claim('b', 1000)).status).toBe('claimed')
  })

  it('falls back to the defaults for options that are not positive numbers', async () => {
    const c = clock()
    const store = memoryDedupe({ maxKeys: Number.NaN, ttlMs: -5, now: c.now })
    for (let i = 0; i < 1000; i++) await store.claim(`k${i}`, 1000)
    expect(await store.claim('k0', 1000)).toEqual({ status: 'busy' })
    // A lease that is not a positive number means 30 seconds.
    expect((await store.claim('x', Number.NaN)).status).toBe('claimed')
    c.advance(29_999)
    expect(await store.claim('x', 1)).toEqual({ status: 'busy' })
    c.advance(1)
    expect((await store.claim('x', 1)).status).toBe('claimed')
  })

  it('gives every claim its own token', async () => {
    const store = memoryDedupe()
    const tokens = new Set<string>()
    for (let i = 0; i < 2000; i++) {
      const claim = await store.claim(`k${i}`, 1000)
      if (claim.status === 'claimed') tokens.add(claim.token)
    }
    expect(tokens.size).toBe(2000)
  })

  it('keeps separate stores apart', async () => {
    const one = memoryDedupe()
    const two = memoryDedupe()
    expect((await one.claim('k', 1000)).status).toBe('claimed')
    expect((await two.claim('k', 1000)).status).toBe('claimed')
  })
})
