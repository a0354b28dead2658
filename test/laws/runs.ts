/**
 * How many runs a property law gets: a short run in `npm test`, 10^6 per law in `npm run fuzz`
 * (`FUZZ_RUNS=1000000`, docs/testing.md). A failing seed is reproduced with `FUZZ_SEED`.
 */
import type { Parameters } from 'fast-check'

const fuzzRuns = Number(process.env.FUZZ_RUNS)
const fuzzSeed = Number(process.env.FUZZ_SEED)

/** fast-check parameters: `short` runs normally, `FUZZ_RUNS` under `npm run fuzz`. */
export function lawRuns<T>(short: number): Parameters<T> {
  return {
    numRuns: Number.isInteger(fuzzRuns) && fuzzRuns > 0 ? fuzzRuns : short,
    ...(Number.isInteger(fuzzSeed) ? { seed: fuzzSeed } : {}),
  }
}
