/**
 * What the Web Crypto and node:crypto verifiers share: the options, the checks that fail closed
 * before any HMAC is computed, the escaped-unicode body form, and a constant-time compare.
 * Nothing here imports the decoder, `node:crypto` or `Buffer`.
 */

export { escapeUnicode } from './escaped-form.js'

/**
 * Why a signature check failed. Each comes with an HTTP status to answer and a hint.
 *
 * @example
 * ```ts
 * import type { SignatureFailure } from 'messenger-webhooks'
 * const r: SignatureFailure = 'mismatch'
 * ```
 * @category signatures
 * @since 0.1.0
 */
export type SignatureFailure =
  | 'missing_header'
  | 'malformed_header'
  | 'unsupported_algorithm'
  | 'empty_secret'
  | 'secret_whitespace'
  | 'parsed_body'
  | 'invalid_body'
  | 'mismatch'
  | 'verification_error'

/**
 * A failed check: the reason, the HTTP status to answer with, and a one-line hint for the person
 * who reads the log.
 *
 * @example
 * ```ts
 * import { verifySignature } from 'messenger-webhooks'
 * const r = await verifySignature({ body: '{}', signature: undefined, secret: 's3cret' })
 * if (r._tag === 'Left') console.log(r.left.reason, r.left.status, r.left.hint) // missing_header 401 …
 * ```
 * @category signatures
 * @since 0.1.0
 */
export interface SignatureError {
  readonly _tag: 'SignatureError'
  readonly reason: SignatureFailure
  readonly status: 400 | 401 | 403 | 500
  readonly hint: string
}

/**
 * A successful check: which algorithm, which secret (index into the list) and which body form
 * (`raw` bytes, or the `escaped-unicode` form Meta may have signed) matched.
 *
 * @example
 * ```ts
 * import type { SignatureMatch } from 'messenger-webhooks'
 * const m: SignatureMatch = { algorithm: 'sha256', secretIndex: 0, form: 'raw' }
 * ```
 * @category signatures
 * @since 0.1.0
 */
export interface SignatureMatch {
  readonly algorithm: 'sha256' | 'sha1'
  readonly secretIndex: number
  readonly form: 'raw' | 'escaped-unicode'
}

/**
 * Request headers as a Fetch `Headers` or a plain object (any header-name case; Node's arrays too).
 *
 * @category signatures
 * @since 0.1.0
 */
export type HeaderSource =
  | {
      /** Reads a header as Fetch `Headers.get` does: `null` when absent. */
      get(name: string): string | null
    }
  | { readonly [name: string]: string | readonly string[] | undefined }

/**
 * Options of `verifySignature` / `verifySignatureSync`.
 *
 * @example
 * ```ts
 * import type { VerifyOptions } from 'messenger-webhooks'
 * const o: VerifyOptions = { body: rawBody, headers: request.headers, secret: [newSecret, oldSecret] }
 * ```
 * @category signatures
 * @since 0.1.0
 */
export interface VerifyOptions {
  /** The raw request body, exactly as received: never a parsed object. */
  readonly body: string | Uint8Array | ArrayBuffer | ArrayBufferView
  /** The `X-Hub-Signature-256` header value. Give this or `headers`. */
  readonly signature?: string | null | undefined
  /** The request headers, to read `X-Hub-Signature-256` (and, when allowed, `X-Hub-Signature`) from. */
  readonly headers?: HeaderSource | undefined
  /** The app secret, or several (newest first) while rotating. */
  readonly secret: string | readonly string[]
  /**
   * Accept the legacy `X-Hub-Signature: sha1=…` header, only when `X-Hub-Signature-256` is absent.
   * Default `false`.
   */
  readonly allowSha1?: boolean
}

const HINTS: Record<SignatureFailure, [SignatureError['status'], string]> = {
  missing_header: [
    401,
    'No X-Hub-Signature-256 header: the request did not come from Meta, or a proxy dropped the header.',
  ],
  malformed_header: [400, 'The signature header is not "sha256=" followed by 64 hex digits.'],
  unsupported_algorithm: [
    400,
    'The signature uses an algorithm other than sha256 (sha1 is accepted only with allowSha1 and no X-Hub-Signature-256 header).',
  ],
  empty_secret: [
    500,
    'The app secret is empty: check the environment variable that holds it (App Dashboard → Settings → Basic).',
  ],
  secret_whitespace: [
    500,
    'The app secret has spaces or a newline around it: trim the value you load (a trailing newline from a secrets file is common).',
  ],
  parsed_body: [
    500,
    'The body is a parsed object, not the raw bytes: verify before any JSON body parser runs (express.raw(), request.text(), or read the stream).',
  ],
  invalid_body: [500, 'The body must be a string, Uint8Array, Buffer or ArrayBuffer holding the raw request bytes.'],
  verification_error: [
    500,
    'The check could not run (no Web Crypto in this runtime, or a value that threw when read); the request was refused.',
  ],
  mismatch: [
    403,
    'The signature does not match this body and secret: wrong app secret, or the body was changed (re-serialized, re-encoded) before the check.',
  ],
}

/** The error for a reason, with its status and hint. */
export function signatureError(reason: SignatureFailure): SignatureError {
  const [status, hint] = HINTS[reason]
  return { _tag: 'SignatureError', reason, status, hint }
}

/** A check ready to run: the algorithm, the expected digest, the body bytes and the secrets. */
export interface PreparedCheck {
  readonly algorithm: 'sha256' | 'sha1'
  /** The expected digest as lowercase hex. */
  readonly digest: string
  readonly body: Uint8Array
  readonly secrets: readonly string[]
}

const encoder = new TextEncoder()

function bodyBytes(body: unknown): Uint8Array | SignatureFailure {
  if (typeof body === 'string') return encoder.encode(body)
  if (body instanceof Uint8Array) return body
  if (body instanceof ArrayBuffer) return new Uint8Array(body)
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength)
  if (typeof SharedArrayBuffer !== 'undefined' && body instanceof SharedArrayBuffer) return new Uint8Array(body)
  if (typeof body === 'object' && body !== null) return 'parsed_body'
  return 'invalid_body'
}

function header(headers: HeaderSource | undefined, name: string): string | undefined {
  if (headers === undefined || headers === null || typeof headers !== 'object') return undefined
  if (typeof (headers as { get?: unknown }).get === 'function') {
    const v = (headers as { get(name: string): string | null }).get(name)
    return v ?? undefined
  }
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() !== name) continue
    const v = (headers as Record<string, unknown>)[key]
    if (typeof v === 'string') return v
    // Node gives repeated headers as an array: one value is the header, several are malformed.
    if (Array.isArray(v)) return v.length === 0 ? undefined : v.join(', ')
    return undefined
  }
  return undefined
}

/**
 * The hex digest of a header, validated (exactly `2 * length` hex digits) and lowercased, in one
 * pass without a regex; `undefined` when malformed. Returns the input itself when it is already
 * lowercase (Meta sends lowercase), so the usual case allocates nothing.
 */
function normalizeHex(hex: string, length: number): string | undefined {
  if (hex.length !== 2 * length) return undefined
  let upper = false
  for (let i = 0; i < hex.length; i++) {
    const c = hex.charCodeAt(i)
    if ((c >= 48 && c <= 57) || (c >= 97 && c <= 102)) continue
    if (c >= 65 && c <= 70) upper = true
    else return undefined
  }
  return upper ? hex.toLowerCase() : hex
}

/** Constant-time equality of two strings of code units (different lengths are unequal). */
export function timingSafeEqualStrings(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}

/**
 * Runs every check that needs no HMAC, failing closed: the secrets, the body, the header.
 * Returns the check to run, or why not.
 */
export function prepare(options: VerifyOptions): PreparedCheck | SignatureError {
  if (typeof options !== 'object' || options === null) return signatureError('invalid_body')
  const secrets = typeof options.secret === 'string' ? [options.secret] : options.secret
  if (!Array.isArray(secrets) || secrets.length === 0) return signatureError('empty_secret')
  for (const s of secrets) {
    if (typeof s !== 'string' || s.length === 0) return signatureError('empty_secret')
    if (s.trim() !== s) return signatureError('secret_whitespace')
  }
  const body = bodyBytes(options.body)
  if (typeof body === 'string') return signatureError(body)

  let value: string | undefined
  let fromLegacyHeader = false
  if (options.signature !== undefined) {
    value = options.signature ?? undefined
  } else {
    value = header(options.headers, 'x-hub-signature-256')
    // An empty X-Hub-Signature-256 counts as absent, so an allowed sha1 header is still read.
    if ((value === undefined || value.trim() === '') && options.allowSha1 === true) {
      value = header(options.headers, 'x-hub-signature')
      fromLegacyHeader = value !== undefined
    }
  }
  if (value === undefined || (typeof value === 'string' && value.trim() === '')) return signatureError('missing_header')
  if (typeof value !== 'string') return signatureError('malformed_header')
  const trimmed = value.trim()
  const eq = trimmed.indexOf('=')
  if (eq <= 0) return signatureError('malformed_header')
  const algorithm = trimmed.slice(0, eq).toLowerCase()
  const hex = trimmed.slice(eq + 1)
  if (algorithm === 'sha256' && !fromLegacyHeader) {
    const digest = normalizeHex(hex, 32)
    return digest === undefined ? signatureError('malformed_header') : { algorithm: 'sha256', digest, body, secrets }
  }
  // sha1 only from the legacy header itself, never in place of the sha256 one.
  if (algorithm === 'sha1' && fromLegacyHeader) {
    const digest = normalizeHex(hex, 20)
    return digest === undefined ? signatureError('malformed_header') : { algorithm: 'sha1', digest, body, secrets }
  }
  return /^[a-z0-9-]+$/.test(algorithm) ? signatureError('unsupported_algorithm') : signatureError('malformed_header')
}

/**
 * Constant-time equality of two byte arrays (honouring `byteOffset`/`byteLength`, so pooled Node
 * Buffers compare correctly). Different lengths are unequal.
 */
export function timingSafeEqualBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false
  let diff = 0
  for (let i = 0; i < a.byteLength; i++) diff |= (a[i] as number) ^ (b[i] as number)
  return diff === 0
}

/** Lowercase hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.byteLength; i++) out += (bytes[i] as number).toString(16).padStart(2, '0')
  return out
}

/**
 * The header values Meta would send for a body, as `signPayload` returns them.
 *
 * @example
 * ```ts
 * import type { SignatureHeaders } from 'messenger-webhooks'
 * declare const h: SignatureHeaders
 * h['X-Hub-Signature-256'] // 'sha256=…'
 * ```
 * @category signatures
 * @since 0.1.0
 */
export type SignatureHeaders = {
  readonly 'X-Hub-Signature-256': string
  readonly 'X-Hub-Signature': string
}

/** Checks a secret for signing: it must be a non-empty string without surrounding whitespace. */
export function checkSigningSecret(secret: unknown): void {
  if (typeof secret !== 'string' || secret.length === 0) throw new TypeError(signatureError('empty_secret').hint)
  if (secret.trim() !== secret) throw new TypeError(signatureError('secret_whitespace').hint)
}

/** Body bytes for signing; throws a TypeError on a parsed object (signing is for tests). */
export function signingBytes(body: unknown): Uint8Array {
  const bytes = bodyBytes(body)
  if (typeof bytes === 'string') throw new TypeError(signatureError(bytes).hint)
  return bytes
}
