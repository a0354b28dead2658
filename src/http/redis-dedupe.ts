/**
 * `redisDedupe`: a deduplication store in Redis, shared by every instance of an app. It takes a
 * client the app creates (the official `redis` package, node-redis), so this package gains no
 * runtime dependency. Each operation is one Lua script, atomic on the Redis server.
 */
import { type Claim, claimToken, DEDUPE_TTL_MS, type DedupeStore, positive } from './dedupe.js'

/**
 * What {@link redisDedupe} needs of a Redis client: node-redis's `eval(script, { keys,
 * arguments })`. A client of the official `redis` package (`createClient()`, connected) fits;
 * so does a wrapper around another client that offers the same method.
 *
 * @example
 * ```ts
 * import type { RedisDedupeClient } from 'messenger-webhooks'
 * const fake: RedisDedupeClient = { eval: async () => 'claimed' }
 * ```
 * @category delivery
 * @since 0.1.0
 */
export interface RedisDedupeClient {
  /** Runs a Lua script on the server (node-redis's `eval`), atomically. */
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>
}

/**
 * Options of {@link redisDedupe}.
 *
 * @example
 * ```ts
 * import type { RedisDedupeOptions } from 'messenger-webhooks'
 * const o: RedisDedupeOptions = { prefix: 'my-bot:events:', ttlMs: 24 * 60 * 60 * 1000 }
 * ```
 * @category delivery
 * @since 0.1.0
 */
export interface RedisDedupeOptions {
  /** Prepended to every key. Default `messenger-webhooks:dedupe:`. */
  readonly prefix?: string
  /** How long a done key is remembered, in ms. Default 36 hours (Meta's longest retry window). */
  readonly ttlMs?: number
}

// A pending claim is the value `pending:<token>` with the lease as its expiry, so a claim whose
// process died disappears on its own; a handled key is `done` for the TTL.
const CLAIM = `local v = redis.call('GET', KEYS[1])
if v == 'done' then return 'done' end
if v then return 'busy' end
redis.call('SET', KEYS[1], 'pending:' .. ARGV[1], 'PX', ARGV[2])
return 'claimed'`
const COMMIT = `redis.call('SET', KEYS[1], 'done', 'PX', ARGV[1])
return 1`
const RELEASE = `if redis.call('GET', KEYS[1]) == 'pending:' .. ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1`

/**
 * A deduplication store in Redis, for apps that run on several instances or must remember
 * handled events across restarts. Pass a connected client of the official `redis` package;
 * every instance that shares the Redis shares the store. Keys expire on their own: a claim after
 * its lease (a process that died mid-handler), a done key after `ttlMs` (default 36 hours).
 *
 * @example
 * ```ts
 * import { createClient } from 'redis'
 * import { handleWebhook, redisDedupe } from 'messenger-webhooks'
 * const client = await createClient({ url: process.env.REDIS_URL ?? 'redis://localhost:6379' }).connect()
 * const dedupe = redisDedupe(client)
 * export const POST = (request: Request) =>
 *   handleWebhook(request, { secret: process.env.APP_SECRET ?? '', dedupe, handlers: { message: (e) => console.log(e.message.text) } })
 * ```
 * @category delivery
 * @since 0.1.0
 */
export function redisDedupe(client: RedisDedupeClient, options: RedisDedupeOptions = {}): DedupeStore {
  const prefix = typeof options.prefix === 'string' ? options.prefix : 'messenger-webhooks:dedupe:'
  const ttl = String(Math.ceil(positive(options.ttlMs, DEDUPE_TTL_MS)))
  return {
    async claim(key, leaseMs): Promise<Claim> {
      const token = claimToken()
      const lease = String(Math.ceil(positive(leaseMs, 30_000)))
      const answer = await client.eval(CLAIM, { keys: [prefix + key], arguments: [token, lease] })
      if (answer === 'claimed') return { status: 'claimed', token }
      if (answer === 'done' || answer === 'busy') return { status: answer }
      throw new Error(`redisDedupe: unexpected answer from Redis: ${String(answer)}`)
    },
    async commit(key) {
      await client.eval(COMMIT, { keys: [prefix + key], arguments: [ttl] })
    },
    async release(key, token) {
      await client.eval(RELEASE, { keys: [prefix + key], arguments: [token] })
    },
  }
}
