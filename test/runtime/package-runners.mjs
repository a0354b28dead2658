// The package matrix: the BUILT package, installed into a throwaway consumer project the way npm
// installs it (the files `npm pack` would publish, in node_modules/messenger-webhooks), imported by
// name through its `exports` map on Node ESM, Node CommonJS, Bun, Deno, workerd (esbuild bundle,
// as wrangler makes it, run by Miniflare) and headless Chromium (esbuild browser bundle).
// The checks are consumer/checks.mjs; see README.md ("The package matrix").
//
// Every runner resolves to `{ target, runtime, version, checks, passed, failed, builds, ms }`:
// `failed` holds what failed inside the runtime and what the runner found wrong about resolution
// (the build each subpath resolved to, or what went into a bundle), with the runtime's stderr.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { assertBuilt, bin, CHROMIUM_PATH, openPage, root, timed } from './runners.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const TIMEOUT_MS = 30_000
const PACKAGE = 'messenger-webhooks'

/** Every runtime × module format of the matrix, in the order the table prints them. */
export const TARGETS = ['node-esm', 'node-cjs', 'bun', 'deno', 'workerd', 'chromium']

/** The runtime each target must report from its own globals. */
const RUNTIME_OF = {
  'node-esm': 'node',
  'node-cjs': 'node',
  bun: 'bun',
  deno: 'deno',
  workerd: 'workerd',
  chromium: 'chromium',
}

/**
 * What esbuild is told for each bundled target. workerd's is what wrangler passes by default: its
 * build conditions (`workerd`, `worker`, `browser`, overridable by WRANGLER_BUILD_CONDITIONS) and
 * esbuild's default platform, `browser` (WRANGLER_BUILD_PLATFORM), so mainFields browser/module/main.
 */
export const BUNDLE_OPTIONS = {
  workerd: { platform: 'browser', conditions: ['workerd', 'worker', 'browser'] },
  chromium: { platform: 'browser', conditions: ['browser'] },
}

/** The child's environment: ours minus NODE_OPTIONS (a `--conditions` there would skew resolution). */
function childEnv(extra) {
  const env = { ...process.env, NO_COLOR: '1', ...extra }
  delete env.NODE_OPTIONS
  return env
}

function run(file, args, options) {
  return new Promise((ok) => {
    execFile(file, args, { timeout: TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, ...options }, (error, stdout, stderr) =>
      ok({ error, stdout, stderr }),
    )
  })
}

function tail(text, max = 4000) {
  const t = text.trim()
  return t.length > max ? `…${t.slice(-max)}` : t
}

/** How a process ended, from execFile's error (whose message repeats stderr, so it is not used). */
function exitStatus(error) {
  if (error === null) return 'exited 0'
  if (error.killed) return `killed after ${TIMEOUT_MS} ms (${error.signal})`
  if (error.code === 'ENOENT') return 'not found'
  return error.signal ? `killed by ${error.signal}` : `exited ${error.code}`
}

function command(file, args) {
  const name = file === process.execPath ? 'node' : relative(root, file).split('\\').join('/')
  return [name, ...args].join(' ')
}

/**
 * Runs a consumer entry in a fresh process; resolves to the JSON report on the last stdout line,
 * with the process's stderr attached when anything failed. Rejects, with stdout and stderr, when
 * there is no report (the binary is missing, the import failed, the process crashed).
 */
async function runEntry(target, file, args, consumer, env = {}) {
  if (!existsSync(file)) {
    throw new Error(`${target}: ${file} not found. It is a devDependency: run \`npm ci\`.`)
  }
  const { error, stdout, stderr } = await run(file, args, { cwd: consumer.app, env: childEnv(env) })
  const line = stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('{'))
    .at(-1)
  let report
  try {
    report = JSON.parse(line ?? '')
  } catch {
    throw new Error(
      `${target}: no report from \`${command(file, args)}\` (${exitStatus(error)}).\nstdout:\n${tail(stdout)}\nstderr:\n${tail(stderr)}`,
    )
  }
  if (error !== null) report.failed = [...(report.failed ?? []), `\`${command(file, args)}\` ${exitStatus(error)}`]
  if (report.failed?.length > 0 && stderr.trim()) report.failed = [...report.failed, `stderr:\n${tail(stderr)}`]
  return report
}

// ---------------------------------------------------------------------------------------------
// The consumer project

/** The files `npm pack` would publish (so what `npm install messenger-webhooks` unpacks). */
async function packedFiles() {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const { error, stdout, stderr } = await run(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: root,
    env: childEnv({ npm_config_loglevel: 'error', npm_config_update_notifier: 'false' }),
  })
  try {
    const [pack] = JSON.parse(stdout)
    return pack.files.map((f) => f.path)
  } catch {
    throw new Error(`npm pack --dry-run failed: ${error?.message ?? 'no JSON'}\n${tail(stderr)}`)
  }
}

/** The fixture bodies (raw text) and what fixtures/manifest.json says they decode to. */
async function fixturesModule() {
  const manifest = JSON.parse(await readFile(join(root, 'fixtures', 'manifest.json'), 'utf8'))
  const entry = (list, file) => {
    const found = manifest[list].find((f) => f.file === file)
    if (found === undefined) throw new Error(`fixtures/manifest.json has no ${list} entry for ${file}`)
    return found
  }
  const body = (file) => readFile(join(root, 'fixtures', file), 'utf8')
  const mixed = entry('valid', 'batch/mixed.json')
  const invalid = entry('invalid', 'invalid/batch.two-bad-of-four.json')
  const fixtures = {
    mixed: { file: mixed.file, body: await body(mixed.file), types: mixed.types, channels: mixed.channels },
    invalid: { file: invalid.file, body: await body(invalid.file), paths: invalid.paths, events: invalid.events },
  }
  return `// Generated by test/runtime/package-runners.mjs from fixtures/.\nexport default ${JSON.stringify(fixtures)}\n`
}

/**
 * A consumer project in a fresh temp directory: `app/package.json` depending on the package,
 * `app/node_modules/messenger-webhooks` holding the files `npm pack` lists (copied from the repo:
 * the built dist/ as it is), the package's dependencies symlinked from the repo's node_modules (no
 * registry), and the consumer code (consumer/*, detect.mjs, a generated fixtures.mjs). Caches
 * (DENO_DIR, Bun's) go to `cache/` beside it, so nothing is written into the repository.
 * @returns `{ base, app, cache, cleanup() }`
 */
export async function setupConsumer() {
  assertBuilt()
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'))
  const [files, fixtures, base] = await Promise.all([
    packedFiles(),
    fixturesModule(),
    mkdtemp(join(tmpdir(), `${PACKAGE}-consumer-`)),
  ])
  const app = join(base, 'app')
  const cache = join(base, 'cache')
  const installed = join(app, 'node_modules', PACKAGE)
  try {
    await mkdir(cache, { recursive: true })
    await mkdir(installed, { recursive: true })
    const dirs = new Set(files.map((f) => dirname(join(installed, f))))
    await Promise.all([...dirs].map((d) => mkdir(d, { recursive: true })))
    await Promise.all(files.map((f) => copyFile(join(root, f), join(installed, f))))
    for (const dep of Object.keys(pkg.dependencies ?? {})) {
      const target = join(root, 'node_modules', dep)
      if (!existsSync(target)) throw new Error(`dependency ${dep} is not installed in node_modules: run \`npm ci\``)
      await mkdir(dirname(join(app, 'node_modules', dep)), { recursive: true })
      await symlink(target, join(app, 'node_modules', dep), 'junction')
    }
    await writeFile(
      join(app, 'package.json'),
      `${JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies: { [PACKAGE]: pkg.version } }, null, 2)}\n`,
    )
    const consumerFiles = (await readdir(join(here, 'consumer'))).filter((f) => /\.(mjs|cjs)$/.test(f))
    await Promise.all([
      ...consumerFiles.map((f) => copyFile(join(here, 'consumer', f), join(app, f))),
      copyFile(join(here, 'detect.mjs'), join(app, 'detect.mjs')),
      writeFile(join(app, 'fixtures.mjs'), fixtures),
    ])
  } catch (e) {
    await rm(base, { recursive: true, force: true })
    throw e
  }
  return { base, app, cache, cleanup: () => rm(base, { recursive: true, force: true }) }
}

// ---------------------------------------------------------------------------------------------
// Where each subpath resolved

const DIST = `node_modules/${PACKAGE}/dist/`

/** `file:///…/app/node_modules/messenger-webhooks/dist/index.node.js` → `dist/index.node.js`. */
function builtFile(consumer, url) {
  let path
  try {
    path = url.startsWith('file:') ? fileURLToPath(url) : url
  } catch {
    return `(not a file: ${url})`
  }
  const rel = relative(consumer.app, path).split('\\').join('/')
  return rel.startsWith(DIST) ? `dist/${rel.slice(DIST.length)}` : `(outside the installed package: ${path})`
}

/** Compares the build each subpath resolved to with what is allowed; returns the problems. */
function resolutionProblems(consumer, resolved, allowed) {
  const problems = []
  const builds = {}
  for (const [subpath, options] of Object.entries(allowed)) {
    const url = resolved?.[subpath]
    if (typeof url !== 'string') {
      problems.push(`${PACKAGE}${subpath.slice(1)} did not resolve (${JSON.stringify(url)})`)
      continue
    }
    const file = builtFile(consumer, url)
    builds[subpath] = file
    if (!options.includes(file)) {
      problems.push(`${PACKAGE}${subpath.slice(1)} resolved to ${file}, expected ${options.join(' or ')}`)
    }
  }
  return { problems, builds }
}

function finish(target, report, extraProblems, builds) {
  const failed = [...(report.failed ?? []), ...extraProblems]
  return { target, ...report, failed, builds }
}

// ---------------------------------------------------------------------------------------------
// The runners

/** Node ESM: `import` of `.`, `/decode`, `/verify`, `/node`; the `node` condition must pick the node:crypto builds. */
export function runNodeEsm(consumer) {
  return timed(async () => {
    const report = await runEntry('node-esm', process.execPath, ['node.mjs'], consumer)
    const { problems, builds } = resolutionProblems(consumer, report.resolved, {
      '.': ['dist/index.node.js'],
      './decode': ['dist/decode.js'],
      './verify': ['dist/verify.node.js'],
      './node': ['dist/node.js'],
    })
    return finish('node-esm', report, problems, builds)
  })
}

/** Node CommonJS: `require()` of the same four; the `node` + `require` conditions pick the .cjs node:crypto builds. */
export function runNodeCjs(consumer) {
  return timed(async () => {
    const report = await runEntry('node-cjs', process.execPath, ['main.cjs'], consumer)
    const { problems, builds } = resolutionProblems(consumer, report.resolved, {
      '.': ['dist/index.node.cjs'],
      './decode': ['dist/decode.cjs'],
      './verify': ['dist/verify.node.cjs'],
      './node': ['dist/node.cjs'],
    })
    if (!(report.cjsModulesLoaded > 0)) problems.push('require() loaded no dist/*.cjs file')
    return finish('node-cjs', report, problems, builds)
  })
}

/** Either ESM build of a subpath is right for Bun and Deno: both have Web Crypto and node:crypto. */
const ESM_BUILDS = {
  '.': ['dist/index.js', 'dist/index.node.js'],
  './decode': ['dist/decode.js'],
  './verify': ['dist/verify.js', 'dist/verify.node.js'],
}

/** Bun: `bun --no-install main.mjs` in the consumer project (resolves from its node_modules, never installs). */
export function runBun(consumer) {
  return timed(async () => {
    const report = await runEntry('bun', bin('bun'), ['--no-install', 'main.mjs'], consumer, {
      BUN_RUNTIME_TRANSPILER_CACHE_PATH: '0',
      BUN_INSTALL_CACHE_DIR: join(consumer.cache, 'bun'),
    })
    const { problems, builds } = resolutionProblems(consumer, report.resolved, ESM_BUILDS)
    return finish('bun', report, problems, builds)
  })
}

/**
 * Deno: `deno run` of main.mjs with `--node-modules-dir=manual` (the consumer's node_modules, as npm
 * left it, resolved through package.json `exports`), `--cached-only` (never fetches an npm: or
 * remote module), no lockfile, DENO_DIR in the temp dir. No permission flags: nothing is read at run time.
 */
export function runDeno(consumer) {
  return timed(async () => {
    const report = await runEntry(
      'deno',
      bin('deno'),
      ['run', '--no-prompt', '--cached-only', '--no-lock', '--node-modules-dir=manual', 'main.mjs'],
      consumer,
      { DENO_DIR: join(consumer.cache, 'deno'), DENO_NO_UPDATE_CHECK: '1', DENO_NO_UPDATE_NOTIFIER: '1' },
    )
    const { problems, builds } = resolutionProblems(consumer, report.resolved, ESM_BUILDS)
    return finish('deno', report, problems, builds)
  })
}

const PACKAGE_INPUT = new RegExp(`(?:^|/)node_modules/${PACKAGE}/(dist/[^/]+)$`)
const DECODER_DEPENDENCY = /(?:^|\/)node_modules\/(?:io-ts|fp-ts)\//
const NODE_BUILTIN = /["'`]node:[a-z_/]+["'`]/

/**
 * Bundles `contents` (resolved from the consumer project) for a bundled target; returns the code,
 * the package files that went in, whether io-ts/fp-ts did, and the bytes.
 */
async function bundle(consumer, target, contents) {
  const { build } = await import('esbuild')
  const result = await build({
    stdin: { contents, resolveDir: consumer.app, sourcefile: `${target}-entry.mjs`, loader: 'js' },
    absWorkingDir: consumer.app,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    ...BUNDLE_OPTIONS[target],
    metafile: true,
    write: false,
    logLevel: 'silent',
  })
  const inputs = Object.keys(result.metafile.inputs).map((p) => p.split('\\').join('/'))
  const code = result.outputFiles[0].text
  return {
    code,
    packageFiles: inputs.flatMap((p) => PACKAGE_INPUT.exec(p)?.[1] ?? []).sort(),
    decoderDependency: inputs.some((p) => DECODER_DEPENDENCY.test(p)),
    nodeBuiltin: NODE_BUILTIN.exec(code)?.[0],
    bytes: new TextEncoder().encode(code).length,
  }
}

/**
 * The bundle of the consumer code and a bundle of `messenger-webhooks/verify` alone, both made with
 * the target's conditions; checks that they took the Web builds, no `node:` import, and that
 * `/verify` alone brings no io-ts or fp-ts.
 */
async function bundles(consumer, target, entry) {
  const problems = []
  let app
  try {
    app = await bundle(consumer, target, entry)
  } catch (e) {
    throw new Error(`${target}: esbuild could not bundle the consumer code: ${e?.message ?? e}`)
  }
  // The Web entries and the chunks they share; never a `.node` build.
  const web = (files, entries) =>
    entries.every((f) => files.includes(f)) &&
    files.every((f) => entries.includes(f) || /^dist\/chunk-\w+\.js$/.test(f))
  const entries = ['dist/decode.js', 'dist/index.js', 'dist/verify.js']
  if (!web(app.packageFiles, entries)) {
    problems.push(
      `the ${target} bundle took ${app.packageFiles.join(', ')} from the package, expected ${entries.join(', ')} and shared chunks`,
    )
  }
  if (app.nodeBuiltin !== undefined) problems.push(`the ${target} bundle imports ${app.nodeBuiltin}`)
  const verifyOnly = await bundle(consumer, target, `export * from '${PACKAGE}/verify'`)
  if (!web(verifyOnly.packageFiles, ['dist/verify.js'])) {
    problems.push(
      `a ${target} bundle of ${PACKAGE}/verify took ${verifyOnly.packageFiles.join(', ')}, expected dist/verify.js and shared chunks`,
    )
  }
  if (verifyOnly.decoderDependency) problems.push(`a ${target} bundle of ${PACKAGE}/verify pulls in io-ts/fp-ts`)
  if (verifyOnly.nodeBuiltin !== undefined) {
    problems.push(`a ${target} bundle of ${PACKAGE}/verify imports ${verifyOnly.nodeBuiltin}`)
  }
  const builds = {
    bundle: app.packageFiles.join(' + '),
    'bundle bytes': app.bytes,
    './verify alone bytes': verifyOnly.bytes,
  }
  return { code: app.code, problems, builds }
}

/** workerd: the consumer code bundled as wrangler would (workerd/worker/browser conditions), run by Miniflare. */
export function runWorkerd(consumer) {
  return timed(async () => {
    const entry = `import { report } from './report.mjs'
export default {
  async fetch() {
    try {
      return Response.json(await report())
    } catch (e) {
      return Response.json({ runtime: 'workerd', passed: 0, failed: ['worker threw: ' + (e && e.stack ? e.stack : String(e))] })
    }
  },
}
`
    const { code, problems, builds } = await bundles(consumer, 'workerd', entry)
    const { Miniflare, NoOpLog } = await import('miniflare')
    // workerd's own output (an uncaught error at start-up, console.error) goes into the failure.
    let output = ''
    const collect = (stream) => stream.on('data', (chunk) => (output += chunk))
    let mf
    try {
      mf = new Miniflare({
        modules: true,
        script: code,
        compatibilityDate: '2024-09-23',
        log: new NoOpLog(),
        handleRuntimeStdio: (stdout, stderr) => {
          collect(stdout)
          collect(stderr)
        },
      })
      const res = await mf.dispatchFetch('http://localhost/')
      const text = await res.text()
      let report
      try {
        report = JSON.parse(text)
      } catch {
        throw new Error(`the worker answered HTTP ${res.status} without a report:\n${tail(text)}`)
      }
      if (report.failed?.length > 0 && output.trim())
        report.failed = [...report.failed, `workerd output:\n${tail(output)}`]
      return finish('workerd', report, problems, builds)
    } catch (e) {
      throw new Error(`workerd: ${e?.message ?? e}${output.trim() ? `\nworkerd output:\n${tail(output)}` : ''}`)
    } finally {
      // dispose() rethrows a start-up failure, which the catch above already reported.
      await mf?.dispose().catch(() => {})
    }
  })
}

/** Chromium: the consumer code bundled with the browser condition, served on 127.0.0.1 to headless /usr/bin/chromium. */
export function runChromium(consumer) {
  return timed(async () => {
    if (!existsSync(CHROMIUM_PATH)) {
      throw new Error(`chromium: ${CHROMIUM_PATH} not found (install Debian's chromium, or set CHROMIUM_PATH)`)
    }
    const entry = `import { report } from './report.mjs'\nwindow.__report = report\n`
    const { code, problems, builds } = await bundles(consumer, 'chromium', entry)
    const page = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>${PACKAGE} package matrix</title>
<script>addEventListener('error', () => { window.__failed = true })</script>
<script type="module" src="/bundle.js"></script>`
    const server = createServer((req, res) => {
      const send = (status, type, body) =>
        res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body)
      if (req.url === '/') return send(200, 'text/html; charset=utf-8', page)
      if (req.url === '/bundle.js') return send(200, 'text/javascript; charset=utf-8', code)
      return send(404, 'text/plain', 'not found')
    })
    await new Promise((ok, fail) => {
      server.once('error', fail)
      server.listen(0, '127.0.0.1', ok)
    })
    let browser
    try {
      const opened = await openPage(`http://127.0.0.1:${server.address().port}/`)
      browser = opened.browser
      const { page: tab, errors } = opened
      // The bundle either defines window.__report or fails while loading (a pageerror): no waiting then.
      const loaded = await tab
        .waitForFunction(() => typeof window.__report === 'function' || window.__failed === true, undefined, {
          timeout: 10_000,
        })
        .then(() => tab.evaluate(() => typeof window.__report === 'function'))
        .catch(() => false)
      if (!loaded) errors.push('the bundle never defined window.__report')
      const report = loaded
        ? await tab.evaluate(() => window.__report())
        : { runtime: 'chromium', checks: undefined, passed: 0, failed: [] }
      return finish('chromium', { ...report, version: browser.version() }, [...errors, ...problems], builds)
    } finally {
      await browser?.close()
      await new Promise((ok) => server.close(() => ok()))
    }
  })
}

export const runners = {
  'node-esm': runNodeEsm,
  'node-cjs': runNodeCjs,
  bun: runBun,
  deno: runDeno,
  workerd: runWorkerd,
  chromium: runChromium,
}

/** The checks a target must pass: the portable ones, plus `/node`'s on Node. */
export async function expectedChecks(target) {
  const { NODE_CHECKS, PORTABLE_CHECKS } = await import('./consumer/checks.mjs')
  return PORTABLE_CHECKS + (RUNTIME_OF[target] === 'node' ? NODE_CHECKS : 0)
}

/**
 * Runs one target and returns its result with every problem in `failed`: a runner that threw, a
 * report from the wrong runtime, fewer checks than expected. Never throws.
 */
export async function runTarget(target, consumer) {
  const start = performance.now()
  let result
  try {
    result = await runners[target](consumer)
  } catch (e) {
    return {
      target,
      runtime: RUNTIME_OF[target],
      version: '?',
      checks: await expectedChecks(target),
      passed: 0,
      failed: [e?.message ?? String(e)],
      builds: {},
      ms: Math.round(performance.now() - start),
    }
  }
  const failed = [...result.failed]
  if (result.runtime !== RUNTIME_OF[target]) {
    failed.unshift(`the report came from ${result.runtime} ${result.version}, not ${RUNTIME_OF[target]}`)
  }
  const checks = await expectedChecks(target)
  if (failed.length === 0 && result.checks !== checks)
    failed.push(`the runtime declared ${result.checks} checks, expected ${checks}`)
  if (failed.length === 0 && result.passed !== checks) failed.push(`passed ${result.passed} of ${checks} checks`)
  return { ...result, checks, failed }
}
