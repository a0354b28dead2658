/**
 * `validate` and `doctor` read capture lines (`listen --out`, written here with capture.ts's
 * `captureLine`): `validate` decodes the body each line holds, counted as one body and reported at
 * its line like any other; `doctor` checks a one-line capture file, the first line of a longer
 * one (saying so), or the line `--line n` names.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { captureLine } from '../../src/cli/capture.js'
import {
  describeRun,
  messageItem,
  midlessItem,
  pageBody,
  removeTempDirs,
  requireBuiltCli,
  runExpect,
  summaryOf,
  tempDir,
  unknownItem,
  validateJson,
} from './helpers.js'
import { sign } from './listen-helpers.js'

beforeAll(requireBuiltCli)
afterAll(removeTempDirs)

const SECRET = 'capture-secret-0123456789'

/** The capture line of a request with this body, signed with `secret`. */
function capture(body: string | Uint8Array, secret = SECRET, extra: Record<string, string> = {}): string {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body
  return captureLine({
    receivedAt: new Date('2024-06-10T08:00:00.000Z'),
    method: 'POST',
    path: '/webhook',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(secret, bytes), ...extra },
    body: bytes,
  })
}

function write(name: string, text: string): string {
  const file = join(tempDir(), name)
  writeFileSync(file, text)
  return file
}

const good = (mid: string, text = 'hi') => JSON.stringify(pageBody(messageItem(mid, text)))

describe('validate reads capture lines', () => {
  it('counts each capture line as the body it holds, beside plain bodies, reporting bad ones at their line', async () => {
    const file = write(
      'mixed.ndjson',
      `${[
        good('m_plain'),
        capture(good('m_captured')),
        capture(JSON.stringify(pageBody(midlessItem()))),
        '',
        capture('not json'),
        capture(Buffer.from([0xc3, 0x28])),
        capture(good('m_pretty', 'x').replace('{', '{\n  ')),
      ].join('\n')}\n`,
    )
    const { report } = await validateJson([file], 1)
    expect(report.bodies).toBe(4)
    expect(report.events).toBe(3)
    expect(report.invalid).toEqual([
      {
        file,
        line: 3,
        path: 'entry[0].messaging[0].message.mid',
        message: expect.any(String),
        type: 'message',
      },
    ])
    expect(report.unusable).toEqual([
      { file, line: 5, message: expect.stringMatching(/^the body is not valid JSON/) },
      { file, line: 6, message: 'not valid UTF-8 text' },
    ])
  })

  it('a .json file holding one capture line is one body; --strict applies to the captured body', async () => {
    const file = write('one.json', `${capture(JSON.stringify(pageBody(unknownItem())))}\n`)
    const loose = await validateJson([file], 0)
    expect([loose.report.bodies, loose.report.unknown]).toEqual([1, 1])
    const strict = await validateJson(['--strict', file], 1)
    expect(strict.report.invalid.map((i) => [i.line, i.type])).toEqual([[1, 'unknown']])
  })

  it('reads a capture inside a capture once only: the inner record is no webhook body', async () => {
    const file = write('nested.ndjson', `${capture(capture(good('m_1')))}\n`)
    const { report } = await validateJson([file], 1)
    expect(report.bodies).toBe(0)
    expect(report.unusable).toEqual([{ file, line: 1, message: expect.stringMatching(/^object: /) }])
  })

  it('a body that has an entry array is a body, even with headers and body keys', async () => {
    const body = JSON.stringify({ ...pageBody(messageItem('m_1')), headers: {}, body: 'x' })
    const file = write('body.ndjson', `${body}\n`)
    const { report } = await validateJson([file], 0)
    expect([report.bodies, report.events]).toEqual([1, 1])
  })

  it('a capture line of 1 MiB or more is decoded in a worker thread, with the same report for any --workers', async () => {
    const big = good('m_big', 'z'.repeat(1_200_000))
    const file = write('big.ndjson', `${capture(good('m_1'))}\n${capture(big)}\n${capture('{"object":"page"}')}\n`)
    const reports = []
    for (const workers of ['0', '2']) reports.push((await validateJson(['--workers', workers, file], 1)).report)
    expect(reports[1]).toEqual(reports[0])
    expect(reports[0]?.bodies).toBe(2)
    expect(reports[0]?.unusable.map((u) => u.line)).toEqual([3])
  })

  it('the text summary counts capture lines as bodies', async () => {
    const file = write('two.ndjson', `${capture(good('m_1'))}\n${capture(good('m_2'))}\n`)
    const r = await runExpect(['validate', file], 0)
    expect(summaryOf(r.stdout)).toMatchObject({ bodies: 2, events: 2, unusable: 0 })
  })
})

describe('doctor reads capture lines', () => {
  const lines = [
    capture(good('m_1')),
    capture(good('m_2'), 'another-secret'),
    '',
    capture(Buffer.from([0xff, 0x00, 0x7b])),
    `${capture(good('m_4')).slice(0, -2)}X"}`,
  ]
  let file: string

  beforeAll(() => {
    file = write('captures.ndjson', `${lines.join('\n')}\n`)
  })

  const doctor = (args: string[], code: number) => runExpect(['doctor', '--secret', SECRET, ...args], code)

  it('a file of one capture line: the verdict, no note', async () => {
    const one = write('one.ndjson', `${capture(good('m_1'))}\n`)
    const r = await doctor([one], 0)
    expect(r.stdout).toBe('verdict: ok\n  The captured bytes verify (sha256, secret #0).\n')
  })

  it('a longer file: the first line, and a note that says so', async () => {
    const r = await doctor([file], 0)
    expect(r.stdout).toBe(
      'verdict: ok\n  The captured bytes verify (sha256, secret #0).\n' +
        `  (Line 1 of ${file}, which holds 4 capture lines; check another with --line <n>.)\n`,
    )
  })

  it('--line n checks that line: another secret, a body in base64, a changed body', async () => {
    const second = await doctor(['--line', '2', file], 1)
    expect(second.stdout.split('\n')[0]).toBe('verdict: wrong-secret-or-modified')
    expect(second.stdout).toContain(`(Line 2 of ${file}, which holds 4 capture lines.)`)
    const both = await runExpect(['doctor', '--secret', SECRET, '--secret', 'another-secret', '--line', '2', file], 0)
    expect(both.stdout).toContain('secret #1')
    const binary = await doctor(['--line', '4', file], 0)
    expect(binary.stdout.split('\n')[0]).toBe('verdict: ok')
    const changed = await doctor(['--line', '5', file], 1)
    expect(changed.stdout.split('\n')[0]).toBe('verdict: wrong-secret-or-modified')
  })

  it('--line past the end, on a blank line, on a line that is no capture, or not a number: exit 2', async () => {
    const raw = write('request.http', 'POST /webhook HTTP/1.1\nX-Hub-Signature-256: sha256=00\n\n{}')
    for (const [args, message] of [
      [['--line', '9', file], /--line 9 is past the end of .* \(5 lines\)/],
      [['--line', '3', file], /line 3 of .* is blank/],
      [['--line', '1', raw], /line 1 of .* is not a capture line/],
      [['--line', '0', file], /--line must be a whole number from 1/],
      [['--line', 'two', file], /--line must be a whole number/],
    ] as [string[], RegExp][]) {
      const r = await doctor(args, 2)
      expect(r.stderr, describeRun(args, r)).toMatch(message)
      expect(r.stdout).toBe('')
    }
  })

  it('a file that is neither a capture nor capture lines is still a usage error', async () => {
    const junk = write('junk.txt', 'hello\nworld\n')
    const r = await doctor([junk], 2)
    expect(r.stderr).toMatch(/is neither raw HTTP/)
  })
})
