/**
 * `messenger-webhooks sign` and `verify`: the signature of the exact bytes of a file, checked
 * against `openssl dgst -hmac` (an independent implementation), secrets from flags and from the
 * environment, rotation, the legacy sha1 header and the usage errors.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeRun, hmacHex, removeTempDirs, requireBuiltCli, runExpect, tempDir } from './helpers.js'

beforeAll(requireBuiltCli)
afterAll(removeTempDirs)

/** HMAC of a file by openssl: `openssl dgst -<algo> -hmac <secret> <file>`. */
function openssl(algorithm: 'sha256' | 'sha1', secret: string, file: string): string {
  let out: string
  try {
    out = execFileSync('openssl', ['dgst', `-${algorithm}`, '-hmac', secret, file], { encoding: 'utf8' })
  } catch (e) {
    throw new Error(`these tests compare with openssl, which failed or is not installed: ${(e as Error).message}`)
  }
  const m = /= ?([0-9a-f]+)\s*$/.exec(out.trim())
  if (m === null) throw new Error(`unexpected openssl output: ${out}`)
  return m[1] as string
}

/** Bytes that a text-mode or re-encoding implementation would get wrong. */
const TRICKY = Buffer.concat([
  Buffer.from('{"object":"page","entry":[{"id":"1","time":1,"messaging":[{"message":{"text":"caf\\u00e9 \\/ '),
  Buffer.from('café 😀 ', 'utf8'),
  Buffer.from('"}}]}]}\r\n\n'),
  Buffer.from([0x00, 0xff, 0x80]), // not UTF-8 at all: signed as bytes
])

const SECRET = 'c0ffee-Secret with spaces & "quotes"'

describe('sign', () => {
  it('prints sha256=<hex of openssl dgst -sha256 -hmac> over the exact file bytes', async () => {
    const dir = tempDir()
    for (const [name, bytes] of [
      ['tricky.bin', TRICKY],
      ['empty.json', Buffer.alloc(0)],
      ['plain.json', Buffer.from('{"object":"page","entry":[]}')],
    ] as const) {
      const file = join(dir, name)
      writeFileSync(file, bytes)
      const args = ['sign', '--secret', SECRET, file]
      const r = await runExpect(args, 0)
      const expected = openssl('sha256', SECRET, file)
      expect(expected).toBe(hmacHex('sha256', SECRET, bytes))
      expect(r.stdout, describeRun(args, r)).toBe(`sha256=${expected}\n`)
    }
  })

  it('--all prints both header lines, sha256 and the legacy sha1', async () => {
    const dir = tempDir()
    const file = join(dir, 'body.json')
    writeFileSync(file, TRICKY)
    const args = ['sign', '--all', '--secret', SECRET, file]
    const r = await runExpect(args, 0)
    expect(r.stdout, describeRun(args, r)).toBe(
      `X-Hub-Signature-256: sha256=${openssl('sha256', SECRET, file)}\nX-Hub-Signature: sha1=${openssl('sha1', SECRET, file)}\n`,
    )
  })

  it('reads the secret from MESSENGER_APP_SECRET by default, or from --secret-env NAME', async () => {
    const dir = tempDir()
    const file = join(dir, 'body.json')
    writeFileSync(file, TRICKY)
    const fromDefault = await runExpect(['sign', file], 0, { env: { MESSENGER_APP_SECRET: SECRET } })
    expect(fromDefault.stdout).toBe(`sha256=${openssl('sha256', SECRET, file)}\n`)
    const fromNamed = await runExpect(['sign', '--secret-env', 'MY_SECRET', file], 0, {
      env: { MY_SECRET: 'other-secret', MESSENGER_APP_SECRET: SECRET },
    })
    expect(fromNamed.stdout).toBe(`sha256=${openssl('sha256', 'other-secret', file)}\n`)
  })

  it('exits 2 without a secret (nothing on stdout), with an empty secret, or a named variable that is unset', async () => {
    const dir = tempDir()
    const file = join(dir, 'body.json')
    writeFileSync(file, TRICKY)
    for (const [args, env] of [
      [['sign', file], {}],
      [['sign', file], { MESSENGER_APP_SECRET: '' }],
      [['sign', '--secret-env', 'NOT_SET_ANYWHERE', file], { MESSENGER_APP_SECRET: SECRET }],
    ] as const) {
      const r = await runExpect(args, 2, { env })
      const why = describeRun(args, r)
      expect(r.stdout, why).not.toMatch(/sha256=/)
      expect(r.stderr, why).toMatch(/secret/i)
    }
  })

  it('exits 2 when the file is unreadable (missing, or a directory)', async () => {
    const dir = tempDir()
    for (const target of [join(dir, 'missing.json'), dir]) {
      const args = ['sign', '--secret', SECRET, target]
      const r = await runExpect(args, 2)
      expect(r.stdout, describeRun(args, r)).not.toMatch(/sha256=/)
      expect(r.stderr.trim(), describeRun(args, r)).not.toBe('')
    }
  })

  it('exits 2 without a file', async () => {
    await runExpect(['sign', '--secret', SECRET], 2)
  })
})

describe('verify', () => {
  const OK = /^OK: signature matches \((sha256|sha1), secret #(\d+), (raw|escaped-unicode) body\)$/

  function okLine(stdout: string): RegExpExecArray {
    const m = OK.exec(stdout.trim())
    if (m === null) throw new Error(`not an OK line: ${JSON.stringify(stdout)}`)
    return m
  }

  it('OK for the signature of the exact bytes (exit 0)', async () => {
    const dir = tempDir()
    const file = join(dir, 'body.json')
    writeFileSync(file, TRICKY)
    const signature = `sha256=${openssl('sha256', SECRET, file)}`
    const args = ['verify', '--signature', signature, '--secret', SECRET, file]
    const r = await runExpect(args, 0)
    const m = okLine(r.stdout)
    expect([m[1], m[3]], describeRun(args, r)).toEqual(['sha256', 'raw'])

    // The secret from the environment too (MESSENGER_APP_SECRET, or --secret-env NAME).
    await runExpect(['verify', '--signature', signature, file], 0, { env: { MESSENGER_APP_SECRET: SECRET } })
    await runExpect(['verify', '--signature', signature, '--secret-env', 'MY_SECRET', file], 0, {
      env: { MY_SECRET: SECRET },
    })
  })

  it('the output of sign verifies', async () => {
    const dir = tempDir()
    const file = join(dir, 'body.json')
    writeFileSync(file, TRICKY)
    const signed = await runExpect(['sign', '--secret', SECRET, file], 0)
    await runExpect(['verify', '--signature', signed.stdout.trim(), '--secret', SECRET, file], 0)
  })

  it('FAIL mismatch (exit 1) for another secret, or one changed byte', async () => {
    const dir = tempDir()
    const file = join(dir, 'body.json')
    writeFileSync(file, TRICKY)
    const signature = `sha256=${openssl('sha256', SECRET, file)}`
    for (const [secret, bytes] of [
      ['the-wrong-secret', TRICKY],
      [SECRET, Buffer.concat([TRICKY, Buffer.from(' ')])],
    ] as const) {
      writeFileSync(file, bytes)
      const args = ['verify', '--signature', signature, '--secret', secret, file]
      const r = await runExpect(args, 1)
      const out = `${r.stdout}${r.stderr}`
      expect(out, describeRun(args, r)).toMatch(/^FAIL mismatch: \S.*$/m)
      expect(r.stdout, describeRun(args, r)).not.toMatch(/^OK/m)
    }
  })

  it('rotation: two --secret values, either signature verifies, and the output says which secret', async () => {
    const dir = tempDir()
    const file = join(dir, 'body.json')
    writeFileSync(file, TRICKY)
    const fresh = 'new-secret'
    const old = 'old-secret'
    const byNew = await runExpect(
      ['verify', '--signature', `sha256=${openssl('sha256', fresh, file)}`, '--secret', fresh, '--secret', old, file],
      0,
    )
    const byOld = await runExpect(
      ['verify', '--signature', `sha256=${openssl('sha256', old, file)}`, '--secret', fresh, '--secret', old, file],
      0,
    )
    const first = Number(okLine(byNew.stdout)[2])
    const second = Number(okLine(byOld.stdout)[2])
    expect(second).toBe(first + 1)
    // A third secret nobody signed with: FAIL.
    const r = await runExpect(
      ['verify', '--signature', `sha256=${openssl('sha256', 'third', file)}`, '--secret', fresh, '--secret', old, file],
      1,
    )
    expect(`${r.stdout}${r.stderr}`).toMatch(/^FAIL mismatch: /m)
  })

  it('a legacy sha1= signature fails without --allow-sha1 (exit 1) and verifies with it', async () => {
    const dir = tempDir()
    const file = join(dir, 'body.json')
    writeFileSync(file, TRICKY)
    const signature = `sha1=${openssl('sha1', SECRET, file)}`
    const refused = await runExpect(['verify', '--signature', signature, '--secret', SECRET, file], 1)
    expect(`${refused.stdout}${refused.stderr}`).toMatch(/^FAIL \S+: \S/m)
    const allowed = await runExpect(['verify', '--allow-sha1', '--signature', signature, '--secret', SECRET, file], 0)
    expect(okLine(allowed.stdout)[1]).toBe('sha1')
    // A wrong sha1 still fails with --allow-sha1.
    const wrong = await runExpect(
      ['verify', '--allow-sha1', '--signature', `sha1=${openssl('sha1', 'nope', file)}`, '--secret', SECRET, file],
      1,
    )
    expect(`${wrong.stdout}${wrong.stderr}`).toMatch(/^FAIL mismatch: /m)
  })

  it("verifies a body whose \\uXXXX escapes were decoded (Meta's escaped-unicode form)", async () => {
    const dir = tempDir()
    const signedForm = '{"object":"page","entry":[],"t":"caf\\u00e9 \\ud83d\\ude00"}'
    const decoded = '{"object":"page","entry":[],"t":"café 😀"}'
    const file = join(dir, 'body.json')
    writeFileSync(file, decoded)
    const r = await runExpect(
      ['verify', '--signature', `sha256=${hmacHex('sha256', SECRET, signedForm)}`, '--secret', SECRET, file],
      0,
    )
    expect(okLine(r.stdout)[3]).toBe('escaped-unicode')
  })

  it('FAIL (exit 1) for a malformed signature header', async () => {
    const dir = tempDir()
    const file = join(dir, 'body.json')
    writeFileSync(file, TRICKY)
    for (const signature of ['sha256=xyz', 'sha256=', 'md5=0123456789abcdef0123456789abcdef', 'garbage']) {
      const args = ['verify', '--signature', signature, '--secret', SECRET, file]
      const r = await runExpect(args, 1)
      expect(`${r.stdout}${r.stderr}`, describeRun(args, r)).toMatch(/^FAIL \S+: \S/m)
    }
  })

  it('usage problems exit 2: no --signature, no secret, no file, unreadable file', async () => {
    const dir = tempDir()
    const file = join(dir, 'body.json')
    writeFileSync(file, TRICKY)
    const signature = `sha256=${openssl('sha256', SECRET, file)}`
    for (const args of [
      ['verify', '--secret', SECRET, file],
      ['verify', '--signature', signature, file],
      ['verify', '--signature', signature, '--secret', SECRET],
      ['verify', '--signature', signature, '--secret', SECRET, join(dir, 'missing.json')],
    ]) {
      const r = await runExpect(args, 2)
      expect(r.stdout, describeRun(args, r)).not.toMatch(/^OK/m)
      expect(r.stderr.trim(), describeRun(args, r)).not.toBe('')
    }
  })
})
