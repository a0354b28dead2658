// Node CommonJS entry: `require()` of every subpath, as a CommonJS user does, then the same
// checks (checks.mjs has no imports; loading it with import() keeps this file CommonJS on every
// Node >= 20). One JSON line, with where `require` resolved each subpath.
const main = require('messenger-webhooks')
const decode = require('messenger-webhooks/decode')
const node = require('messenger-webhooks/node')
const verify = require('messenger-webhooks/verify')
const { pathToFileURL } = require('node:url')

async function run() {
  const [{ check }, { detectRuntime }, { default: fixtures }] = await Promise.all([
    import('./checks.mjs'),
    import('./detect.mjs'),
    import('./fixtures.mjs'),
  ])
  const resolved = {}
  for (const subpath of ['.', './decode', './verify', './node']) {
    resolved[subpath] = pathToFileURL(require.resolve(`messenger-webhooks${subpath.slice(1)}`)).href
  }
  const result = await check({ main, decode, verify, node }, fixtures)
  // The module format the package was loaded in: a CommonJS build has no `import.meta`, so the
  // best witness is `require.cache` holding the package's .cjs files.
  const cjs = Object.keys(require.cache).filter((p) => /messenger-webhooks[\\/]dist[\\/].*\.cjs$/.test(p)).length
  console.log(JSON.stringify({ ...detectRuntime(), ...result, resolved, cjsModulesLoaded: cjs }))
}

run().catch((e) => {
  console.log(JSON.stringify({ runtime: 'node', passed: 0, failed: [`main.cjs threw: ${e?.stack ?? e}`] }))
})
