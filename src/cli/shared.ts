/**
 * What the commands share: usage errors, options read as the exact strings typed, secrets, and a
 * bounded file read.
 */
import { closeSync, openSync, readSync } from 'node:fs'
import { fail, raise } from './exit.js'

export const DEFAULT_SECRET_ENV = 'MESSENGER_APP_SECRET'

export class UsageError extends Error {}

/**
 * The value of an option given at most once, exactly as typed (`undefined` when not given). The
 * parser (args.ts) never turns values into numbers; this only rejects a repeated option.
 */
export function one(options: Record<string, unknown>, key: string, flag: string): string | undefined {
  const value = options[key]
  if (value === undefined) return undefined
  if (Array.isArray(value)) throw new UsageError(`--${flag} can be given only once`)
  if (typeof value !== 'string') throw new UsageError(`--${flag} needs a value`)
  return value
}

/** Every value of a repeatable option, in order, exactly as typed. */
export function all(options: Record<string, unknown>, key: string, flag: string): string[] {
  const value = options[key]
  if (value === undefined) return []
  const values = Array.isArray(value) ? value : [value]
  for (const v of values) if (typeof v !== 'string') throw new UsageError(`--${flag} needs a value`)
  return values as string[]
}

/** A whole number from the exact text typed (digits only: no sign, spaces, exponent or hex). */
export function wholeNumber(text: string, flag: string, min: number, max: number): number {
  const n = /^[0-9]+$/.test(text) ? Number(text) : Number.NaN
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new UsageError(`--${flag} must be a whole number from ${min} to ${max}, not ${JSON.stringify(text)}`)
  return n
}

/**
 * The secrets to use, exactly as typed: every `--secret` (newest first), or else the one in the
 * variable named by --secret-env. An empty `--secret` (or an empty one among several) is a usage
 * error; an unset or empty variable is no secret (`[]`, which each command turns into exit 2).
 */
export function secretsFrom(options: Record<string, unknown>): string[] {
  const name = one(options, 'secretEnv', 'secret-env') ?? DEFAULT_SECRET_ENV
  if (name === '') throw new UsageError('--secret-env needs the name of an environment variable')
  const given = all(options, 'secret', 'secret')
  if (given.includes(''))
    throw new UsageError('--secret is empty (an unset shell variable expands to nothing): pass the App Secret')
  if (given.length > 0) return given
  const fromEnv = process.env[name]
  return fromEnv === undefined || fromEnv === '' ? [] : [fromEnv]
}

/** Why there is no secret, for the usage error. */
export function noSecret(options: Record<string, unknown>): string {
  const name = one(options, 'secretEnv', 'secret-env') ?? DEFAULT_SECRET_ENV
  return `no secret: pass --secret or set ${name} (it is ${process.env[name] === undefined ? 'unset' : 'empty'})`
}

/** The most `sign`, `verify` and `doctor` read from one file: far above any webhook body. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024

/**
 * Reads one file (or stdin) in chunks, stopping with exit 2 as soon as it passes
 * {@link MAX_FILE_BYTES}: `/dev/zero`, an endless pipe or a huge file never fills the memory.
 */
export function readFile(path: string): Buffer {
  const label = path === '-' ? 'stdin' : path
  let fd: number | undefined
  try {
    fd = path === '-' ? 0 : openSync(path, 'r')
    const bytes = readBounded(fd)
    if (bytes === undefined)
      fail(`${label} is larger than 64 MiB: that is no webhook body or capture, nothing was checked`)
    return bytes
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    return fail(`cannot read ${label}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`)
  } finally {
    if (fd !== undefined && fd !== 0) closeSync(fd)
  }
}

/** All bytes of a file descriptor, or `undefined` as soon as they pass {@link MAX_FILE_BYTES}. */
export function readBounded(fd: number): Buffer | undefined {
  const chunk = Buffer.allocUnsafe(1024 * 1024)
  const chunks: Buffer[] = []
  let size = 0
  for (;;) {
    let n: number
    try {
      n = readSync(fd, chunk, 0, chunk.length, null)
    } catch (e) {
      // A non-blocking stdin with nothing to read yet: wait a little and read again.
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10)
      continue
    }
    if (n === 0) return Buffer.concat(chunks, size)
    size += n
    if (size > MAX_FILE_BYTES) return undefined
    chunks.push(Buffer.from(chunk.subarray(0, n)))
  }
}

/** Writes the command's output and ends with `code` (2 instead if the output cannot be written). */
export function done(text: string, code: number): number {
  raise(code)
  process.stdout.write(text)
  return code
}
