/** `sign` (docs/cli.md). */
import type { CAC } from 'cac'
import { signPayloadSync } from '../../verify/node.js'
import { DEFAULT_SECRET_ENV, done, noSecret, readFile, secretsFrom, UsageError } from '../shared.js'

export function register(cli: CAC): void {
  cli
    .command('sign <file>', 'Print the X-Hub-Signature-256 header value for the exact bytes of a file')
    .option('--secret <secret>', 'The app secret (prefer --secret-env in CI)')
    .option('--secret-env <name>', `Read the secret from this environment variable (default ${DEFAULT_SECRET_ENV})`)
    .option('--all', 'Print both header lines (X-Hub-Signature-256 and the legacy X-Hub-Signature)')
    .example('MESSENGER_APP_SECRET=… messenger-webhooks sign body.json')
    .action((file: string, options: Record<string, unknown>) => {
      const secrets = secretsFrom(options)
      if (secrets.length > 1) throw new UsageError('sign uses one secret: give --secret once')
      const [secret] = secrets
      if (secret === undefined) throw new UsageError(noSecret(options))
      let headers: ReturnType<typeof signPayloadSync>
      try {
        headers = signPayloadSync(readFile(file), secret)
      } catch (e) {
        throw new UsageError((e as Error).message)
      }
      if (options.all === true) {
        return done(
          `X-Hub-Signature-256: ${headers['X-Hub-Signature-256']}\nX-Hub-Signature: ${headers['X-Hub-Signature']}\n`,
          0,
        )
      }
      return done(`${headers['X-Hub-Signature-256']}\n`, 0)
    })
}
