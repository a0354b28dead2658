/**
 * `--help` of `send` and `trigger` (as help.test.ts checks the other commands): usage, every
 * option, an example, and the exit codes; the program's help lists both commands; an unknown
 * option is a usage error that names it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventTypes } from '../../src/events/index.js'
import { describeRun, removeTempDirs, requireBuiltCli, runExpect } from './helpers.js'

beforeAll(requireBuiltCli)
afterAll(removeTempDirs)

const COMMANDS: Record<string, string[]> = {
  send: ['--to', '--secret', '--secret-env', '--concurrency', '--rate', '--repeat', '--timeout'],
  trigger: ['--to', '--platform', '--set', '--seed', '--print', '--secret', '--secret-env', '--timeout'],
}

describe('--help of send and trigger', () => {
  it('the program lists both commands', async () => {
    const r = await runExpect(['--help'], 0)
    expect(r.stdout).toMatch(/^ {2}send \[\.\.\.inputs\] +POST /m)
    expect(r.stdout).toMatch(/^ {2}trigger <tag> +POST /m)
  })

  it.each(Object.entries(COMMANDS))(
    '%s --help: usage, every option, an example, the exit codes 0, 1 and 2; exit 0',
    async (name, options) => {
      const args = [name, '--help']
      const r = await runExpect(args, 0)
      const why = describeRun(args, r)
      expect(r.stderr, why).toBe('')
      expect(r.stdout, why).toMatch(new RegExp(`Usage:\\n {2}\\$ messenger-webhooks ${name} .*--to <url>`))
      for (const option of options) expect(r.stdout, `${name} --help lists ${option}\n${why}`).toContain(`  ${option}`)
      expect(r.stdout, why).toMatch(
        new RegExp(`Examples:\\nmessenger-webhooks ${name} \\S+.* --to http://localhost:3000/webhook`),
      )
      const codes = r.stdout.slice(r.stdout.indexOf('Exit codes:'))
      expect(codes, why).toMatch(/^Exit codes:\n {2}0 {2}\S.*\n {2}1 {2}\S.*\n {2}2 {2}a usage error/)
    },
  )

  it('trigger --help lists every tag of the WebhookEvent union', async () => {
    const r = await runExpect(['trigger', '--help'], 0)
    const tags = r.stdout.slice(r.stdout.indexOf('Tags:') + 5, r.stdout.indexOf('Exit codes:'))
    expect(tags.split(/[\s,]+/).filter((t) => t !== '')).toEqual([...eventTypes])
  })

  it('an unknown option is a usage error that names it', async () => {
    for (const args of [
      ['send', 'body.json', '--to', 'http://127.0.0.1:9/', '--secret', 's', '--frobnicate'],
      ['trigger', 'message', '--print', '--frobnicate'],
    ]) {
      const r = await runExpect(args, 2)
      expect(r.stderr, describeRun(args, r)).toMatch(/frobnicate/)
    }
  })
})
