/** `trigger` (docs/cli.md#7-trigger). */
import { randomInt } from 'node:crypto'
import type { CAC } from 'cac'
import { eventTypes } from '../../events/index.js'
import { signPayloadSync } from '../../verify/node.js'
import { explainRefusal } from '../diagnose.js'
import { fail } from '../exit.js'
import { createPoster, metaHeaders } from '../http-post.js'
import { all, DEFAULT_SECRET_ENV, done, one, UsageError, wholeNumber } from '../shared.js'
import { formatMs } from '../tally.js'
import { type Platform, parseSetting, triggerBody } from '../trigger-body.js'
import { outcomeLine, requiredUrl, signingSecret, timeoutOf } from './send.js'

/** The tags, wrapped for `--help`. */
function tagList(): string {
  const lines = ['Tags:']
  for (const tag of eventTypes) {
    const last = lines[lines.length - 1] as string
    if (last.length + tag.length + 2 > 100) lines.push(`  ${tag}`)
    else lines[lines.length - 1] = `${last}${last === 'Tags:' ? ' ' : ', '}${tag}`
  }
  return lines.join(',\n')
}

export function register(cli: CAC): void {
  cli
    .command(
      'trigger <tag>',
      'POST one realistic signed body whose events are all of one tag (from the shipped fixtures)',
    )
    .usage('trigger <tag> --to <url> [options]')
    .option('--to <url>', 'The webhook URL to POST to (required unless --print)')
    .option('--platform <platform>', 'messenger or instagram (default messenger)')
    .option(
      '--set <path=value>',
      'Set a field of the item (message.text=hi) or of the body (entry[0].id=…); repeatable',
    )
    .option(
      '--seed <n>',
      'Pick the fixture and the IDs from this seed, and keep the fixture times: the same body every time',
    )
    .option('--print', 'Write the body to stdout (its exact bytes) instead of sending it')
    .option('--secret <secret>', 'The app secret to sign with (prefer --secret-env)')
    .option('--secret-env <name>', `Read the secret from this environment variable (default ${DEFAULT_SECRET_ENV})`)
    .option('--timeout <ms>', 'Wait this long for the answer (default 5000, as Meta waits)')
    .example('messenger-webhooks trigger message --to http://localhost:3000/webhook')
    .example(
      'messenger-webhooks trigger postback --platform instagram --set postback.payload=GET_STARTED --to http://localhost:3000/webhook',
    )
    .example('messenger-webhooks trigger reaction --seed 7 --print')
    .example(() => `\n${tagList()}`)
    .action(async (tagText: string, options: Record<string, unknown>) => {
      const platformText = one(options, 'platform', 'platform') ?? 'messenger'
      if (platformText !== 'messenger' && platformText !== 'instagram')
        throw new UsageError(`--platform must be messenger or instagram, not ${JSON.stringify(platformText)}`)
      const platform: Platform = platformText
      const seedText = one(options, 'seed', 'seed')
      const seed = seedText === undefined ? randomInt(0, 2 ** 32 - 1) : wholeNumber(seedText, 'seed', 0, 2 ** 32 - 1)
      const settings = all(options, 'set', 'set').map(parseSetting)
      const print = options.print === true
      if (print && options.to !== undefined)
        throw new UsageError('--print writes the body instead of sending it: give --print or --to, not both')
      const url = print ? undefined : requiredUrl(options, 'trigger')
      const secret = print ? undefined : signingSecret(options, 'trigger')
      const timeoutMs = timeoutOf(options)
      const body = triggerBody({
        tag: tagText,
        platform,
        seed,
        keepTimes: seedText !== undefined,
        now: Date.now(),
        settings,
      })
      if (print || url === undefined || secret === undefined) {
        // The exact bytes that would be sent (and signed); a newline only to end a terminal's line.
        process.stdout.write(body.bytes)
        return done(process.stdout.isTTY === true ? '\n' : '', 0)
      }
      const signature = signPayloadSync(body.bytes, secret)
      const poster = createPoster(url, { concurrency: 1, timeoutMs })
      let outcome: Awaited<ReturnType<typeof poster.post>>
      try {
        outcome = await poster.post(body.bytes, signature)
      } finally {
        poster.close()
      }
      if (outcome.kind === 'failed' && outcome.beforeConnect) fail(`cannot reach ${url.href}: ${outcome.message}`)
      const article = /^[aeiou]/.test(body.tag) ? 'an' : 'a'
      const head = `${article} ${body.tag} event (${platform}, ${body.fixture}, seed ${seed}) to ${url.href}`
      if (outcome.kind === 'answer' && outcome.status >= 200 && outcome.status < 300) {
        const answer = outcome.firstLine === '' ? '' : `: ${outcome.firstLine}`
        return done(`sent ${head}\n${outcome.status} ${outcome.statusText} in ${formatMs(outcome.ms)}${answer}\n`, 0)
      }
      const lines = [`sent ${head}`, outcomeLine('answer:', outcome)]
      if (outcome.kind === 'answer' && outcome.status === 403) {
        const headers = metaHeaders(body.bytes.byteLength, signature)
        lines.push(...explainRefusal({ body: body.bytes, headers }, secret, outcome.firstLine).map((l) => `  ${l}`))
      }
      return done(`${lines.join('\n')}\n`, 1)
    })
}
