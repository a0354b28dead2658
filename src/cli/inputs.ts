/**
 * Turning `validate`'s arguments into inputs: files, directories (recursive, symlink loops
 * detected), glob patterns (`*`, `**`, `?`) and `-` for stdin. Problems become messages, not throws.
 */
import { createHash } from 'node:crypto'
import { readdirSync, realpathSync, statSync } from 'node:fs'
import { isAbsolute, join, parse, sep } from 'node:path'

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

/** A RegExp for one segment of a pattern: `*` any run of characters, `?` one (`**` inside a segment is `*`). */
function segmentToRegExp(segment: string): RegExp {
  let re = ''
  for (const c of segment) {
    if (c === '*') re += re.endsWith('[^/]*') ? '' : '[^/]*'
    else if (c === '?') re += '[^/]'
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${re}$`, 's')
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

/**
 * The files a pattern names. The pattern is split into folder names; `.` and empty names (`./`,
 * `//`) are dropped and `..` kept, as path.join does with the paths found, so `caps/./*.json`,
 * `caps//*.json` and `caps/../caps/*.json` name the same files as `caps/*.json`. Only the folders
 * the pattern needs are read: one level per segment, every level below only for `**`. So errors
 * (an unreadable folder, a loop) are reported only where the pattern had to look. Results come in
 * name order, as a directory walk lists them.
 */
function expandPattern(pattern: string): Item[] {
  const normal = pattern.split(sep).join('/')
  // The root of an absolute pattern (`/`, or `C:\` on Windows) is kept as it is.
  const root = isAbsolute(pattern) ? parse(pattern).root : ''
  const segments = normal
    .slice(root.length)
    .split('/')
    .filter((part) => part !== '' && part !== '.')
  const fixed: string[] = []
  while (fixed.length < segments.length && !isGlob(segments[fixed.length] as string))
    fixed.push(segments[fixed.length] as string)
  const base = join(root === '' ? '.' : root, ...fixed)
  const rest = segments.slice(fixed.length).map((part) => (part === '**' ? '**' : segmentToRegExp(part)))
  const found = new Map<string, Item>()
  // (folder, position in the pattern) pairs already expanded: `**/**` and the like stay linear.
  const done = new Set<string>()

  /**
   * `file`: the pattern names this path as a file, so any failure is reported (a broken link,
   * as in a directory walk). Otherwise it is probed as a folder: one that is not there (or a
   * broken link) is simply no match.
   */
  const stat = (path: string, file: boolean) => {
    try {
      return statSync(path)
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      if (file || (code !== 'ENOENT' && code !== 'ENOTDIR'))
        found.set(path, { kind: 'error', file: path, message: `cannot read: ${message(e)}` })
      return undefined
    }
  }
  const list = (dir: string): string[] | undefined => {
    try {
      return readdirSync(dir)
    } catch (e) {
      found.set(dir, { kind: 'error', file: dir, message: `cannot read directory: ${message(e)}` })
      return undefined
    }
  }

  /** Matches `rest[i…]` in `dir`; `ancestors` are the real paths of the folders `**` went through. */
  const expand = (dir: string, i: number, ancestors: ReadonlySet<string>) => {
    const key = `${i}\u0000${dir}`
    if (done.has(key)) return
    done.add(key)
    const part = rest[i]
    const last = i === rest.length - 1
    if (part === undefined) return
    if (part === '**') {
      // No folder at all: the rest of the pattern right here (a final `**` takes every file).
      if (last) {
        for (const name of list(dir) ?? []) {
          const path = join(dir, name)
          if (stat(path, true)?.isFile() === true) found.set(path, { kind: 'file', path })
        }
      } else expand(dir, i + 1, ancestors)
      // One folder or more: every subfolder, with `**` still to match.
      for (const name of list(dir) ?? []) {
        const path = join(dir, name)
        if (stat(path, false)?.isDirectory() !== true) continue
        let real: string
        try {
          real = realpathSync(path)
        } catch (e) {
          found.set(path, { kind: 'error', file: path, message: `cannot read directory: ${message(e)}` })
          continue
        }
        if (ancestors.has(real)) {
          found.set(path, {
            kind: 'error',
            file: path,
            message: 'directory loop (a symbolic link points back to a parent), skipped',
          })
          continue
        }
        expand(path, i, new Set([...ancestors, real]))
      }
      return
    }
    for (const name of list(dir) ?? []) {
      if (!part.test(name)) continue
      const path = join(dir, name)
      const s = stat(path, last)
      if (s === undefined) continue
      if (last) {
        if (s.isFile()) found.set(path, { kind: 'file', path })
      } else if (s.isDirectory()) expand(path, i + 1, ancestors)
    }
  }

  if (stat(base, false)?.isDirectory() === true) {
    let real: string | undefined
    try {
      real = realpathSync(base)
    } catch {
      real = undefined
    }
    expand(base, 0, new Set(real === undefined ? [] : [real]))
  }
  const items = [...found.entries()].sort(([a], [b]) => comparePaths(a, b)).map(([, item]) => item)
  if (!items.some((f) => f.kind === 'file'))
    items.push({ kind: 'error', file: pattern, message: 'no file matches this pattern' })
  return items
}

/** Name order, folder by folder (the order of a depth-first walk that lists names sorted). */
function comparePaths(a: string, b: string): number {
  const x = a.split(sep)
  const y = b.split(sep)
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i] as string
    const q = y[i] as string
    if (p !== q) return p < q ? -1 : 1
  }
  return x.length - y.length
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
      inputs.push(...expandPattern(arg))
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

// ---------------------------------------------------------------------------------------------
// --shard i/n: a split of the inputs that depends only on their names and sizes

/** Which part of the inputs a run reads: shard `index` of `total`, from 1. */
export interface ShardSpec {
  readonly index: number
  readonly total: number
}

/** An input with what the split needs to know about it. */
export interface PlannedItem {
  readonly item: Item
  /** Bytes (0 for an error, stdin, or a file that is not a regular file or could not be stat'ed). */
  readonly size: number
  /** Whether its lines may be split between shards: a regular `.ndjson` / `.jsonl` file that is not empty. */
  readonly splittable: boolean
}

/**
 * What a shard reads: an input whole (a file, or an argument that could not be read, reported as
 * it is), or the lines of an NDJSON file that START in the bytes `[from, to)`. A line belongs to
 * the range that holds its first byte, so the lines of a split file are cut between shards with
 * none lost or read twice, wherever the byte offsets fall.
 */
export type ShardUnit =
  | { readonly kind: 'item'; readonly item: Item }
  | { readonly kind: 'range'; readonly path: string; readonly from: number; readonly to: number; readonly size: number }

/** Stats every file once: the sizes the split is made from. */
export function planInputs(items: readonly Item[]): PlannedItem[] {
  return items.map((item) => {
    if (item.kind !== 'file') return { item, size: 0, splittable: false }
    let stat: ReturnType<typeof statSync>
    try {
      stat = statSync(item.path)
    } catch {
      // Read whole: reading it reports why it cannot be read, as without --shard.
      return { item, size: 0, splittable: false }
    }
    if (!stat.isFile()) return { item, size: 0, splittable: false }
    return { item, size: stat.size, splittable: stat.size > 0 && isLineDelimited(item) }
  })
}

/**
 * Splits the inputs into `total` shards. The inputs are laid end to end, as one stream of bytes
 * in input order, and cut into `total` equal parts: shard i holds bytes
 * `[floor(T·(i-1)/total), floor(T·i/total))` of the T bytes. An NDJSON file is cut at those
 * offsets (its lines go by their first byte); any other input goes whole to the shard that holds
 * its middle byte (an error or empty file: the shard where it stands). Each shard is a contiguous
 * run of units in input order, so the shards' outputs, joined in shard order, are in input order.
 * Depends only on the order, kinds and sizes of the inputs and on `total`.
 */
export function splitInputs(planned: readonly PlannedItem[], total: number): ShardUnit[][] {
  if (!Number.isSafeInteger(total) || total < 1) throw new RangeError(`shard count must be at least 1, not ${total}`)
  const shards: ShardUnit[][] = Array.from({ length: total }, () => [])
  let bytes = 0n
  for (const p of planned) bytes += BigInt(p.size)
  const n = BigInt(total)
  // Offset where shard i (0-based) starts; `starts[total]` is the end of the stream.
  const starts: bigint[] = []
  for (let i = 0n; i <= n; i++) starts.push((bytes * i) / n)
  /** The last shard (0-based) that starts at or before `twice / 2` (offsets doubled: a middle may be a half). */
  const shardAt = (twice: bigint) => {
    let lo = 0
    let hi = total - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (2n * (starts[mid] as bigint) <= twice) lo = mid
      else hi = mid - 1
    }
    return lo
  }
  let at = 0n
  for (const p of planned) {
    const size = BigInt(p.size)
    const end = at + size
    if (!p.splittable || p.item.kind !== 'file') {
      shards[shardAt(2n * at + size)]?.push({ kind: 'item', item: p.item })
    } else {
      const path = p.item.path
      for (let i = shardAt(2n * at); i < total && (starts[i] as bigint) < end; i++) {
        const lo = starts[i] as bigint
        const hi = starts[i + 1] as bigint
        const from = lo > at ? lo : at
        const to = hi < end ? hi : end
        if (from < to)
          shards[i]?.push({ kind: 'range', path, from: Number(from - at), to: Number(to - at), size: p.size })
      }
    }
    at = end
  }
  return shards
}

/**
 * A fingerprint of the inputs as the split sees them (order, names, kinds, sizes, and the
 * arguments that could not be read), so that `merge-reports` refuses shards of different inputs.
 */
export function inputsFingerprint(planned: readonly PlannedItem[]): string {
  const hash = createHash('sha256')
  for (const p of planned) {
    const item = p.item
    const row =
      item.kind === 'error'
        ? ['error', item.file, item.message]
        : item.kind === 'stdin'
          ? ['stdin']
          : [p.splittable ? 'lines' : 'file', item.path, p.size]
    hash.update(`${JSON.stringify(row)}\n`)
  }
  return `sha256:${hash.digest('hex')}`
}
