/** `doctor` (docs/cli.md). */
import type { CAC } from 'cac'
import { parseCapture } from '../capture.js'
import { diagnose, NEEDS_SECRET } from '../diagnose.js'
import { DEFAULT_SECRET_ENV, done, noSecret, readFile, secretsFrom, UsageError } from '../shared.js'

export function register(cli: CAC): void {
  cli
    .command('doctor <capture>', 'Explain why a captured request passes or fails the signature check')
    .option('--secret <secret>', 'The app secret; repeat for rotation')
    .option('--secret-env <name>', `Read the secret from this environment variable (default ${DEFAULT_SECRET_ENV})`)
    .example('messenger-webhooks doctor captured-request.http --secret-env MESSENGER_APP_SECRET')
    .action((file: string, options: Record<string, unknown>) => {
      // Usage first: an empty --secret is an error whatever the capture holds.
      const secrets = secretsFrom(options)
      const capture = parseCapture(readFile(file))
      if (capture === undefined) {
        throw new UsageError(
          `${file} is neither raw HTTP (headers, blank line, body) nor JSON { "headers": …, "body": "…" }`,
        )
      }
      const diagnosis = diagnose(capture, secrets)
      if (diagnosis === NEEDS_SECRET)
        throw new UsageError(
          `the header looks well formed; pass --secret (or set the environment variable) to check the signature (${noSecret(options)})`,
        )
      const { verdict, lines, code } = diagnosis
      return done(`verdict: ${verdict}\n${lines.map((l) => `  ${l}`).join('\n')}\n`, code)
    })
}
