// The package matrix, standalone: installs the built package into a throwaway consumer project and
// runs consumer/checks.mjs on every runtime × module format (see README.md, "The package matrix").
//
//   node test/runtime/matrix.mjs                 # all: node-esm node-cjs bun deno workerd chromium
//   node test/runtime/matrix.mjs deno workerd    # some
//   node test/runtime/matrix.mjs --json          # one JSON line per target instead of the table
//
// Prints one line per target (`node-esm ok …` / `deno FAIL …`), then every failure in full, and
// exits 1 if any target failed (2 on a usage error). Needs a built dist/ (`npm run build`).
import { runTarget, setupConsumer, TARGETS } from './package-runners.mjs'

const args = process.argv.slice(2)
const json = args.includes('--json')
const names = args.filter((a) => a !== '--json')
const unknown = names.filter((n) => !TARGETS.includes(n))
if (unknown.length > 0) {
  console.error(`unknown target ${unknown.join(', ')}; use ${TARGETS.join(' ')} (or none for all)`)
  process.exit(2)
}
const targets = names.length > 0 ? names : TARGETS

/** `. → dist/index.node.js, ./verify → dist/verify.node.js` or the bundle summary. */
function describeBuilds(builds) {
  return Object.entries(builds ?? {})
    .map(([k, v]) => `${k} → ${v}`)
    .join(', ')
}

let consumer
try {
  consumer = await setupConsumer()
} catch (e) {
  console.error(`package matrix: could not set up the consumer project: ${e?.message ?? e}`)
  process.exit(1)
}
const results = []
try {
  for (const target of targets) {
    const r = await runTarget(target, consumer)
    results.push(r)
    if (json) {
      console.log(JSON.stringify(r))
    } else {
      const status = r.failed.length === 0 ? 'ok  ' : 'FAIL'
      console.log(
        `${target.padEnd(9)} ${status} ${`${r.ms} ms`.padStart(8)}  ${`${r.runtime} ${r.version}`.padEnd(
          28,
        )} ${r.passed}/${r.checks}  ${describeBuilds(r.builds)}`,
      )
    }
  }
} finally {
  await consumer.cleanup()
}
const failures = results.filter((r) => r.failed.length > 0)
if (!json && failures.length > 0) {
  for (const r of failures) console.log(`\n--- ${r.target} failed:\n${r.failed.map((f) => `  - ${f}`).join('\n')}`)
}
process.exit(failures.length === 0 ? 0 : 1)
