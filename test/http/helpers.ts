/**
 * Bodies, requests and spies shared by the delivery tests (test/http): small Messenger bodies built
 * item by item, signed as Meta signs them, and a deduplication store that records what it is asked.
 */
import type { Claim, DedupeStore, HandleWebhookOptions, WebhookFailure } from '../../src/index.js'
import { handleWebhook, memoryDedupe, signedRequest } from '../../src/index.js'

export const SECRET = 'delivery-test-secret'
export const TOKEN = 'delivery-verify-token'
export const URL_ = 'https://example.com/webhook'
export const PAGE = '104857600000001'

type Item = Record<string, unknown>

export const message = (mid: string, text = 'hi', sender = '2400000000000001'): Item => ({
  sender: { id: sender },
  recipient: { id: PAGE },
  timestamp: 1718002999876,
  message: { mid, text },
})

export const postback = (mid: string, payload = 'GET_STARTED'): Item => ({
  sender: { id: '2400000000000001' },
  recipient: { id: PAGE },
  timestamp: 1718002999877,
  postback: { mid, title: 'Get Started', payload },
})

export const reaction = (mid: string, action: 'react' | 'unreact' = 'react', timestamp = 1718002999878): Item => ({
  sender: { id: '2400000000000001' },
  recipient: { id: PAGE },
  timestamp,
  reaction: action === 'react' ? { mid, action, reaction: 'love', emoji: '❤️' } : { mid, action },
})

export const read = (watermark: number): Item => ({
  sender: { id: '2400000000000001' },
  recipient: { id: PAGE },
  timestamp: watermark + 1,
  read: { watermark },
})

/** A Messenger body with one entry holding `items` in `messaging`. */
export function body(items: readonly Item[], time = 1718003000000): string {
  return JSON.stringify({ object: 'page', entry: [{ id: PAGE, time, messaging: items }] })
}

/** A signed POST of `text`, as Meta sends it. */
export function request(text: string): Promise<Request> {
  return signedRequest(URL_, text, SECRET)
}

/** Options with a fresh memory store (so tests never share one) and every failure collected. */
export function options(extra: Partial<HandleWebhookOptions> = {}) {
  const failures: WebhookFailure[] = []
  const opts: HandleWebhookOptions = {
    secret: SECRET,
    verifyToken: TOKEN,
    dedupe: memoryDedupe(),
    onError: (f) => {
      failures.push(f)
    },
    ...extra,
  }
  return { options: opts, failures }
}

/** Delivers `text`, signed, to `handleWebhook` with `opts`. */
export async function deliver(text: string, opts: HandleWebhookOptions): Promise<Response> {
  return handleWebhook(await request(text), opts)
}

/** A store over another (a memory store by default) that records every call. */
export function spyStore(inner: DedupeStore = memoryDedupe()) {
  const calls: { op: 'claim' | 'commit' | 'release'; key: string; arg: number | string; result?: Claim }[] = []
  const store: DedupeStore = {
    async claim(key, leaseMs) {
      const result = await inner.claim(key, leaseMs)
      calls.push({ op: 'claim', key, arg: leaseMs, result })
      return result
    },
    async commit(key, token) {
      calls.push({ op: 'commit', key, arg: token })
      return inner.commit(key, token)
    },
    async release(key, token) {
      calls.push({ op: 'release', key, arg: token })
      return inner.release(key, token)
    },
  }
  return { store, calls, ops: () => calls.map((c) => `${c.op} ${c.key.split(':').pop()}`) }
}

/** A promise and the functions that settle it, to hold a handler until the test lets it go. */
export function gate<T = void>() {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Waits until `check` is true (polling every few ms), or fails after `ms`. */
export async function until(check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('the condition did not come true in time')
    await sleep(2)
  }
}
