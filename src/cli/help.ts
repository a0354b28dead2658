/**
 * What `--help` adds to cac's output (each command's exit codes), and the "did you mean …" of an
 * unknown command or option.
 */
import type { CAC } from 'cac'

/** Each command's exit codes, as its `--help` lists them (docs/cli.md, Exit codes). */
export const EXIT_CODES: Readonly<Record<string, readonly (readonly [number, string])[]>> = {
  validate: [
    [0, 'every body decoded (with --strict: and nothing unknown)'],
    [1, 'an invalid item or an unusable body (with --strict: an unknown event or property)'],
    [2, 'a usage error, or an input that could not be read (the report is still complete)'],
  ],
  sign: [
    [0, 'the signature was printed'],
    [2, 'a usage error (no secret, an empty or padded one), or the file could not be read'],
  ],
  verify: [
    [0, 'OK: the signature matches'],
    [1, 'FAIL: it does not (the reason and a hint are printed)'],
    [2, 'a usage error, or the file could not be read'],
  ],
  doctor: [
    [0, 'verdict ok or unicode-reencoded: the capture verifies'],
    [1, 'any other verdict'],
    [2, 'a usage error, or the capture could not be read'],
  ],
  fixtures: [
    [0, 'the fixtures were written'],
    [2, 'a usage error, or the folder could not be written'],
  ],
  'merge-reports': [
    [0, 'the merged run found nothing wrong'],
    [1, 'the merged run found an invalid item or an unusable body'],
    [
      2,
      'a usage error, a report that cannot be read, a missing or repeated shard, or reports of different runs; or an input of the run could not be read',
    ],
  ],
  listen: [
    [0, 'stopped with Ctrl-C or SIGTERM: server closed, --out file closed, summary printed'],
    [
      2,
      'a usage error (no --port, no secret, a bad value), --out cannot be opened or written, or the port cannot be bound',
    ],
    [130, 'a second Ctrl-C while requests in flight finish'],
  ],
  send: [
    [0, 'every request was answered 2xx'],
    [1, 'a request was refused (an answer that is not 2xx) or got no answer'],
    [2, 'a usage error, an input that cannot be read, or a URL that cannot be reached at all'],
  ],
  trigger: [
    [0, 'the answer was 2xx (with --print: the body was written)'],
    [1, 'the request was refused (an answer that is not 2xx) or got no answer'],
    [
      2,
      'a usage error (an unknown tag, a platform without that tag, a --set that breaks the body), or a URL that cannot be reached at all',
    ],
  ],
}

/** The "Exit codes" section for a command's help, or `undefined` for the program's help. */
export function exitCodeSection(command: string | undefined): { title: string; body: string } | undefined {
  const codes = command === undefined ? undefined : EXIT_CODES[command]
  if (codes === undefined) return undefined
  const width = Math.max(...codes.map(([code]) => String(code).length))
  return {
    title: 'Exit codes',
    body: codes.map(([code, meaning]) => `  ${String(code).padEnd(width)}  ${meaning}`).join('\n'),
  }
}

/** Installs the help callback: exit codes under each command, no "(default: true)" for --no-color. */
export function useHelp(cli: CAC): void {
  cli.help((sections) => {
    const out = sections.map((section) => ({
      ...section,
      // cac shows "(default: true)" for a --no-… flag, which reads as if colour were always off.
      body: section.body.replace(/(--no-color.*?)\s*\(default: true\)/, '$1'),
    }))
    const codes = exitCodeSection(cli.matchedCommand?.name)
    if (codes !== undefined) out.push(codes)
    return out
  })
}

/** Edit distance between two short strings (insertions, deletions, substitutions, swaps). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) (d[0] as number[])[j] = j
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[]
      const up = d[i - 1] as number[]
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, ((d[i - 2] as number[])[j - 2] as number) + 1)
      }
      row[j] = best
    }
  }
  return (d[a.length] as number[])[b.length] as number
}

/** The closest of `candidates` to `typed`, if it is close enough to be a typo or a prefix. */
export function closest(typed: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Number.POSITIVE_INFINITY
  for (const c of candidates) {
    if (typed.length >= 3 && c.startsWith(typed)) return c
    const d = distance(typed, c)
    if (d < bestDistance) {
      best = c
      bestDistance = d
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined
}

/** ` (did you mean "x"?)` or nothing. */
export function didYouMean(typed: string, candidates: readonly string[], quote = (s: string) => `"${s}"`): string {
  const c = closest(typed, candidates)
  return c === undefined ? '' : ` (did you mean ${quote(c)}?)`
}

/** The long option names (`--secret-env`) a command takes, and the global ones. */
export function optionNames(cli: CAC, command: string | undefined): string[] {
  const names = new Set<string>(['--help', '--version'])
  const cmd = command === undefined ? cli.globalCommand : cli.commands.find((c) => c.name === command)
  for (const o of [...(cmd?.options ?? []), ...cli.globalCommand.options]) {
    for (const m of o.rawName.matchAll(/--[a-z][a-z0-9-]*/g)) names.add(m[0])
  }
  return [...names]
}
