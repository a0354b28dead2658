/**
 * The delivery core (src/http/route.ts through `handleWebhook`, src/handler.ts): per-tag handlers
 * and `default`, each event claimed before its handler runs, committed after success, released
 * after a failure, under one deadline per body; 200 only when every event is handled now or
 * before, else 500 so that Meta delivers the body again and only the unfinished events run.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest'
import {
  createHandleWebhook,
  type DedupeStore,
  eventKey,
  type HandlerContext,
  handleWebhook,
  memoryDedupe,
  type WebhookEvent,
} from '../../src/index.js'
import { handleWebhook as handleWebhookNode } from '../../src/index.node.js'
import { nodeHandler, signPayloadSync } from '../../src/node.js'
import { verifySignature } from '../../src/verify/web.js'
import {
  body,
  deliver,
  gate,
  message,
  options,
  PAGE,
  postback,
  reaction,
  read,
  request,
  SECRET,
  sleep,
  spyStore,
  TOKEN,
  URL_,
  until,
} from './helpers.js'

describe('routing by tag', () => {
  it('hands each event to the handler of its tag, narrowed to it, and others to default', async () => {
    const seen: string[] = []
    const { options: opts } = options({
      handlers: {
        message: (event) => {
          expectTypeOf(event.message.mid).toEqualTypeOf<string>()
          seen.push(`message ${event.message.mid}`)
        },
        postback: (event) => {
          expectTypeOf(event.type).toEqualTypeOf<'postback'>()
          seen.push(`postback ${event.postback.payload}`)
        },
        default: (event) => {
          expectTypeOf(event).toEqualTypeOf<WebhookEvent>()
          seen.push(`default ${event.type}`)
        },
      },
    })
    const response = await deliver(body([message('m_1'), postback('p_1', 'HELP'), reaction('m_1'), read(5)]), opts)
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('EVENT_RECEIVED')
    expect(seen).toEqual(['message m_1', 'postback HELP', 'default reaction', 'default read'])
  })

  it('neither claims nor runs events whose tag has no handler and there is no default; they count as handled', async () => {
    const spy = spyStore()
    const ran = vi.fn()
    const { options: opts, failures } = options({ dedupe: spy.store, handlers: { postback: ran } })
    const response = await deliver(body([message('m_1'), postback('p_1'), read(9)]), opts)
    expect(response.status).toBe(200)
    expect(ran).toHaveBeenCalledTimes(1)
    expect(spy.ops()).toEqual(['claim p_1', 'commit p_1'])
    expect(failures).toEqual([])
  })

  it('gives each handler its context: request, signature match, entry, body, key and an abort signal', async () => {
    let context: HandlerContext | undefined
    let event: WebhookEvent | undefined
    const { options: opts } = options({
      handlers: {
        message: (e, ctx) => {
          event = e
          context = ctx
        },
      },
    })
    const req = await request(body([message('m_ctx')], 1718003000999))
    expect((await handleWebhook(req, opts)).status).toBe(200)
    expect(context?.request).toBe(req)
    expect(context?.signature).toEqual({ algorithm: 'sha256', secretIndex: 0, form: 'raw' })
    expect(context?.entry).toMatchObject({ id: PAGE, time: 1718003000999, index: 0 })
    expect(context?.webhook.events).toHaveLength(1)
    expect(context?.key).toBe(eventKey(event as WebhookEvent))
    expect(context?.key).toBe(`messenger:${PAGE}:messaging:message:m_ctx`)
    expect(context?.signal.aborted).toBe(false)
  })

  it('runs the events of a body one after another, in order', async () => {
    const log: string[] = []
    const { options: opts } = options({
      handlers: {
        message: async (e) => {
          log.push(`start ${e.message.mid}`)
          await sleep(5)
          log.push(`end ${e.message.mid}`)
        },
      },
    })
    await deliver(body([message('m_1'), message('m_2')]), opts)
    expect(log).toEqual(['start m_1', 'end m_1', 'start m_2', 'end m_2'])
  })

  it('works through nodeHandler too', async () => {
    const seen: string[] = []
    const server: Server = createServer(
      nodeHandler({
        secret: SECRET,
        dedupe: memoryDedupe(),
        handlers: { message: (e) => void seen.push(e.message.mid) },
        onError: () => undefined,
      }),
    )
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const text = body([message('m_node')])
      const post = () =>
        fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...signPayloadSync(text, SECRET) },
          body: text,
        })
      expect((await post()).status).toBe(200)
      expect((await post()).status).toBe(200)
      expect(seen).toEqual(['m_node'])
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })
})

describe('deduplication', () => {
  it('runs each handler once when Meta delivers the same body again', async () => {
    const calls = vi.fn()
    const { options: opts } = options({ handlers: { message: calls, postback: calls } })
    const text = body([message('m_1'), postback('p_1'), message('m_2')])
    for (let i = 0; i < 3; i++) expect((await deliver(text, opts)).status).toBe(200)
    expect(calls).toHaveBeenCalledTimes(3)
  })

  it('runs an event once when it comes again in another batch, in another order, with another entry.time', async () => {
    const mids: string[] = []
    const { options: opts } = options({ handlers: { message: (e) => void mids.push(e.message.mid) } })
    await deliver(body([message('m_1'), message('m_2')], 1), opts)
    await deliver(body([message('m_3'), message('m_2'), message('m_1')], 2), opts)
    expect(mids).toEqual(['m_1', 'm_2', 'm_3'])
  })

  it('runs every delivery with dedupe: false', async () => {
    const calls = vi.fn()
    const { options: opts } = options({ dedupe: false, handlers: { message: calls } })
    const text = body([message('m_1')])
    for (let i = 0; i < 3; i++) expect((await deliver(text, opts)).status).toBe(200)
    expect(calls).toHaveBeenCalledTimes(3)
  })

  it('defaults to one memory store per handleWebhook, shared by every call whatever the options object', async () => {
    const handle = createHandleWebhook(verifySignature)
    const other = createHandleWebhook(verifySignature)
    const calls = vi.fn()
    const fresh = () => ({ secret: SECRET, handlers: { message: calls }, onError: () => undefined })
    const text = body([message('m_default_store')])
    await handle(await request(text), fresh())
    await handle(await request(text), fresh())
    expect(calls).toHaveBeenCalledTimes(1)
    await other(await request(text), fresh())
    expect(calls).toHaveBeenCalledTimes(2)
  })

  it('claims with leaseMs, and never with less than timeoutMs', async () => {
    const a = spyStore()
    await deliver(
      body([message('m_1')]),
      options({ dedupe: a.store, leaseMs: 5000, handlers: { message: () => {} } }).options,
    )
    const b = spyStore()
    await deliver(
      body([message('m_1')]),
      options({ dedupe: b.store, leaseMs: 10, timeoutMs: 700, handlers: { message: () => {} } }).options,
    )
    const c = spyStore()
    await deliver(body([message('m_1')]), options({ dedupe: c.store, handlers: { message: () => {} } }).options)
    expect([a.calls[0]?.arg, b.calls[0]?.arg, c.calls[0]?.arg]).toEqual([5000, 700, 30_000])
  })

  it('answers 500 while another delivery holds an event, and runs it only once', async () => {
    const held = gate()
    const calls = vi.fn(() => held.promise)
    const { options: opts } = options({ handlers: { message: calls } })
    const text = body([message('m_1')])
    const first = deliver(text, opts)
    await until(() => calls.mock.calls.length === 1)
    const second = await deliver(text, opts)
    expect(second.status).toBe(500)
    held.resolve()
    expect((await first).status).toBe(200)
    expect((await deliver(text, opts)).status).toBe(200)
    expect(calls).toHaveBeenCalledTimes(1)
  })

  it('hands onEvents every delivery, before the handlers, without deduplication', async () => {
    const order: string[] = []
    const { options: opts } = options({
      onEvents: (w) => void order.push(`onEvents ${w.events.length}`),
      handlers: { message: (e) => void order.push(`message ${e.message.mid}`) },
    })
    const text = body([message('m_1')])
    await deliver(text, opts)
    await deliver(text, opts)
    expect(order).toEqual(['onEvents 1', 'message m_1', 'onEvents 1'])
  })

  it('treats an event that comes twice in one body as one event, run once, and answers 200', async () => {
    const calls = vi.fn()
    const spy = spyStore()
    const { options: opts, failures } = options({ dedupe: spy.store, handlers: { message: calls } })
    const response = await deliver(body([message('m_1'), message('m_1')]), opts)
    expect(response.status).toBe(200)
    expect(calls).toHaveBeenCalledTimes(1)
    expect(failures).toEqual([])
  })
})

describe('failures', () => {
  it('answers 500 when a handler fails, and runs only the unfinished events on redelivery', async () => {
    const runs: string[] = []
    let fail = true
    const { options: opts, failures } = options({
      handlers: {
        message: (e) => {
          runs.push(e.message.mid)
          if (e.message.mid === 'm_2' && fail) {
            fail = false
            throw new Error('boom')
          }
        },
      },
    })
    const text = body([message('m_1'), message('m_2'), message('m_3')])
    expect((await deliver(text, opts)).status).toBe(500)
    expect(runs).toEqual(['m_1', 'm_2', 'm_3'])
    expect(failures).toMatchObject([
      { phase: 'handler', key: `messenger:${PAGE}:messaging:message:m_2`, message: 'the handler failed: boom' },
    ])
    expect(failures[0]?.event?.type).toBe('message')
    expect(failures[0]?.error).toBeInstanceOf(Error)
    expect(failures[0]?.request).toBeInstanceOf(Request)
    expect((await deliver(text, opts)).status).toBe(200)
    expect(runs).toEqual(['m_1', 'm_2', 'm_3', 'm_2'])
  })

  it('counts a rejection as a failure too, and a value that is not an Error', async () => {
    const { options: opts, failures } = options({
      handlers: { message: () => Promise.reject('plain string'), postback: async () => {} },
    })
    expect((await deliver(body([message('m_1'), postback('p_1')]), opts)).status).toBe(500)
    expect(failures).toMatchObject([
      { phase: 'handler', message: 'the handler failed: plain string', error: 'plain string' },
    ])
  })

  it('answers 500 at timeoutMs, reports the timeout, and keeps the claim until the handler settles (then done)', async () => {
    const held = gate()
    const calls = vi.fn(() => held.promise)
    const spy = spyStore()
    const { options: opts, failures } = options({ dedupe: spy.store, timeoutMs: 30, handlers: { message: calls } })
    const text = body([message('m_slow')])
    const started = Date.now()
    expect((await deliver(text, opts)).status).toBe(500)
    expect(Date.now() - started).toBeLessThan(1000)
    expect(failures).toMatchObject([{ phase: 'timeout', key: `messenger:${PAGE}:messaging:message:m_slow` }])
    // Meta delivers again while the handler still runs: busy, not run twice, not reported handled.
    expect((await deliver(text, opts)).status).toBe(500)
    expect(calls).toHaveBeenCalledTimes(1)
    held.resolve()
    await until(() => spy.calls.some((c) => c.op === 'commit'))
    expect((await deliver(text, opts)).status).toBe(200)
    expect(calls).toHaveBeenCalledTimes(1)
    expect(failures).toHaveLength(1)
  })

  it('releases the claim of a handler that fails after timing out, reports it, and runs it again on redelivery', async () => {
    const held = gate()
    let first = true
    const calls = vi.fn(() => {
      if (first) {
        first = false
        return held.promise
      }
    })
    const spy = spyStore()
    const { options: opts, failures } = options({ dedupe: spy.store, timeoutMs: 30, handlers: { message: calls } })
    const text = body([message('m_slow')])
    expect((await deliver(text, opts)).status).toBe(500)
    held.reject(new Error('late boom'))
    await until(() => spy.calls.some((c) => c.op === 'release'))
    expect(failures.map((f) => [f.phase, f.message])).toEqual([
      ['timeout', 'the handler had not settled by timeoutMs; its claim stays until it does (or its lease ends)'],
      ['handler', 'the handler failed after timing out: late boom'],
    ])
    expect((await deliver(text, opts)).status).toBe(200)
    expect(calls).toHaveBeenCalledTimes(2)
  })

  it('aborts the signal at the deadline, and does not start the events after it (they run on redelivery)', async () => {
    let signal: AbortSignal | undefined
    const runs: string[] = []
    let hang = true
    const { options: opts, failures } = options({
      timeoutMs: 30,
      handlers: {
        message: async (e, ctx) => {
          runs.push(e.message.mid)
          if (e.message.mid === 'm_1' && hang) {
            hang = false
            signal = ctx.signal
            await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve))
            throw new Error('stopped')
          }
        },
      },
    })
    const text = body([message('m_1'), message('m_2')])
    expect((await deliver(text, opts)).status).toBe(500)
    expect(signal?.aborted).toBe(true)
    expect(runs).toEqual(['m_1'])
    await until(() => failures.length === 2)
    expect(failures.map((f) => f.phase)).toEqual(['timeout', 'handler'])
    expect((await deliver(text, opts)).status).toBe(200)
    expect(runs).toEqual(['m_1', 'm_1', 'm_2'])
  })

  it('shares one deadline among the handlers of a body', async () => {
    const { options: opts, failures } = options({
      timeoutMs: 200,
      handlers: { message: () => sleep(120) },
    })
    expect((await deliver(body([message('m_1'), message('m_2')]), opts)).status).toBe(500)
    expect(failures).toMatchObject([{ phase: 'timeout', key: expect.stringMatching(/m_2$/) }])
  })
})

describe('onError: every failure, with its phase', () => {
  it('handler and timeout (above); on_events when onEvents throws, rejects or outlasts timeoutMs', async () => {
    for (const [onEvents, message_] of [
      [
        () => {
          throw new Error('sync')
        },
        'onEvents failed: sync',
      ],
      [() => Promise.reject(new Error('async')), 'onEvents failed: async'],
      [() => sleep(200), 'onEvents had not settled by timeoutMs'],
    ] as const) {
      const { options: opts, failures } = options({ onEvents, timeoutMs: 20 })
      expect((await deliver(body([message('m_1')]), opts)).status).toBe(500)
      expect(failures).toMatchObject([{ phase: 'on_events', message: message_ }])
    }
  })

  it('on_unusable and on_rejected, when those callbacks fail', async () => {
    const { options: opts, failures } = options({
      handlers: {},
      onUnusable: () => {
        throw new Error('unusable logger')
      },
      onRejected: () => Promise.reject(new Error('rejected logger')),
    })
    const unusable = await handleWebhook(await request('{not json'), opts)
    expect(unusable.status).toBe(200)
    const forged = new Request(URL_, {
      method: 'POST',
      headers: { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` },
      body: body([message('m_1')]),
    })
    expect((await handleWebhook(forged, opts)).status).toBe(403)
    await until(() => failures.length === 2)
    expect(failures.map((f) => [f.phase, f.message])).toEqual([
      ['on_unusable', 'onUnusable failed: unusable logger'],
      ['on_rejected', 'onRejected failed: rejected logger'],
    ])
  })

  it('dedupe: a store that fails to claim (not run, 500), to commit or to release (reported)', async () => {
    const failing = (op: 'claim' | 'commit' | 'release'): DedupeStore => {
      const inner = memoryDedupe()
      return {
        claim: op === 'claim' ? () => Promise.reject(new Error('store down')) : inner.claim,
        commit: op === 'commit' ? () => Promise.reject(new Error('store down')) : inner.commit,
        release: op === 'release' ? () => Promise.reject(new Error('store down')) : inner.release,
      }
    }
    const calls = vi.fn()
    const claim = options({ dedupe: failing('claim'), handlers: { message: calls } })
    expect((await deliver(body([message('m_1')]), claim.options)).status).toBe(500)
    expect(calls).not.toHaveBeenCalled()
    expect(claim.failures).toMatchObject([
      {
        phase: 'dedupe',
        key: expect.stringMatching(/m_1$/),
        message: expect.stringMatching(/^claiming the event failed: store down/),
      },
    ])

    const commit = options({ dedupe: failing('commit'), handlers: { message: calls } })
    expect((await deliver(body([message('m_1')]), commit.options)).status).toBe(200)
    expect(commit.failures).toMatchObject([{ phase: 'dedupe', message: 'committing the event failed: store down' }])

    const release = options({
      dedupe: failing('release'),
      handlers: {
        message: () => {
          throw new Error('boom')
        },
      },
    })
    expect((await deliver(body([message('m_1')]), release.options)).status).toBe(500)
    expect(release.failures.map((f) => [f.phase, f.message])).toEqual([
      ['handler', 'the handler failed: boom'],
      ['dedupe', 'releasing the event failed: store down'],
    ])
  })

  it('dedupe: a store that never answers a claim (Redis down, commands queued) fails it at timeoutMs: 500, not a hang', async () => {
    const hanging: DedupeStore = {
      claim: () => new Promise(() => {}),
      commit: () => Promise.resolve(),
      release: () => Promise.resolve(),
    }
    const calls = vi.fn()
    const { options: opts, failures } = options({ dedupe: hanging, timeoutMs: 150, handlers: { message: calls } })
    const started = Date.now()
    expect((await deliver(body([message('m_1'), message('m_2')]), opts)).status).toBe(500)
    expect(Date.now() - started).toBeLessThan(1000)
    expect(calls).not.toHaveBeenCalled()
    expect(failures.map((f) => [f.phase, f.message])).toEqual([
      ['dedupe', expect.stringMatching(/^claiming the event failed: the store did not answer within timeoutMs/)],
      ['dedupe', expect.stringMatching(/^claiming the event failed: the store did not answer within timeoutMs/)],
    ])
  })

  it('invalid_item: an authentic item that does not decode, with the item; the others still run', async () => {
    const calls = vi.fn()
    const { options: opts, failures } = options({ handlers: { message: calls } })
    const bad = { sender: { id: '1' }, recipient: { id: PAGE }, timestamp: 1, message: { mid: 42 } }
    expect((await deliver(body([bad, message('m_ok')]), opts)).status).toBe(200)
    expect(calls).toHaveBeenCalledTimes(1)
    expect(failures).toHaveLength(1)
    expect(failures[0]).toMatchObject({ phase: 'invalid_item', invalid: { path: 'entry[0].messaging[0].message.mid' } })
  })

  it('config: a GET handshake without a verify token', async () => {
    const { options: opts, failures } = options({ verifyToken: undefined as unknown as string, handlers: {} })
    const { verifyToken: _, ...withoutToken } = opts
    const r = await handleWebhook(
      new Request(`${URL_}?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1`),
      withoutToken,
    )
    expect(r.status).toBe(500)
    expect(failures).toMatchObject([
      { phase: 'config', message: 'a GET handshake came, and no verifyToken is configured' },
    ])
  })

  it('config: neither handlers nor onEvents', async () => {
    const { options: opts, failures } = options()
    const r = await deliver(body([message('m_1')]), opts)
    expect(r.status).toBe(500)
    expect(failures).toMatchObject([{ phase: 'config', message: 'neither handlers nor onEvents is configured' }])
  })

  it('config: a body already read', async () => {
    const { options: opts, failures } = options({ handlers: {} })
    const req = await request(body([message('m_1')]))
    await req.text()
    expect((await handleWebhook(req, opts)).status).toBe(500)
    expect(failures).toMatchObject([{ phase: 'config', message: expect.stringMatching(/already read/) }])
  })

  it('config: a waitUntil that throws', async () => {
    const { options: opts, failures } = options({
      handlers: { message: () => {} },
      waitUntil: () => {
        throw new Error('no context')
      },
    })
    expect((await deliver(body([message('m_1')]), opts)).status).toBe(200)
    expect(failures).toMatchObject([{ phase: 'config', message: 'waitUntil threw: no context' }])
  })

  it('without onError, logs each failure with console.error: one line, then the stack', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const { options: opts } = options({
        handlers: {
          message: () => {
            throw new Error('boom\nsecond line')
          },
        },
      })
      const { onError: _, ...withoutOnError } = opts
      expect((await deliver(body([message('m_log')]), withoutOnError)).status).toBe(500)
      expect(error).toHaveBeenCalledTimes(1)
      const logged = String(error.mock.calls[0]?.[0])
      const [line, ...stack] = logged.split('\n')
      expect(line).toBe(
        `messenger-webhooks: handler (messenger:${PAGE}:messaging:message:m_log): the handler failed: boom`,
      )
      expect(stack.join('\n')).toContain('Error: boom')
      expect(stack.some((l) => /^\s+at /.test(l))).toBe(true)

      error.mockClear()
      await deliver(body([message('m_log2')]), { secret: SECRET })
      expect(error.mock.calls.map((c) => String(c[0]))).toEqual([
        'messenger-webhooks: config: neither handlers nor onEvents is configured',
      ])
    } finally {
      error.mockRestore()
    }
  })

  it('falls back to console.error when onError itself throws or rejects', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const base = {
        secret: SECRET,
        dedupe: false as const,
        handlers: { message: () => Promise.reject(new Error('boom')) },
      }
      await deliver(body([message('m_1')]), {
        ...base,
        onError: () => {
          throw new Error('reporter down')
        },
      })
      await deliver(body([message('m_2')]), { ...base, onError: () => Promise.reject(new Error('reporter away')) })
      await until(() => error.mock.calls.length === 2)
      const lines = error.mock.calls.map((c) => String(c[0]).split('\n')[0])
      expect(lines).toEqual([
        expect.stringMatching(
          /^messenger-webhooks: handler \(.*m_1\): onError failed \(reporter down\) while reporting: the handler failed: boom$/,
        ),
        'messenger-webhooks: handler: onError failed (reporter away) while reporting: the handler failed: boom',
      ])
    } finally {
      error.mockRestore()
    }
  })
})

describe('waitUntil', () => {
  it('answers 200 once the events are claimed, then runs the handlers in the background', async () => {
    const held = gate()
    const log: string[] = []
    const background: Promise<unknown>[] = []
    const { options: opts } = options({
      waitUntil: (p) => void background.push(p),
      handlers: {
        message: async (e) => {
          log.push(`start ${e.message.mid}`)
          await held.promise
          log.push(`end ${e.message.mid}`)
        },
      },
    })
    const response = await deliver(body([message('m_1')]), opts)
    expect(response.status).toBe(200)
    expect(log).toEqual([])
    expect(background).toHaveLength(1)
    await until(() => log.length === 1)
    held.resolve()
    expect(await background[0]).toBe(true)
    expect(log).toEqual(['start m_1', 'end m_1'])
  })

  it('answers 500 without waitUntil until the handlers are done (the other mode)', async () => {
    const held = gate()
    const calls = vi.fn(() => held.promise)
    const { options: opts } = options({ handlers: { message: calls } })
    let answered = false
    const response = deliver(body([message('m_1')]), opts).then((r) => {
      answered = true
      return r
    })
    await until(() => calls.mock.calls.length === 1)
    await sleep(20)
    expect(answered).toBe(false)
    held.resolve()
    expect((await response).status).toBe(200)
  })

  it('reports a background failure and releases the claim (the event is lost unless it comes again)', async () => {
    const background: Promise<unknown>[] = []
    let fail = true
    const calls = vi.fn(() => {
      if (fail) {
        fail = false
        throw new Error('after the answer')
      }
    })
    const { options: opts, failures } = options({
      waitUntil: (p) => void background.push(p),
      handlers: { message: calls },
    })
    const text = body([message('m_1')])
    expect((await deliver(text, opts)).status).toBe(200)
    expect(await background[0]).toBe(false)
    expect(failures).toMatchObject([{ phase: 'handler', message: 'the handler failed: after the answer' }])
    // Released: a later delivery of the same event runs it.
    expect((await deliver(text, opts)).status).toBe(200)
    await background[1]
    expect(calls).toHaveBeenCalledTimes(2)
  })

  it('answers 500 when an event is still running in the background of an earlier delivery', async () => {
    const held = gate()
    const background: Promise<unknown>[] = []
    const calls = vi.fn(() => held.promise)
    const { options: opts } = options({ waitUntil: (p) => void background.push(p), handlers: { message: calls } })
    const text = body([message('m_1')])
    expect((await deliver(text, opts)).status).toBe(200)
    await until(() => calls.mock.calls.length === 1)
    expect((await deliver(text, opts)).status).toBe(500)
    held.resolve()
    await Promise.all(background)
    expect((await deliver(text, opts)).status).toBe(200)
    expect(calls).toHaveBeenCalledTimes(1)
  })

  it('gives the background handlers timeoutMs from when they start', async () => {
    const background: Promise<unknown>[] = []
    const { options: opts, failures } = options({
      timeoutMs: 20,
      waitUntil: (p) => void background.push(p),
      handlers: { message: () => sleep(100) },
    })
    expect((await deliver(body([message('m_1')]), opts)).status).toBe(200)
    expect(await background[0]).toBe(false)
    expect(failures).toMatchObject([{ phase: 'timeout' }])
  })
})

describe('the node build', () => {
  it('routes, deduplicates and reports the same way', async () => {
    const calls = vi.fn()
    const failures: string[] = []
    const opts = {
      secret: SECRET,
      verifyToken: TOKEN,
      dedupe: memoryDedupe(),
      onError: (f: { phase: string }) => void failures.push(f.phase),
      handlers: {
        message: calls,
        postback: () => {
          throw new Error('x')
        },
      },
    }
    const text = body([message('m_1'), postback('p_1')])
    expect((await handleWebhookNode(await request(text), opts)).status).toBe(500)
    expect((await handleWebhookNode(await request(text), opts)).status).toBe(500)
    expect(calls).toHaveBeenCalledTimes(1)
    expect(failures).toEqual(['handler', 'handler'])
  })
})

afterEach(() => {
  vi.restoreAllMocks()
})
