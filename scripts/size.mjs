// Size budget: bundles each public entry point the way a user's bundler would (through the
// package's `exports`, with io-ts and fp-ts included, minified), gzips it, and compares the
// figure with its budget in size-budget.json. Also checks what must stay out of a bundle
// (io-ts out of ./verify, the verifier out of ./decode). Exits 1 on any breach.
//   node scripts/size.mjs            check and print the table
//   node scripts/size.mjs --json     the figures as JSON
//   node scripts/size.mjs --write    also rewrite the figures in the README's table
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const budgets = JSON.parse(readFileSync(join(root, 'size-budget.json'), 'utf8'))

/** Bundles `import * from <entry>` and returns the minified code and the input files. */
async function measure({ entry, platform = 'browser', external = [] }) {
  const result = await build({
    stdin: { contents: `export * from '${entry}'`, resolveDir: root, loader: 'js' },
    absWorkingDir: root,
    bundle: true,
    minify: true,
    format: 'esm',
    platform,
    target: 'es2022',
    // A web bundler's conditions (Vite, wrangler): the Web Crypto build, not node:crypto.
    conditions: platform === 'node' ? ['node'] : ['worker', 'browser'],
    external,
    write: false,
    metafile: true,
    logLevel: 'silent',
  })
  const code = result.outputFiles[0].contents
  return {
    min: code.byteLength,
    gzip: gzipSync(code, { level: 9 }).byteLength,
    inputs: Object.keys(result.metafile.inputs),
    text: new TextDecoder().decode(code),
  }
}

const rows = []
let failed = false
for (const budget of budgets) {
  const m = await measure(budget)
  const problems = []
  if (m.gzip > budget.limitGzip) problems.push(`${m.gzip} B gzipped is over the budget of ${budget.limitGzip} B`)
  for (const pattern of budget.mustNotInclude ?? []) {
    const hit = m.inputs.find((i) => i.includes(pattern))
    if (hit !== undefined) problems.push(`bundles ${hit} (must not include ${pattern})`)
  }
  for (const text of budget.mustNotContain ?? []) {
    if (m.text.includes(text)) problems.push(`the bundle contains ${JSON.stringify(text)}, which belongs elsewhere`)
  }
  if (problems.length > 0) failed = true
  rows.push({ entry: budget.entry, min: m.min, gzip: m.gzip, limit: budget.limitGzip, problems })
}

// The README's table of figures ("| `entry` | … | 15.1 kB |"): checked against the measurement
// (within 5 %, so small changes do not churn it), rewritten with --write.
const readmePath = join(root, 'README.md')
let readme = readFileSync(readmePath, 'utf8')
for (const r of rows) {
  const row = new RegExp(`^(\\| \`${r.entry.replace(/[/.]/g, '\\$&')}\` \\|[^\\n]*\\| )([\\d.]+) kB`, 'm')
  const m = row.exec(readme)
  const measured = (r.gzip / 1000).toFixed(1)
  if (m === null) {
    r.problems.push('no row for this entry in the README size table')
    failed = true
  } else if (process.argv.includes('--write')) {
    readme = readme.replace(row, `$1${measured} kB`)
  } else if (Math.abs(Number(m[2]) - r.gzip / 1000) > 0.05 * (r.gzip / 1000)) {
    r.problems.push(`the README says ${m[2]} kB, measured ${measured} kB: run npm run size -- --write`)
    failed = true
  }
}
if (process.argv.includes('--write')) writeFileSync(readmePath, readme)

if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`)
} else {
  const kb = (n) => `${(n / 1000).toFixed(1)} kB`
  const w = Math.max(...rows.map((r) => r.entry.length))
  console.log(`${'entry'.padEnd(w)}  ${'minified'.padStart(9)}  ${'gzipped'.padStart(9)}  ${'budget'.padStart(9)}`)
  for (const r of rows) {
    console.log(
      `${r.entry.padEnd(w)}  ${kb(r.min).padStart(9)}  ${kb(r.gzip).padStart(9)}  ${kb(r.limit).padStart(9)}  ${r.problems.length === 0 ? 'ok' : 'FAIL'}`,
    )
    for (const p of r.problems) console.log(`  ${p}`)
  }
}
process.exitCode = failed ? 1 : 0
