/**
 * Reference implementations the signature specifications compare against, written apart from
 * src/: HMACs computed by the `openssl` binary (an independent implementation) and by node:crypto,
 * and Meta's escaped-unicode form (docs/signatures.md, section 8) computed code point by code point.
 */
import { execFileSync } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export type Algorithm = 'sha256' | 'sha1'

const encoder = new TextEncoder()

/** Bytes of a body given as text (UTF-8) or bytes. */
export function bytesOf(body: string | Uint8Array): Uint8Array {
  return typeof body === 'string' ? encoder.encode(body) : body
}

/** Lowercase hex HMAC by node:crypto, for tests that only need *a* correct signature. */
export function hmacHex(algorithm: Algorithm, secret: string, body: string | Uint8Array): string {
  return createHmac(algorithm, secret).update(bytesOf(body)).digest('hex')
}

/** The `X-Hub-Signature-256` value Meta would send for a body. */
export function sha256Header(secret: string, body: string | Uint8Array): string {
  return `sha256=${hmacHex('sha256', secret, body)}`
}

/** The legacy `X-Hub-Signature` value Meta would send for a body. */
export function sha1Header(secret: string, body: string | Uint8Array): string {
  return `sha1=${hmacHex('sha1', secret, body)}`
}

let openSslCalls = 0

/** How many times {@link opensslHmac} ran the binary (the suite keeps it to a few dozen). */
export function opensslCallCount(): number {
  return openSslCalls
}

/**
 * Lowercase hex HMAC computed by `openssl dgst -<alg> -hmac <secret>` over the body written to a
 * temporary file, so neither node:crypto nor Web Crypto is involved.
 */
export function opensslHmac(algorithm: Algorithm, secret: string, body: string | Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'mw-openssl-'))
  try {
    const file = join(dir, 'body')
    writeFileSync(file, bytesOf(body))
    openSslCalls++
    const out = execFileSync('openssl', ['dgst', `-${algorithm}`, '-hmac', secret, file], { encoding: 'utf8' })
    // "HMAC-SHA2-256(/tmp/…/body)= 5f0c…" (the label varies between OpenSSL versions; the digest does not).
    const match = /=\s*([0-9a-f]+)\s*$/.exec(out)
    if (match === null) throw new Error(`unexpected openssl output: ${out}`)
    return match[1] as string
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** True when the `openssl` binary can be run. */
export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/**
 * Meta's escaped-unicode form of a text, computed from code points: ASCII unchanged, every other
 * BMP character as `\uXXXX` with lowercase hex, every astral character as its UTF-16 surrogate
 * pair (`😀` U+1F600 → `\ud83d\ude00`).
 */
export function metaEscape(text: string): string {
  const hex4 = (n: number) => `\\u${n.toString(16).padStart(4, '0')}`
  let out = ''
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number
    if (cp < 0x80) out += ch
    else if (cp <= 0xffff) out += hex4(cp)
    else {
      const v = cp - 0x10000
      out += hex4(0xd800 + (v >> 10)) + hex4(0xdc00 + (v & 0x3ff))
    }
  }
  return out
}

/** A copy of `bytes` with the byte at `index` XOR-ed with a non-zero `mask`. */
export function flipByte(bytes: Uint8Array, index: number, mask: number): Uint8Array {
  const copy = bytes.slice()
  copy[index] = (copy[index] as number) ^ (mask === 0 ? 1 : mask)
  return copy
}

const HEX = '0123456789abcdef'

/** A lowercase hex digest with the digit at `index` replaced by a different hex digit. */
export function changeHexDigit(hex: string, index: number, shift: number): string {
  const lower = hex.toLowerCase()
  const old = HEX.indexOf(lower[index] as string)
  const next = HEX[(old + 1 + (shift % 15)) % 16] as string
  return lower.slice(0, index) + next + lower.slice(index + 1)
}
