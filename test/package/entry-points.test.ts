/**
 * The built package (`npm test` builds it first) loads as ESM and as CommonJS through its
 * `exports` map, in a fresh Node process, and decodes a fixture.
 */
import { execFileSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const fixture = join(root, 'fixtures', 'batch', 'mixed.json')

function run(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' }).trim()
}

describe('package entry points', () => {
  it('imports as ESM and decodes a batch', () => {
    const out = run([
      '--input-type=module',
      '-e',
      `import { parseWebhook } from 'messenger-webhooks'
       import { readFileSync } from 'node:fs'
       const r = parseWebhook(readFileSync(${JSON.stringify(fixture)}))
       console.log(r.ok && r.value.events.map((e) => e.type).join(','))`,
    ])
    expect(out.split(',')).toHaveLength(12)
    expect(out).toMatch(/^message,/)
  })

  it('requires as CommonJS and decodes a batch', () => {
    const out = run([
      '-e',
      `const { decodeWebhook } = require('messenger-webhooks')
       const r = decodeWebhook(require(${JSON.stringify(fixture)}))
       console.log(r._tag, r.right.events.length, r.right.invalid.length)`,
    ])
    expect(out).toBe('Right 12 0')
  })

  it('loads messenger-webhooks/testing in both formats', () => {
    const esm = run([
      '--input-type=module',
      '-e',
      `import { corpus, webhookBody } from 'messenger-webhooks/testing'; console.log(corpus.length > 100, typeof webhookBody)`,
    ])
    const cjs = run([
      '-e',
      `const { corpus, webhookItem } = require('messenger-webhooks/testing'); console.log(corpus.length > 100, typeof webhookItem)`,
    ])
    expect(esm).toBe('true function')
    expect(cjs).toBe('true function')
  })

  it('keeps node:crypto and Buffer out of the main (Web) entry; the node condition and subpath use node:crypto', async () => {
    const { readFileSync } = await import('node:fs')
    for (const file of ['index.js', 'index.cjs']) {
      const code = readFileSync(join(root, 'dist', file), 'utf8')
      expect(code).not.toMatch(/["']node:/)
      expect(code).not.toMatch(/\bBuffer\.(from|alloc|concat|isBuffer)\b/)
    }
    for (const file of ['index.node.js', 'node.js']) {
      expect(readFileSync(join(root, 'dist', file), 'utf8')).toMatch(/from ['"]node:crypto['"]/)
    }
    const nodeCondition = run([
      '--input-type=module',
      '-e',
      `import { verifySignature } from 'messenger-webhooks'; console.log(verifySignature.toString().includes('verifySignatureSync'))`,
    ])
    expect(nodeCondition).toBe('true')
  })

  it('does not import the fp-ts root module (35 ms of start-up)', () => {
    const out = run([
      '--input-type=module',
      '-e',
      `import { createRequire } from 'node:module'
       await import('messenger-webhooks')
       const require = createRequire(import.meta.url)
       const loaded = Object.keys(require.cache).filter((p) => /fp-ts[\\\\/]lib[\\\\/]index\\.js$/.test(p))
       console.log(loaded.length)`,
    ])
    expect(out).toBe('0')
  })
})
