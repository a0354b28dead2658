/**
 * `messenger-webhooks trigger` against a real local server: for every tag of the `WebhookEvent`
 * union and both platforms where the shipped fixtures have it (and `unknown` on both), the body
 * received decodes with `parseWebhook` to events of that tag only, signed as `openssl dgst -hmac`
 * computes over the bytes received, in Meta's compact form; a platform without that tag, an
 * unknown tag ("did you mean"), `--seed`, `--set`, `--print`, a 403 with doctor's verdict, and an
 * unreachable URL.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { eventTypes } from '../../src/events/index.js'
import { parseWebhook } from '../../src/parse.js'
import { opensslHmac } from '../verify/reference.js'
import { describeRun, manifest, removeTempDirs, requireBuiltCli, runExpect } from './helpers.js'
import { closedPort, type RecordingServer, startServer } from './server-helpers.js'

beforeAll(requireBuiltCli)
afterAll(removeTempDirs)

const SECRET = 'trigger-secret'
const servers: RecordingServer[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close()
})

async function server(status = 200, body = 'EVENT_RECEIVED'): Promise<RecordingServer> {
  const s = await startServer({ answer: () => ({ status, body }) })
  servers.push(s)
  return s
}

type Platform = 'messenger' | 'instagram'

/** Tags per platform in the shipped fixtures (from the manifest, not from the code under test). */
function fixtureTags(platform: Platform): Set<string> {
  const object = platform === 'instagram' ? 'instagram' : 'page'
  return new Set(
    manifest()
      .valid.filter((v) => v.object === object)
      .flatMap((v) => v.types),
  )
}

const CASES = (['messenger', 'instagram'] as const).flatMap((platform) => {
  const tags = fixtureTags(platform)
  return eventTypes.map((tag) => ({ tag, platform, has: tags.has(tag) || tag === 'unknown' }))
})

/** The events of a body, checked: it decodes, nothing is invalid. */
function eventsOf(body: Uint8Array, why: string) {
  const r = parseWebhook(body)
  if (!r.ok) throw new Error(`${why}\nthe body does not decode: ${r.error.message}`)
  expect(
    r.value.invalid.map((i) => i.message),
    why,
  ).toEqual([])
  return r.value
}

/** Meta's compact form: no whitespace outside strings, `/` escaped, nothing but ASCII. */
function expectMetaForm(text: string, why: string): void {
  expect(text, why).toBe(text.trim())
  // biome-ignore lint/suspicious/noControlCharactersInRegex: checking for bytes beyond ASCII
  expect(/^[\u0000-\u007f]*$/.test(text), `only ASCII\n${why}`).toBe(true)
  expect(/(^|[^\\])\//.test(text), `every "/" escaped\n${why}`).toBe(false)
  expect(JSON.stringify(JSON.parse(text)).length, `compact\n${why}`).toBeLessThanOrEqual(text.length)
}

describe('trigger: every tag, both platforms', () => {
  it("sends one body whose events are all of the tag, signed (openssl) and in Meta's compact form; exit 2 where no fixture has the tag", {
    timeout: 120_000,
  }, async () => {
    const s = await server()
    const runs = await Promise.all(
      CASES.map(async ({ tag, platform, has }) => {
        const args = ['trigger', tag, '--platform', platform, '--to', s.url, '--secret', SECRET]
        const r = await runExpect(args, has ? 0 : 2, { timeout: 60_000 })
        return { tag, platform, has, r, why: describeRun(args, r) }
      }),
    )
    const sent = runs.filter((x) => x.has)
    expect(s.requests.length).toBe(sent.length)
    for (const { tag, platform, has, r, why } of runs) {
      if (!has) {
        expect(r.stderr, why).toContain(`no ${platform} fixture has an event tagged ${tag}`)
        expect(r.stderr, why).toContain('--platform messenger')
        continue
      }
      expect(r.stdout, why).toMatch(
        new RegExp(
          `^sent an? ${tag} event \\(${platform}, .+, seed \\d+\\) to ${s.url}\\n200 OK in [\\d.]+ ms: EVENT_RECEIVED\\n$`,
        ),
      )
      // Find this run's request by its fresh body: the one whose events have this tag and platform.
      const got = s.requests.filter((q) => {
        const v = parseWebhook(q.body)
        return v.ok && v.value.platform === platform && v.value.events.every((e) => e.type === tag)
      })
      expect(got.length, why).toBeGreaterThanOrEqual(1)
      const q = got[0]!
      const webhook = eventsOf(q.body, why)
      expect(webhook.events.length, why).toBeGreaterThanOrEqual(1)
      expect(webhook.object, why).toBe(platform === 'instagram' ? 'instagram' : 'page')
      expectMetaForm(q.body.toString('latin1'), why)
      expect(q.headers['x-hub-signature-256'], why).toBe(`sha256=${opensslHmac('sha256', SECRET, q.body)}`)
      expect(q.headers['x-hub-signature'], why).toBe(`sha1=${opensslHmac('sha1', SECRET, q.body)}`)
      expect(q.headers['user-agent'], why).toBe('facebookexternalua')
      expect(q.headers['content-type'], why).toBe('application/json')
    }
    // 21 tags on Messenger have fixtures, plus unknown; Instagram has 8, plus unknown made up.
    expect(sent.length).toBeGreaterThanOrEqual(30)
  })

  it('--print writes the same kind of body (its bytes alone) without a secret or a server', async () => {
    for (const { tag, platform, has } of CASES.filter(
      (c) => c.tag === 'unknown' || c.tag === 'change' || c.tag === 'reaction',
    )) {
      const args = ['trigger', tag, '--platform', platform, '--print']
      const r = await runExpect(args, has ? 0 : 2)
      const why = describeRun(args, r)
      if (!has) continue
      expect(r.stdout.endsWith('}'), why).toBe(true)
      const webhook = eventsOf(Buffer.from(r.stdout), why)
      expect(
        webhook.events.map((e) => e.type),
        why,
      ).toEqual([tag])
      expect(webhook.platform, why).toBe(platform)
    }
  })

  it('unknown on Instagram (no fixture) is made up: an item with no known event key', async () => {
    const r = await runExpect(['trigger', 'unknown', '--platform', 'instagram', '--print'], 0)
    const webhook = eventsOf(Buffer.from(r.stdout), 'unknown instagram')
    const event = webhook.events[0]!
    expect(event.type).toBe('unknown')
    expect(Object.keys(event.raw)).toContain('hop_context')
  })
})

describe('trigger: tags', () => {
  it.each([
    ['mesage', 'message'],
    ['message-echo', 'message_echo'],
    ['Reaction', 'reaction'],
    ['echo', 'message_echo'],
    ['postbak', 'postback'],
    ['changes', 'change'],
  ])('an unknown tag %s is a usage error that suggests %s', async (typed, suggested) => {
    const s = await server()
    const args = ['trigger', typed, '--to', s.url, '--secret', SECRET]
    const r = await runExpect(args, 2)
    expect(r.stderr, describeRun(args, r)).toContain(`unknown event tag "${typed}": did you mean "${suggested}"?`)
    expect(s.requests.length).toBe(0)
  })

  it('a tag nothing resembles gets no suggestion', async () => {
    const r = await runExpect(['trigger', 'zzzzzzzzzz', '--print'], 2)
    expect(r.stderr).toContain('unknown event tag "zzzzzzzzzz" (trigger --help lists every tag)')
  })
})

describe('trigger: --seed', () => {
  it('the same seed gives the same bytes; another seed or no seed gives fresh message IDs', async () => {
    const a = await runExpect(['trigger', 'message', '--seed', '42', '--print'], 0)
    const b = await runExpect(['trigger', 'message', '--seed', '42', '--print'], 0)
    expect(a.stdout).toBe(b.stdout)
    const mids = new Set<string>()
    for (const args of [['--seed', '43'], [], []]) {
      const r = await runExpect(['trigger', 'message', ...args, '--print'], 0)
      const e = eventsOf(Buffer.from(r.stdout), 'message').events[0]!
      if (e.type === 'message') mids.add(e.message.mid)
    }
    const first = eventsOf(Buffer.from(a.stdout), 'seed 42').events[0]!
    if (first.type === 'message') mids.add(first.message.mid)
    expect(mids.size).toBe(4)
  })

  it('without --seed the times are now; with one, the fixture times are kept', async () => {
    const before = Date.now()
    const r = await runExpect(['trigger', 'reaction', '--print'], 0)
    const e = eventsOf(Buffer.from(r.stdout), 'reaction').events[0]!
    expect(e.entry.time).toBeGreaterThanOrEqual(before)
    expect(e.entry.time).toBeLessThanOrEqual(Date.now() + 1000)
    const seeded = await runExpect(['trigger', 'reaction', '--seed', '1', '--print'], 0)
    const s = eventsOf(Buffer.from(seeded.stdout), 'reaction').events[0]!
    expect(s.entry.time).toBeLessThan(before - 24 * 3600 * 1000)
  })

  it('the seed is printed, and sending with it again sends the same bytes', async () => {
    const s = await server()
    const first = await runExpect(['trigger', 'postback', '--to', s.url, '--secret', SECRET], 0)
    const seed = /seed (\d+)\)/.exec(first.stdout)?.[1]
    expect(seed, first.stdout).toBeDefined()
    await runExpect(['trigger', 'postback', '--seed', seed!, '--to', s.url, '--secret', SECRET], 0)
    await runExpect(['trigger', 'postback', '--seed', seed!, '--to', s.url, '--secret', SECRET], 0)
    expect(s.requests[1]!.body.equals(s.requests[2]!.body)).toBe(true)
  })

  it('--print writes exactly the bytes that --to sends with the same seed and --set', async () => {
    const s = await server()
    const same = ['--seed', '11', '--set', 'message.text=ü/x', '--platform', 'instagram']
    const printed = await runExpect(['trigger', 'message', ...same, '--print'], 0)
    await runExpect(['trigger', 'message', ...same, '--to', s.url, '--secret', SECRET], 0)
    expect(s.requests[0]!.body.equals(Buffer.from(printed.stdout, 'latin1'))).toBe(true)
  })

  it.each([['-1'], ['1.5'], ['4294967296'], ['seven']])('--seed %s is a usage error', async (seed) => {
    const r = await runExpect(['trigger', 'message', `--seed=${seed}`, '--print'], 2)
    expect(r.stderr).toMatch(/--seed must be a whole number from 0 to 4294967295/)
  })
})

describe('trigger: --set', () => {
  const print = async (...sets: string[]) => {
    const args = ['trigger', 'message', '--seed', '5', ...sets.flatMap((x) => ['--set', x]), '--print']
    const r = await runExpect(args, 0)
    return { text: r.stdout, why: describeRun(args, r) }
  }

  it('item paths, body paths, strings and JSON values; a JSON value is inserted exactly as typed', async () => {
    const { text, why } = await print(
      'message.text=hello world',
      'sender.id="123"',
      'message.quick_reply.payload=PICK_RED',
      'message.attachments=[]',
      'message.x_flag=true',
      'message.x_count=1.50',
      'entry[0].id=1234567890123456789012',
      'entry[0].time=1700000000000',
      'x_note=café/ü',
    )
    expect(text, why).toContain('"text":"hello world"')
    expect(text, why).toContain('"sender":{"id":"123"}')
    expect(text, why).toContain('"quick_reply":{"payload":"PICK_RED"}')
    expect(text, why).toContain('"x_count":1.50')
    expect(text, why).toContain('"id":1234567890123456789012')
    expect(text, why).toContain('"x_note":"caf\\u00e9\\/\\u00fc"')
    const e = eventsOf(Buffer.from(text), why).events[0]!
    expect(e.type).toBe('message')
    if (e.type !== 'message') return
    expect(e.message.text).toBe('hello world')
    expect(e.sender.id).toBe('123')
    expect(e.entry.id).toBe('1234567890123456789012')
    expect(e.entry.time).toBe(1700000000000)
  })

  it('bracket paths: indexes, quoted keys, appending to an array; __proto__ is a key, never the prototype', async () => {
    const { text, why } = await print(
      'entry[0].messaging[0]["x.dotted"]=1',
      'message.attachments[0]={"type":"image","payload":{"url":"https://x.example/a.png"}}',
      'message.attachments[0].payload.url=https://y.example/b.png',
      '__proto__.polluted=yes',
    )
    const body = JSON.parse(text) as { entry: { messaging: Record<string, unknown>[] }[] }
    const item = body.entry[0]!.messaging[0]!
    expect(item['x.dotted'], why).toBe(1)
    expect(Object.hasOwn(item, '__proto__'), why).toBe(true)
    expect(({} as Record<string, unknown>).polluted, why).toBeUndefined()
    expect(text, why).toContain('"url":"https:\\/\\/y.example\\/b.png"')
  })

  it('a --set that breaks the body, or a path that cannot be set, is a usage error and nothing is sent', async () => {
    const s = await server()
    for (const [set, message] of [
      ['message.text=123', /invalid item after --set: entry\[0\]\.messaging\[0\]\.message\.text: expected a string/],
      ['message=null', /after --set/],
      ['message.is_echo=true', /the body has a message_echo event after --set, not only message events/],
      ['entry=[]', /the body has no event after --set/],
      ['message.text.deeper=1', /--set "message.text.deeper=1": message.text is "[^"]*": nothing can be set inside it/],
      ['entry[5].id=1', /entry has 1 elements: \[5\] is past its end/],
      ['entry.id=1', /entry is not an object/],
      ['message', /no "=" and value/],
      ['=1', /the path is empty/],
      ['a..b=1', /a key is missing/],
      ['a[x]=1', /an index must be \[n\]/],
    ] as const) {
      const args = ['trigger', 'message', '--seed', '5', '--set', set, '--to', s.url, '--secret', SECRET]
      const r = await runExpect(args, 2)
      expect(r.stderr, describeRun(args, r)).toMatch(message)
    }
    expect(s.requests.length).toBe(0)
  })
})

describe('trigger: answers and usage', () => {
  it("a 403 shows the first line of the answer and doctor's verdict; exit 1", async () => {
    const s = await server(403, 'mismatch\ndetails')
    const args = ['trigger', 'message', '--to', s.url, '--secret', SECRET]
    const r = await runExpect(args, 1)
    const why = describeRun(args, r)
    expect(r.stdout, why).toMatch(/^answer: {2}403 Forbidden {2}mismatch$/m)
    expect(r.stdout, why).toContain('doctor on the request as sent: ok.')
    expect(r.stdout, why).not.toContain("not in Meta's compact form")
  })

  it('a 500 exits 1 with its first line', async () => {
    const s = await server(500, 'boom')
    const r = await runExpect(['trigger', 'read', '--to', s.url, '--secret', SECRET], 1)
    expect(r.stdout).toMatch(/^answer: {2}500 Internal Server Error {2}boom$/m)
  })

  it('an unreachable URL exits 2', async () => {
    const port = await closedPort()
    const r = await runExpect(['trigger', 'message', '--to', `http://127.0.0.1:${port}/`, '--secret', SECRET], 2)
    expect(r.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:\d+\/: connect ECONNREFUSED/)
  })

  it.each([
    [['trigger', 'message'], /trigger needs --to URL/],
    [['trigger', 'message', '--to', 'http://127.0.0.1:9/'], /no secret/],
    [['trigger', 'message', '--to', 'http://127.0.0.1:9/', '--print'], /--print or --to, not both/],
    [['trigger', 'message', '--platform', 'whatsapp', '--print'], /--platform must be messenger or instagram/],
    [['trigger', '--print'], /missing required args|tag/i],
  ])('%j is a usage error', async (args, message) => {
    const r = await runExpect(args, 2)
    expect(r.stderr, describeRun(args, r)).toMatch(message)
  })
})
