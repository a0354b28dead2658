// What `npm publish` would ship: every file of `npm pack --dry-run` must be one users need
// (dist, fixtures, docs, README, CHANGELOG, LICENSE, package.json), nothing from src, test,
// bench, scripts or tooling; and every file the `exports` map and `bin` point at must be in it.
// Exits 1 with the list of problems.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const [packed] = JSON.parse(
  execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }),
)
const files = new Set(packed.files.map((f) => f.path))

const allowed = [
  /^package\.json$/,
  /^README\.md$/,
  /^CHANGELOG\.md$/,
  /^LICENSE$/,
  /^dist\/[^/]+\.(js|cjs|d\.ts|d\.cts)$/,
  /^fixtures\/(manifest\.json|[a-z-]+\/[^/]+\.(json|ndjson))$/,
  /^docs\/[^/]+\.md$/,
  /^docs\/(api|schema|examples)\/.+\.(md|json|mjs)$/,
]
const problems = []
for (const f of files) if (!allowed.some((re) => re.test(f))) problems.push(`not for users: ${f}`)

/** Every path string the exports map and bin point at. */
function targets(value) {
  if (typeof value === 'string') return [value]
  if (value === null || typeof value !== 'object') return []
  return Object.values(value).flatMap(targets)
}
for (const target of [...targets(pkg.exports), ...targets(pkg.bin), pkg.main, pkg.module, pkg.types]) {
  if (target === undefined) continue
  const path = target.replace(/^\.\//, '')
  if (path.includes('*')) {
    const re = new RegExp(`^${path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace('*', '.+')}$`)
    if (![...files].some((f) => re.test(f))) problems.push(`exports pattern ${target} matches no packed file`)
  } else if (!files.has(path)) problems.push(`exports/bin point at ${target}, which is not packed`)
}

const size = (n) => `${(n / 1024).toFixed(0)} kB`
console.log(`npm pack: ${files.size} files, ${size(packed.size)} packed, ${size(packed.unpackedSize)} unpacked`)
for (const p of problems) console.log(`  ${p}`)
if (problems.length > 0) process.exitCode = 1
