/**
 * What `listen` prints: the summary of each kind of event (from the shipped fixtures), escaping
 * of everything that came from the request, and colour: on a terminal only, never with NO_COLOR
 * or --no-color (a real pseudo-terminal, by util-linux `script`, where Ctrl-C is a real ^C).
 */
import { execFileSync, spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clock, colors, eventLine, quote, safe, senderOf, summary } from '../../src/cli/listen-lines.js'
import { parseWebhook } from '../../src/parse.js'
import { CLI, FIXTURES, messageItem, pageBody, removeTempDirs, requireBuiltCli } from './helpers.js'
import { post, sign } from './listen-helpers.js'

beforeAll(requireBuiltCli)
afterAll(removeTempDirs)

const plain = colors(false)
const ESC = '\u001b'
/** A colour escape (SGR). */
const SGR = new RegExp(`${ESC}\\[\\d+m`, 'g')

function eventsOf(path: string) {
  const r = parseWebhook(readFileSync(join(FIXTURES, path)))
  if (!r.ok) throw new Error(`${path}: ${r.error.message}`)
  return r.value.events
}

describe('event lines', () => {
  it('every shipped fixture prints one safe line per event, with its platform, tag and sender', () => {
    let n = 0
    for (const folder of ['messenger', 'instagram', 'dashboard', 'batch']) {
      for (const file of readdirSync(join(FIXTURES, folder)).filter((f) => f.endsWith('.json'))) {
        for (const event of eventsOf(`${folder}/${file}`)) {
          const line = eventLine('12:00:00', event, plain)
          expect(line.startsWith(`12:00:00  ${event.platform.padEnd(9)}  ${event.type}`), line).toBe(true)
          expect(line, `${folder}/${file}`).not.toMatch(/[\n\r]/)
          expect(line).not.toContain(ESC)
          expect(summary(event).length, line).toBeGreaterThan(0)
          n++
        }
      }
    }
    expect(n).toBeGreaterThan(100)
  })

  it('summaries: text, attachments, quick reply, postback payload, reaction, read, delivery', () => {
    const [text, , image, sticker, quick, postback, read, delivery, reaction] = eventsOf('batch/mixed.json')
    expect(summary(text as never)).toBe('"hi"')
    expect(summary(image as never)).toBe('[image]')
    expect(summary(sticker as never)).toBe('[image, sticker]')
    expect(summary(quick as never)).toBe('"Track order" quick reply "TRACK_ORDER"')
    expect(summary(postback as never)).toBe('payload "GET_STARTED" title "Get Started"')
    expect(summary(read as never)).toBe('watermark 1718002990000')
    expect(summary(delivery as never)).toBe('1 message, watermark 1718002990050')
    expect(summary(reaction as never)).toBe('react 👍 on m_Batch0102')
    expect(senderOf(text as never)).toBe('2400000000000001')
  })

  it('a long text is cut at 60 characters, never inside a surrogate pair', () => {
    const long = quote('😀'.repeat(100))
    expect(Array.from(JSON.parse(long) as string)).toHaveLength(60)
    expect(long.endsWith('…"')).toBe(true)
    expect(long).not.toMatch(/\\ud83d"/)
  })

  it('controls, DEL, C1 and bidirectional overrides are escaped', () => {
    expect(safe('a\u001b[2Jb\u0007c\u007fd\u009be\u202ef\u2066g')).toBe(
      'a\\u001b[2Jb\\u0007c\\u007fd\\u009be\\u202ef\\u2066g',
    )
    const body = JSON.stringify(pageBody(messageItem('m_1', 'x\u001b]0;pwned\u0007y')))
    const r = parseWebhook(body)
    if (!r.ok) throw new Error('no body')
    const line = eventLine(clock(new Date()), r.value.events[0] as never, colors(true))
    expect(line).toContain('"x\\u001b]0;pwned\\u0007y"')
    // The only escapes left are the line's own colours.
    expect(line.replace(SGR, '')).not.toContain(ESC)
  })
})

/** util-linux `script`, which runs a command on a pseudo-terminal. */
function hasScript(): boolean {
  try {
    return execFileSync('script', ['--version'], { encoding: 'utf8' }).includes('util-linux')
  } catch {
    return false
  }
}

/** Runs listen on a pseudo-terminal, sends one signed POST, then types Ctrl-C. */
async function onTerminal(args: string[], env: Record<string, string | undefined>) {
  const secret = 'tty-secret'
  const vars: Record<string, string> = {}
  for (const [k, v] of Object.entries({ ...process.env, ...env })) if (v !== undefined) vars[k] = v
  delete vars.MESSENGER_APP_SECRET
  // `script` runs the command through $SHELL -c; `exec` makes the CLI the process that the
  // terminal's ^C reaches (a shell left waiting would itself die of SIGINT, exit 130).
  vars.SHELL = '/bin/sh'
  const quoted = [process.execPath, CLI, 'listen', '--port', '0', '--secret', secret, ...args]
    .map((a) => `'${a.replaceAll("'", "'\\''")}'`)
    .join(' ')
  const child = spawn('script', ['-qfec', `exec ${quoted}`, '/dev/null'], {
    env: vars,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (b: Buffer) => {
    output += b.toString('utf8')
  })
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  const until = async (pattern: RegExp) => {
    const end = Date.now() + 10_000
    while (!pattern.test(output)) {
      if (Date.now() > end) throw new Error(`no ${pattern} in:\n${JSON.stringify(output)}`)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }
  try {
    await until(/127\.0\.0\.1\S*:\d+\//)
    const port = /127\.0\.0\.1:(\d+)\//.exec(output.replace(SGR, ''))?.[1]
    const body = JSON.stringify(pageBody(messageItem('m_tty', 'on a terminal')))
    expect((await post(`http://127.0.0.1:${port}/`, body, { 'x-hub-signature-256': sign(secret, body) })).status).toBe(
      200,
    )
    await until(/on a terminal/)
    child.stdin.write('\u0003')
    await until(/stopped: 1 request/)
    return { output, code: await exited }
  } finally {
    child.kill('SIGKILL')
  }
}

describe.skipIf(!hasScript())('colour on a terminal', () => {
  it('colours the lines on a terminal; Ctrl-C stops it cleanly (exit 0)', async () => {
    const { output, code } = await onTerminal([], { NO_COLOR: undefined, FORCE_COLOR: undefined })
    expect(output).toContain(`${ESC}[1mmessage`)
    expect(output).toContain(`${ESC}[36m2400000000000001`)
    expect(code).toBe(0)
  })

  it('no colour with NO_COLOR, nor with --no-color', async () => {
    for (const [args, env] of [
      [[], { NO_COLOR: '1' }],
      [['--no-color'], { NO_COLOR: undefined }],
    ] as [string[], Record<string, string | undefined>][]) {
      const { output, code } = await onTerminal(args, env)
      expect(output).toContain('on a terminal')
      expect(output).not.toContain(ESC)
      expect(code).toBe(0)
    }
  })
})
