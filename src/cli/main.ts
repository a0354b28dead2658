/**
 * The `messenger-webhooks` command: validate captured bodies, sign and verify test bodies, and
 * diagnose signature failures. A thin shell over the library (docs/cli.md).
 */
import { readFileSync } from 'node:fs'
import cac from 'cac'
import { argvProblems, useExactArgv } from './args.js'
import { register as doctor } from './commands/doctor.js'
import { register as fixtures } from './commands/fixtures.js'
import { register as listen } from './commands/listen.js'
import { register as mergeReports } from './commands/merge-reports.js'
import { register as send } from './commands/send.js'
import { register as sign } from './commands/sign.js'
import { register as trigger } from './commands/trigger.js'
import { register as validate } from './commands/validate.js'
import { register as verify } from './commands/verify.js'
import { fail, finish, install } from './exit.js'
import { didYouMean, optionNames, useHelp } from './help.js'
import { PoolBroken } from './pool.js'
import { done, UsageError } from './shared.js'

install()

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }

const cli = cac('messenger-webhooks')
useExactArgv(cli)
for (const register of [validate, mergeReports, send, trigger, sign, verify, doctor, listen, fixtures]) register(cli)

cli.option('-v, --version', 'Print the version')
useHelp(cli)

/** A usage error with "did you mean …" for an unknown option of the command (or of the program). */
function unknownOption(flag: string, command: string | undefined): UsageError {
  return new UsageError(`unknown option ${flag}${didYouMean(flag, optionNames(cli, command), (s) => s)} (see --help)`)
}

async function main(): Promise<void> {
  try {
    cli.parse(process.argv, { run: false })
    const problem = argvProblems(cli.options)[0]
    if (cli.matchedCommand === undefined) {
      if (cli.options.help === true) return finish(0)
      if (problem !== undefined) throw new UsageError(problem)
      if (cli.options.version === true) return finish(done(`${pkg.version}\n`, 0))
      const name = cli.args[0]
      const unknown = Object.keys(cli.options).find((k) => k !== '--')
      if (name === undefined && unknown !== undefined)
        throw unknownOption(`--${unknown.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`)}`, undefined)
      if (name === undefined) throw new UsageError('missing command (see --help)')
      const commands = cli.commands.map((c) => c.name).filter((c) => c !== '')
      throw new UsageError(`unknown command "${name}"${didYouMean(name, commands)} (see --help)`)
    }
    if (problem !== undefined) throw new UsageError(problem)
    const code: unknown = await cli.runMatchedCommand()
    // Every command returns its exit code once its output is written; anything else fails closed.
    finish(typeof code === 'number' ? code : 2)
  } catch (e) {
    if (e instanceof Error && e.name === 'CACError') {
      const flag = /^Unknown option `(--?[^`]+)`$/.exec(e.message)?.[1]
      fail(flag !== undefined ? unknownOption(flag, cli.matchedCommand?.name).message : e.message)
    }
    if (e instanceof UsageError) fail(e.message)
    // A run that cannot finish (its worker threads cannot start) says why, without a report: exit 2.
    if (e instanceof PoolBroken) fail(`cannot finish the run: ${e.message}`)
    fail(`unexpected error: ${e instanceof Error ? e.message : String(e)}`, 2)
  }
}

void main()
