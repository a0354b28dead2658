/** Text output of `validate`: problem lines as they come, then the summary table and line. */
import type { Problem } from './batch.js'
import type { Report } from './validate.js'

/** ANSI colours, or none. */
export interface Paint {
  red(s: string): string
  yellow(s: string): string
  dim(s: string): string
  bold(s: string): string
}

export function paint(enabled: boolean): Paint {
  const wrap = (code: number) => (s: string) => (enabled ? `\u001b[${code}m${s}\u001b[0m` : s)
  return { red: wrap(31), yellow: wrap(33), dim: wrap(2), bold: wrap(1) }
}

export function problemLine(file: string, p: Problem, kind: 'invalid' | 'unusable', c: Paint): string {
  const where = c.bold(`${file}:${p.line}`)
  const path = kind === 'invalid' ? c.yellow(p.path) : c.dim(p.path)
  return `${where}  ${path}  ${c.red(p.message)}`
}

export function summaryLine(r: Report): string {
  return `${r.bodies} bodies, ${r.events} events, ${r.invalid.length} invalid items, ${r.unknown} unknown events, ${r.unusable.length} unusable bodies, ${r.errors.length} unreadable inputs`
}

export function summaryTable(r: Report): string {
  const rows = Object.entries(r.counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, n]) => [type, n.messenger, n.instagram, n.other, n.messenger + n.instagram + n.other].map(String))
  const head = ['type', 'messenger', 'instagram', 'other', 'total']
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)))
  const fmt = (cols: string[]) =>
    cols.map((col, i) => (i === 0 ? col.padEnd(widths[i] ?? 0) : col.padStart(widths[i] ?? 0))).join('  ')
  return [fmt(head), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)].join('\n')
}
