import type * as t from 'io-ts'
import { describe } from './util.js'

/**
 * One problem found while decoding: where it is (a JSON path such as
 * `entry[0].messaging[1].message.mid`) and what is wrong there.
 *
 * @example
 * ```ts
 * import type { DecodeIssue } from 'messenger-webhooks'
 * const issue: DecodeIssue = { path: 'entry[0].messaging[0].message.mid', message: 'missing required property' }
 * ```
 * @category errors
 * @since 0.1.0
 */
export interface DecodeIssue {
  /** JSON path of the offending value, relative to the webhook body; `''` is the body itself. */
  readonly path: string
  /** What is wrong, written for a person. */
  readonly message: string
}

/** Appends a key to a path, as `a.b` for object keys and `a[0]` for array indexes. */
export function joinPath(parent: string, key: string | number, parentIsArray: boolean): string {
  if (parentIsArray) return `${parent}[${key}]`
  const k = String(key)
  const plain = /^[A-Za-z_$][\w$-]*$/.test(k) ? k : `[${JSON.stringify(k)}]`
  if (parent === '') return plain
  return plain.startsWith('[') ? parent + plain : `${parent}.${plain}`
}

/** Turns an io-ts context (root entry first) into a JSON path string. */
export function contextToPath(context: t.Context): string {
  const root = context[0]
  let path = root === undefined ? '' : root.key
  for (let i = 1; i < context.length; i++) {
    const entry = context[i] as t.ContextEntry
    const parent = context[i - 1] as t.ContextEntry
    path = joinPath(path, entry.key, Array.isArray(parent.actual))
  }
  return path
}

/** Formats io-ts validation errors as issues with paths and readable messages. */
export function errorsToIssues(errors: t.Errors): DecodeIssue[] {
  const issues: DecodeIssue[] = []
  for (const error of errors) {
    const last = error.context[error.context.length - 1]
    const message = error.message ?? `expected ${last?.type.name ?? 'a valid value'}, got ${describe(error.value)}`
    issues.push({ path: contextToPath(error.context), message })
  }
  return issues
}

/** `path: message` for one issue, with the body root shown as `(body)`. */
export function formatIssue(issue: DecodeIssue): string {
  return `${issue.path === '' ? '(body)' : issue.path}: ${issue.message}`
}
