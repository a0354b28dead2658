/** `verify` (docs/cli.md). */
import type { CAC } from 'cac'
import { verifySignatureSync } from '../../verify/node.js'
import { DEFAULT_SECRET_ENV, done, noSecret, one, readFile, secretsFrom, UsageError } from '../shared.js'

export function register(cli: CAC): void {
  cli
    .command('verify <file>', 'Verify a signature header against the exact bytes of a file')
    .option('--signature <header>', 'The X-Hub-Signature-256 header value (sha256=…)')
    .option('--secret <secret>', 'The app secret; repeat for rotation')
    .option('--secret-env <name>', `Read the secret from this environment variable (default ${DEFAULT_SECRET_ENV})`)
    .option('--allow-sha1', 'Accept a legacy sha1= signature')
    .example('messenger-webhooks verify --signature "sha256=…" --secret-env MESSENGER_APP_SECRET body.json')
    .action((file: string, options: Record<string, unknown>) => {
      const signature = one(options, 'signature', 'signature')
      if (signature === undefined || signature === '')
        throw new UsageError(`verify needs --signature "sha256=…"${signature === '' ? ' (it is empty)' : ''}`)
      const secrets = secretsFrom(options)
      if (secrets.length === 0) throw new UsageError(noSecret(options))
      const sha1 = options.allowSha1 === true && signature.trim().toLowerCase().startsWith('sha1=')
      const r = verifySignatureSync({
        body: readFile(file),
        ...(sha1 ? { headers: { 'x-hub-signature': signature } } : { signature }),
        secret: secrets,
        allowSha1: options.allowSha1 === true,
      })
      if (r._tag === 'Right') {
        const form = r.right.form === 'raw' ? 'raw' : 'escaped-unicode'
        return done(`OK: signature matches (${r.right.algorithm}, secret #${r.right.secretIndex}, ${form} body)\n`, 0)
      }
      return done(`FAIL ${r.left.reason}: ${r.left.hint}\n`, 1)
    })

  /** Meta's compact form of a body (no spaces), or `undefined` when it cannot be rebuilt. */
}
