/**
 * Turning `validate`'s arguments into inputs: files, directories (recursive, symlink loops
 * detected), glob patterns (`*`, `**`, `?`) and `-` for stdin. Problems become messages, not throws.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs'
import { join, sep } from 'node:path'

/** One input to read: a file path, or `-` for stdin. */
export type Input = { readonly kind: 'file'; readonly path: string } | { readonly kind: 'stdin' }

/** An argument (or a file under a directory) that could not be turned into an input, with why. */
export interface InputError {
  readonly kind: 'error'
  readonly file: string
  readonly message: string
}

/** What an argument expands to: inputs to read and errors, in the order they were met. */
export type Item = Input | InputError

const BODY_FILE = /\.(json|ndjson|jsonl)$/i

function isGlob(arg: string): boolean {
  return /[*?[]/.test(arg)
}

/** A RegExp for a glob: `**` any depth, `*` and `?` within one path segment. */
function globToRegExp(glob: string): RegExp {
  let re = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++
        if (glob[i + 1] === '/') {
          i++
          re += '(?:.*/)?'
        } else re += '.*'
      } else re += '[^/]*'
    } else if (c === '?') re += '[^/]'
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${re}$`)
}

function walk(dir: string, seen: Set<string>, out: Item[], filter: (p: string) => boolean): void {
  let real: string
  try {
    real = realpathSync(dir)
  } catch (e) {
    out.push({ kind: 'error', file: dir, message: `cannot read directory: ${(e as Error).message}` })
    return
  }
  if (seen.has(real)) {
    out.push({ kind: 'error', file: dir, message: 'directory loop (a symbolic link points back to a parent), skipped' })
    return
  }
  seen.add(real)
  let names: string[]
  try {
    names = readdirSync(dir).sort()
  } catch (e) {
    out.push({ kind: 'error', file: dir, message: `cannot read directory: ${(e as Error).message}` })
    return
  }
  for (const name of names) {
    const path = join(dir, name)
    let stat: ReturnType<typeof statSync>
    try {
      stat = statSync(path)
    } catch (e) {
      out.push({ kind: 'error', file: path, message: `cannot read: ${(e as Error).message}` })
      continue
    }
    if (stat.isDirectory()) walk(path, seen, out, filter)
    else if (stat.isFile() && filter(path)) out.push({ kind: 'file', path })
  }
  seen.delete(real)
}

/** Expands the arguments of `validate` into inputs and errors, in argument order. */
export function expandInputs(args: readonly string[]): Item[] {
  const inputs: Item[] = []
  for (const arg of args) {
    if (arg === '-') {
      inputs.push({ kind: 'stdin' })
      continue
    }
    if (isGlob(arg)) {
      const normal = arg.split(sep).join('/')
      const parts = normal.split('/')
      const fixed: string[] = []
      for (const p of parts) {
        if (isGlob(p)) break
        fixed.push(p)
      }
      const base = fixed.length === 0 ? '.' : fixed.join('/') || '/'
      const re = globToRegExp(normal.startsWith('./') ? normal.slice(2) : normal)
      const found: Item[] = []
      const strip = (p: string) => {
        const s = p.split(sep).join('/')
        return s.startsWith('./') ? s.slice(2) : s
      }
      try {
        if (statSync(base).isDirectory()) walk(base, new Set(), found, (p) => re.test(strip(p)))
      } catch {
        // nothing under a missing base: reported below as no match
      }
      if (!found.some((f) => f.kind === 'file'))
        found.push({ kind: 'error', file: arg, message: 'no file matches this pattern' })
      inputs.push(...found)
      continue
    }
    let stat: ReturnType<typeof statSync>
    try {
      stat = statSync(arg)
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      inputs.push({
        kind: 'error',
        file: arg,
        message: code === 'ENOENT' ? 'no such file or directory' : `cannot read: ${(e as Error).message}`,
      })
      continue
    }
    if (stat.isDirectory()) walk(arg, new Set(), inputs, (p) => BODY_FILE.test(p))
    else inputs.push({ kind: 'file', path: arg })
  }
  return inputs
}

/** Whether an input is read as NDJSON from the start (by its name; stdin always). */
export function isLineDelimited(input: Input): boolean {
  return input.kind === 'stdin' || /\.(ndjson|jsonl)$/i.test(input.path)
}
