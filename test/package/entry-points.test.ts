/**
 * The built package (`npm test` builds it first) loads as ESM and as CommonJS through its
 * `exports` map, in a fresh Node process, and decodes a fixture.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const fixture = join(root, 'fixtures', 'batch', 'mixed.json')

function run(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' }).trim()
}

/** A built entry's code with every chunk it imports, transitively (the entries share chunks). */
function withChunks(file: string, seen = new Set<string>()): string {
  if (seen.has(file)) return ''
  seen.add(file)
  const code = readFileSync(join(root, 'dist', file), 'utf8')
  const chunks = [...code.matchAll(/(?:from |import |require\()['"]\.\/([\w.-]+)['"]/g)].map((m) => m[1] as string)
  return [code, ...chunks.map((c) => withChunks(c, seen))].join('\n')
}

/** Runs `code` as an ES module, then prints how many loaded CommonJS modules match `pattern`. */
function loadedBy(code: string, pattern: string): string {
  return run([
    '--input-type=module',
    '-e',
    `import { createRequire } from 'node:module'
     ${code}
     const require = createRequire(import.meta.url)
     console.log(Object.keys(require.cache).filter((p) => new RegExp(${JSON.stringify(pattern)}).test(p)).length)`,
  ])
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
      `import { corpus, webhookBody, createSimulator } from 'messenger-webhooks/testing'; console.log(corpus.length > 100, typeof webhookBody, typeof createSimulator)`,
    ])
    const cjs = run([
      '-e',
      `const { corpus, webhookItem, createSimulator } = require('messenger-webhooks/testing'); console.log(corpus.length > 100, typeof webhookItem, typeof createSimulator)`,
    ])
    expect(esm).toBe('true function function')
    expect(cjs).toBe('true function function')
  })

  it('keeps node:crypto and Buffer out of the Web entries and /testing; the node condition and subpath use node:crypto', () => {
    for (const file of [
      'index.js',
      'index.cjs',
      'verify.js',
      'verify.cjs',
      'decode.js',
      'decode.cjs',
      'testing.js',
      'testing.cjs',
    ]) {
      const code = withChunks(file)
      expect(code, file).not.toMatch(/["']node:/)
      expect(code, file).not.toMatch(/\bBuffer\.(from|alloc|concat|isBuffer)\b/)
    }
    for (const file of ['index.node.js', 'node.js', 'verify.node.js', 'index.node.cjs', 'verify.node.cjs']) {
      expect(withChunks(file), file).toMatch(/(from |require\()['"]node:crypto['"]/)
    }
    const nodeCondition = run([
      '--input-type=module',
      '-e',
      `import { verifySignature } from 'messenger-webhooks'; console.log(verifySignature.toString().includes('verifySignatureSync'))`,
    ])
    expect(nodeCondition).toBe('true')
  })

  it('does not import the fp-ts root module (35 ms of start-up)', () => {
    expect(loadedBy(`await import('messenger-webhooks')`, String.raw`fp-ts[\\/]lib[\\/]index\.js$`)).toBe('0')
  })

  it('shares one decoder between the entries of a format (setJitless from /decode reaches the main entry)', () => {
    const esm = run([
      '--input-type=module',
      '-e',
      `const main = await import('messenger-webhooks')
       const decode = await import('messenger-webhooks/decode')
       const verify = await import('messenger-webhooks/verify')
       console.log(main.decodeWebhook === decode.decodeWebhook, main.setJitless === decode.setJitless,
         main.WebhookBody === decode.WebhookBody, main.verifySignature === verify.verifySignature)`,
    ])
    expect(esm).toBe('true true true true')
    const cjs = run([
      '-e',
      `const main = require('messenger-webhooks'), decode = require('messenger-webhooks/decode')
       console.log(main.decodeWebhook === decode.decodeWebhook, main.setJitless === decode.setJitless)`,
    ])
    expect(cjs).toBe('true true')
  })

  it('messenger-webhooks/verify loads no io-ts or fp-ts at all, and verifies', () => {
    const use = `const v = await import('messenger-webhooks/verify')
       const headers = await v.signPayload('{}', 's')
       const r = await v.verifySignature({ body: '{}', signature: headers['X-Hub-Signature-256'], secret: 's' })
       console.log(r._tag)`
    expect(loadedBy(use, String.raw`[\\/](io-ts|fp-ts)[\\/]`)).toBe('Right\n0')
    // The same count is not 0 for the main entry: the check can see io-ts when it is there.
    expect(Number(loadedBy(`await import('messenger-webhooks')`, String.raw`[\\/]io-ts[\\/]`))).toBeGreaterThan(0)
  })

  it('ships the JSON Schemas as messenger-webhooks/schema/* (import with type json, and require)', () => {
    const esm = run([
      '--input-type=module',
      '-e',
      `import body from 'messenger-webhooks/schema/webhook.schema.json' with { type: 'json' }
       import reaction from 'messenger-webhooks/schema/events/reaction.schema.json' with { type: 'json' }
       console.log(body.$schema, reaction.$id)`,
    ])
    expect(esm).toBe(
      'https://json-schema.org/draft/2020-12/schema https://unpkg.com/messenger-webhooks/docs/schema/events/reaction.schema.json',
    )
    const cjs = run(['-e', `console.log(typeof require('messenger-webhooks/schema/webhook.schema.json').$defs)`])
    expect(cjs).toBe('object')
  })
})
