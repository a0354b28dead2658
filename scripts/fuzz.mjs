// The long fuzz run (docs/testing.md): every property law in test/laws with 10^6 runs each, or
// FUZZ_RUNS of them; FUZZ_SEED replays a failure. `npm test` runs the same laws with a few hundred.
//   npm run fuzz                      # 10^6 runs per law (an hour or more on 2 cores)
//   FUZZ_RUNS=100000 npm run fuzz     # a shorter campaign
//   FUZZ_SEED=123 FUZZ_RUNS=1000 npm run fuzz -- test/laws/parse.laws.test.ts
import { spawnSync } from 'node:child_process'

const runs = process.env.FUZZ_RUNS ?? '1000000'
if (!/^[1-9]\d*$/.test(runs)) {
  console.error(`FUZZ_RUNS must be a whole number of runs, not ${JSON.stringify(runs)}`)
  process.exit(2)
}
const files = process.argv.slice(2)
console.log(`fuzz: ${runs} runs per law${process.env.FUZZ_SEED ? `, seed ${process.env.FUZZ_SEED}` : ''}`)
const r = spawnSync(
  'npx',
  ['vitest', 'run', ...(files.length > 0 ? files : ['test/laws']), '--typecheck.enabled=false', '--testTimeout=0'],
  {
    stdio: 'inherit',
    env: { ...process.env, FUZZ_RUNS: runs },
  },
)
process.exit(r.status ?? 1)
