// Bun and Deno entry: the report, plus where the runtime resolved each subpath (so the runner can
// tell which build, e.g. the `node` condition's node:crypto one, the runtime picked). One JSON line.
import { report } from './report.mjs'

const resolved = {}
for (const subpath of ['.', './decode', './verify']) {
  resolved[subpath] = import.meta.resolve(`messenger-webhooks${subpath.slice(1)}`)
}
console.log(JSON.stringify({ ...(await report()), resolved }))
