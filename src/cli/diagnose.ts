/**
 * Why a request passes or fails the signature check: the verdicts of `doctor`, as a function that
 * `doctor` (on a captured request) and `send` / `trigger` (on the request they sent, when the
 * server refused it) share. docs/cli.md#verdicts lists the verdicts.
 */
import { verifySignatureSync } from '../verify/node.js'
import { escapeUnicode, type SignatureFailure, signatureError } from '../verify/signature.js'
import type { Capture } from './capture.js'

/** A verdict of `doctor`. */
export type Verdict =
  | 'ok'
  | 'unicode-reencoded'
  | 'reserialized'
  | 'parsed-body'
  | 'header-missing'
  | 'header-malformed'
  | 'secret-whitespace'
  | 'trailing-newline'
  | 'wrong-secret-or-modified'

/** What `doctor` says about a request: the verdict, its explanation lines and the exit code. */
export interface Diagnosis {
  readonly verdict: Verdict
  readonly lines: readonly string[]
  readonly code: 0 | 1
}

/** The header is well formed, but there is no secret to check the signature with. */
export const NEEDS_SECRET = 'needs-secret'

/** The body parsed and written out again compactly, or `undefined` when it is no JSON (or too deep). */
export function compactForm(body: Uint8Array): string | undefined {
  try {
    return JSON.stringify(JSON.parse(new TextDecoder().decode(body)))
  } catch {
    // Not JSON, or nested too deep for the recursive JSON.stringify: no compact form to try.
    return undefined
  }
}

/**
 * Meta's compact forms of a body (no spaces; `/` as `\/`, non-ASCII as lowercase `\uXXXX`, and
 * the mixes of both), rebuilt from the parsed body; `[]` when it is no JSON.
 */
export function metaForms(body: Uint8Array): string[] {
  const compact = compactForm(body)
  if (compact === undefined) return []
  return [
    compact,
    compact.replaceAll('/', '\\/'),
    escapeUnicode(compact),
    escapeUnicode(compact.replaceAll('/', '\\/')),
  ]
}

/**
 * The verdict on a captured request, tried in order: a parsed body, a missing or malformed
 * header (no secret needed for those), then the captured bytes, the escaped-unicode form, the
 * secret trimmed of whitespace, and Meta's compact form rebuilt from the parsed body.
 * {@link NEEDS_SECRET} when the header is well formed and `secrets` is empty.
 */
export function diagnose(capture: Capture, secrets: readonly string[]): Diagnosis | typeof NEEDS_SECRET {
  const say = (verdict: Verdict, lines: string[], code: 0 | 1): Diagnosis => ({ verdict, lines, code })
  if (capture.body === undefined) {
    return say(
      'parsed-body',
      [
        'The capture holds a parsed object, not the body as received: the signature covers raw bytes.',
        'Fix: capture (and verify) the raw body before any JSON parser runs.',
      ],
      1,
    )
  }
  const signature = capture.headers['x-hub-signature-256'] ?? capture.headers['x-hub-signature']
  if (signature === undefined || signature.trim() === '') {
    return say(
      'header-missing',
      [
        'The request has no X-Hub-Signature-256 header.',
        'Fix: make sure it came from Meta and that no proxy strips the header.',
      ],
      1,
    )
  }
  const legacy = capture.headers['x-hub-signature-256'] === undefined
  const check = (body: Uint8Array, secrets: readonly string[]) =>
    verifySignatureSync({
      body,
      ...(legacy ? { headers: { 'x-hub-signature': signature }, allowSha1: true } : { signature }),
      secret: secrets,
    })
  const format = check(capture.body, ['format-check'])
  if (
    format._tag === 'Left' &&
    (format.left.reason === 'malformed_header' || format.left.reason === 'unsupported_algorithm')
  ) {
    return say('header-malformed', [`The header is ${JSON.stringify(signature)}: ${format.left.hint}`], 1)
  }
  if (secrets.length === 0) return NEEDS_SECRET
  const r = check(capture.body, secrets)
  if (r._tag === 'Right' && r.right.form === 'raw') {
    return say('ok', [`The captured bytes verify (${r.right.algorithm}, secret #${r.right.secretIndex}).`], 0)
  }
  if (r._tag === 'Right') {
    return say(
      'unicode-reencoded',
      [
        "The body verifies only in Meta's escaped-unicode form: something turned the \\uXXXX escapes into characters.",
        'The verifier accepts this form, so the request passes; verifying the raw bytes as received avoids the detour.',
      ],
      0,
    )
  }
  // A secret pasted with a trailing newline or spaces (`echo` into a secrets store) never matches.
  const trimmed = secrets.map((x) => x.trim()).filter((x, i) => x !== secrets[i] && x !== '')
  if (trimmed.length > 0 && check(capture.body, trimmed)._tag === 'Right') {
    return say(
      'secret-whitespace',
      [
        'The signature matches the secret without its leading or trailing whitespace (a newline, most often).',
        'Fix: store the App Secret without the newline (printf, not echo), or trim it where you read it.',
      ],
      1,
    )
  }
  // A line break added after the JSON (an editor, `echo`, a heredoc) or one removed from it.
  const newline = lineBreakVariants(capture.body).find(({ body }) => check(body, secrets)._tag === 'Right')
  if (newline !== undefined) {
    return say(
      'trailing-newline',
      [
        `The body verifies ${newline.how}: the signed bytes and the captured ones differ by a line break after the JSON.`,
        'Fix: send and verify the exact bytes (curl --data-binary @body.json, not -d; printf, not echo; an editor set not to add a final newline).',
      ],
      1,
    )
  }
  // Rebuild Meta's compact form (no spaces, "/" as "\/", non-ASCII as lowercase \uXXXX) and try again.
  for (const candidate of metaForms(capture.body)) {
    if (check(new TextEncoder().encode(candidate), secrets)._tag === 'Right') {
      return say(
        'reserialized',
        [
          "The captured body fails, but Meta's compact form rebuilt from it verifies: whitespace or escaping was changed after Meta sent it (a framework parsed and re-serialized the body).",
          'Fix: verify the raw bytes before any JSON body parser (express.raw(), request.text(), or read the stream).',
        ],
        1,
      )
    }
  }
  return say(
    'wrong-secret-or-modified',
    [
      'Nothing matches: most likely the wrong App Secret (App Dashboard → Settings → Basic), or the body changed in a way that cannot be undone (key order, values).',
      `Checked ${secrets.length} secret(s) against the captured bytes, the escaped-unicode form and Meta's compact form.`,
    ],
    1,
  )
}

const REASONS: readonly SignatureFailure[] = [
  'missing_header',
  'malformed_header',
  'unsupported_algorithm',
  'empty_secret',
  'secret_whitespace',
  'parsed_body',
  'invalid_body',
  'mismatch',
  'verification_error',
]

/**
 * What `doctor` says about a request that `send` or `trigger` signed and the server answered 403:
 * its verdict on the request as sent (`ok`, unless the signing itself went wrong), and, as the
 * request verifies, what makes a server refuse it all the same. `answer` is the first line of the
 * server's answer: when it is one of this library's failure reasons (handleWebhook answers with
 * the reason), its hint is added.
 */
export function explainRefusal(
  sent: { readonly body: Uint8Array; readonly headers: Readonly<Record<string, string>> },
  secret: string,
  answer: string,
): string[] {
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(sent.headers)) headers[k.toLowerCase()] = v
  const diagnosis = diagnose({ headers, body: sent.body }, [secret])
  if (diagnosis === NEEDS_SECRET) return []
  const lines = [`doctor on the request as sent: ${diagnosis.verdict}. ${diagnosis.lines.join(' ')}`]
  if (diagnosis.verdict !== 'ok') return lines
  lines.push(
    'If the server refused it on its signature, it checks with another App Secret, or over other bytes than those sent (a JSON body parser ran before the check: docs/signatures.md#2-the-raw-body-rule). A 403 can also come from CSRF protection, an auth proxy or a tunnel.',
  )
  const reason = REASONS.find((r) => r === answer.trim())
  if (reason !== undefined)
    lines.push(`The answer "${reason}" is handleWebhook's reason: ${signatureError(reason).hint}`)
  const forms = metaForms(sent.body)
  const text = new TextDecoder().decode(sent.body)
  if (forms.length > 0 && !forms.includes(text)) {
    lines.push(
      "This body is not in Meta's compact form (it has spaces or line breaks, or characters Meta escapes): a server that parses and re-serializes the body before the check fails on it even with the right secret.",
    )
  }
  return lines
}

/** The body without its final line break (`\n` or `\r\n`), or with one added. */
function lineBreakVariants(body: Uint8Array): { readonly body: Uint8Array; readonly how: string }[] {
  const n = body.byteLength
  if (n > 0 && body[n - 1] === 10) {
    const crlf = n > 1 && body[n - 2] === 13
    return [
      { body: body.subarray(0, crlf ? n - 2 : n - 1), how: `without its final line break (${crlf ? 'CRLF' : 'LF'})` },
    ]
  }
  const added = new Uint8Array(n + 1)
  added.set(body)
  added[n] = 10
  return [{ body: added, how: 'with a line break added at its end' }]
}
