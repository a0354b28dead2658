// Entry for runtimes that run a file directly (Node, Bun, Deno): prints the report as one JSON line.
import { report } from './report.mjs'

console.log(JSON.stringify(await report()))
