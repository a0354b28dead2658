/**
 * The package's main job on a folder of captured bodies (`npm start` runs it on `fixtures/`):
 * decode every `.json` file and print, per event type and platform, what decoded and what did
 * not. Node only. The full command-line tool comes later; this is its first brick.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { parseWebhook } from '../parse.js'

interface Tally {
  files: number
  bodies: number
  unusable: { file: string; message: string }[]
  invalid: { file: string; message: string }[]
  events: Map<string, number>
}

function jsonFiles(path: string, out: string[] = []): string[] {
  const stat = statSync(path)
  if (stat.isFile()) {
    if (path.endsWith('.json') && !path.endsWith('manifest.json')) out.push(path)
    return out
  }
  for (const name of readdirSync(path).sort()) jsonFiles(join(path, name), out)
  return out
}

function summarise(roots: readonly string[]): Tally {
  const tally: Tally = { files: 0, bodies: 0, unusable: [], invalid: [], events: new Map() }
  for (const root of roots) {
    for (const file of jsonFiles(root)) {
      tally.files++
      const shown = relative(process.cwd(), file)
      const r = parseWebhook(readFileSync(file))
      if (!r.ok) {
        tally.unusable.push({ file: shown, message: r.error.message.split('\n')[0] ?? '' })
        continue
      }
      tally.bodies++
      for (const e of r.value.events) {
        const key = `${e.type}\t${e.platform}`
        tally.events.set(key, (tally.events.get(key) ?? 0) + 1)
      }
      for (const bad of r.value.invalid) tally.invalid.push({ file: shown, message: bad.message })
    }
  }
  return tally
}

function print(t: Tally): void {
  const rows = [...t.events].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => [...k.split('\t'), String(n)])
  const widths = [24, 10, 6]
  const line = (cols: string[]) =>
    cols.map((c, i) => (i === 2 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ')
  console.log(line(['type', 'platform', 'events']))
  console.log(line(['-'.repeat(24), '-'.repeat(10), '-'.repeat(6)]))
  for (const row of rows) console.log(line(row))
  const total = rows.reduce((n, r) => n + Number(r[2]), 0)
  console.log(
    `\n${t.files} files: ${t.bodies} bodies decoded (${total} events), ${t.invalid.length} invalid items, ${t.unusable.length} unusable bodies`,
  )
  if (t.invalid.length > 0) {
    console.log('\ninvalid items:')
    for (const x of t.invalid) console.log(`  ${x.file}  ${x.message}`)
  }
  if (t.unusable.length > 0) {
    console.log('\nunusable bodies:')
    for (const x of t.unusable) console.log(`  ${x.file}  ${x.message}`)
  }
}

const roots = process.argv.slice(2)
if (roots.length === 0) {
  console.error('usage: node dist/summary.js <file-or-folder>...')
  process.exitCode = 2
} else {
  try {
    print(summarise(roots))
  } catch (e) {
    console.error(`cannot read input: ${e instanceof Error ? e.message : String(e)}`)
    process.exitCode = 2
  }
}
