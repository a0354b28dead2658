/**
 * Output of `validate`: problem lines as they come, then the summary table and line (text), or
 * the report written piece by piece (JSON), so no single string holds a huge report.
 */
import type { Problem } from './batch.js'
import type { Report, Totals } from './validate.js'

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

export function problemLine(file: string, p: Problem, c: Paint): string {
  const where = c.bold(`${file}:${p.line}`)
  const path = p.kind === 'invalid' ? c.yellow(p.path) : c.dim(p.path)
  return `${where}  ${path}  ${c.red(p.message)}`
}

export function errorLine(file: string, message: string, c: Paint): string {
  return `${c.bold(file)}  ${c.dim('-')}  ${c.red(message)}`
}

/** `1 body`, `2 bodies`: a count and its noun, singular or plural. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`
}

export function summaryLine(r: Report, t: Totals): string {
  return [
    count(r.bodies, 'body', 'bodies'),
    count(r.events, 'event'),
    count(t.invalid, 'invalid item'),
    count(r.unknown, 'unknown event'),
    count(t.unusable, 'unusable body', 'unusable bodies'),
    count(t.errors, 'unreadable input'),
  ].join(', ')
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

/**
 * Writes `value` exactly as `JSON.stringify(value, null, 2)` would, but one array element at a
 * time through `write`, so a report with millions of problems never becomes one string.
 */
export function writeJson(value: Record<string, unknown>, write: (s: string) => void): void {
  let buffer = '{'
  const flush = () => {
    write(buffer)
    buffer = ''
  }
  const keys = Object.keys(value).filter((k) => value[k] !== undefined)
  keys.forEach((key, i) => {
    const v = value[key]
    buffer += `${i === 0 ? '' : ','}\n  ${JSON.stringify(key)}: `
    if (Array.isArray(v) && v.length > 0) {
      buffer += '['
      v.forEach((el, j) => {
        buffer += `${j === 0 ? '' : ','}\n    ${JSON.stringify(el ?? null, null, 2).replaceAll('\n', '\n    ')}`
        if (buffer.length >= 65536) flush()
      })
      buffer += '\n  ]'
    } else buffer += JSON.stringify(v, null, 2).replaceAll('\n', '\n  ')
  })
  buffer += keys.length > 0 ? '\n}\n' : '}\n'
  flush()
}
