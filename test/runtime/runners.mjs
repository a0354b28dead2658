// Runs test/runtime/verify.portable.mjs on Node, Bun, Deno, workerd (Miniflare) and headless
// Chromium, each from the project's own devDependencies (Chromium: the system /usr/bin/chromium,
// never a downloaded one). Every runner resolves to the report the runtime itself produced:
// `{ runtime, version, checks, passed, failed, ms }`.
//
// CLI: `node test/runtime/runners.mjs [node|bun|deno|workerd|chromium ...]` prints one JSON line
// per runtime (all five by default) and exits 1 if any check failed. Needs a built dist/ (`npx tsup`).
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, extname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
export const root = resolve(here, '..', '..')
/** A devDependency's executable in node_modules/.bin. */
export const bin = (name) => join(root, 'node_modules', '.bin', name)
const MAIN = join(here, 'main.mjs')
const TIMEOUT_MS = 60_000

export const RUNTIMES = ['node', 'bun', 'deno', 'workerd', 'chromium']

/** Chromium flags: headless, no sandbox (containers), and no traffic other than to our server. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
]
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Throws a clear error when the package has not been built. */
export function assertBuilt() {
  const entry = join(root, 'dist', 'index.js')
  if (!existsSync(entry)) {
    throw new Error(
      `${relative(process.cwd(), entry) || entry} is missing: build the package first (\`npx tsup\`; \`npm test\` does it in its pretest script).`,
    )
  }
}

/** The report on the last non-empty line of a runtime's output. */
function parseReport(runtime, stdout, stderr) {
  const line = stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .at(-1)
  try {
    return JSON.parse(line ?? '')
  } catch {
    throw new Error(`${runtime}: no JSON report on stdout.\nstdout:\n${stdout}\nstderr:\n${stderr}`)
  }
}

function exec(runtime, file, args, env) {
  return new Promise((resolvePromise, reject) => {
    execFile(
      file,
      args,
      { cwd: root, env: { ...process.env, NO_COLOR: '1', ...env }, timeout: TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error !== null && !stdout.trim()) {
          reject(new Error(`${runtime}: ${file} ${args.join(' ')} failed: ${error.message}\nstderr:\n${stderr}`))
          return
        }
        try {
          resolvePromise(parseReport(runtime, stdout, stderr))
        } catch (e) {
          reject(e)
        }
      },
    )
  })
}

/** `fn()`'s report with the wall time it took as `ms`. */
export async function timed(fn) {
  const start = performance.now()
  const report = await fn()
  return { ...report, ms: Math.round(performance.now() - start) }
}

/** Node: a fresh `node` process imports the portable file (dist/index.js, so the Web Crypto build). */
export function runNode() {
  assertBuilt()
  return timed(() => exec('node', process.execPath, [MAIN]))
}

/** Bun: the npm-installed `bun` runs the same entry; it resolves io-ts from node_modules itself. */
export function runBun() {
  assertBuilt()
  return timed(() =>
    exec('bun', bin('bun'), ['--no-install', MAIN], {
      // No auto-install (offline) and no transpiler cache written outside the temp dir.
      BUN_RUNTIME_TRANSPILER_CACHE_PATH: '0',
    }),
  )
}

/**
 * Deno: the npm-installed `deno` runs the same entry, unbundled. With a package.json and a
 * node_modules beside it, Deno resolves `io-ts` from node_modules ("bring your own node_modules"),
 * so `--cached-only` keeps it offline. No permission flags: the test reads no file and no env.
 */
export function runDeno() {
  assertBuilt()
  return timed(async () => {
    const denoDir = await mkdtemp(join(tmpdir(), 'messenger-webhooks-deno-'))
    try {
      return await exec('deno', bin('deno'), ['run', '--no-prompt', '--cached-only', MAIN], {
        DENO_DIR: denoDir,
        DENO_NO_UPDATE_CHECK: '1',
      })
    } finally {
      await rm(denoDir, { recursive: true, force: true })
    }
  })
}

async function esbuild() {
  return import('esbuild')
}

/** workerd: one ES-module worker bundled by esbuild (as wrangler would); `fetch` answers the report. */
export async function workerScript() {
  const { build } = await esbuild()
  const result = await build({
    stdin: {
      contents: `import { report } from './report.mjs'
export default {
  async fetch() {
    try {
      return Response.json(await report())
    } catch (e) {
      return Response.json({ runtime: 'workerd', passed: 0, failed: ['worker threw: ' + (e && e.stack ? e.stack : String(e))] })
    }
  },
}
`,
      resolveDir: here,
      sourcefile: 'worker.mjs',
      loader: 'js',
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  })
  return result.outputFiles[0].text
}

export function runWorkerd() {
  assertBuilt()
  return timed(async () => {
    const script = await workerScript()
    const { Miniflare } = await import('miniflare')
    const mf = new Miniflare({ modules: true, script, compatibilityDate: '2024-09-23' })
    try {
      const res = await mf.dispatchFetch('http://localhost/')
      const text = await res.text()
      return parseReport('workerd', text, `HTTP ${res.status}`)
    } finally {
      await mf.dispose()
    }
  })
}

/**
 * The bare imports of dist/index.js (its externals, e.g. `io-ts`), each bundled by esbuild into a
 * browser ES module, for an import map. dist/index.js itself is served byte for byte.
 */
async function vendorModules() {
  const { build } = await esbuild()
  const scan = await build({
    entryPoints: [join(root, 'dist', 'index.js')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    packages: 'external',
    metafile: true,
    write: false,
    logLevel: 'silent',
  })
  const specifiers = new Set()
  for (const output of Object.values(scan.metafile.outputs)) {
    for (const i of output.imports) if (i.external) specifiers.add(i.path)
  }
  const modules = new Map()
  for (const specifier of specifiers) {
    const out = await build({
      stdin: { contents: `export * from ${JSON.stringify(specifier)}`, resolveDir: root, loader: 'js' },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    })
    modules.set(`/vendor/${encodeURIComponent(specifier)}.js`, { specifier, code: out.outputFiles[0].text })
  }
  return modules
}

/** Serves the page, dist/ and test/runtime/ as they are, and the vendor modules; 127.0.0.1 only. */
async function serve() {
  const vendor = await vendorModules()
  const imports = Object.fromEntries([...vendor].map(([path, { specifier }]) => [specifier, path]))
  const page = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>messenger-webhooks runtime test</title>
<script type="importmap">${JSON.stringify({ imports })}</script>
<script type="module">window.__report = () => import('/test/runtime/report.mjs').then((m) => m.report())</script>`
  const served = [join(root, 'dist') + sep, here + sep]
  const requested = []
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname)
    requested.push(path)
    const send = (status, type, body) =>
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body)
    if (path === '/') return send(200, 'text/html; charset=utf-8', page)
    const v = vendor.get(path)
    if (v !== undefined) return send(200, 'text/javascript; charset=utf-8', v.code)
    const file = resolve(root, `.${path}`)
    const ext = extname(file)
    if ((ext === '.js' || ext === '.mjs') && served.some((dir) => file.startsWith(dir))) {
      try {
        return send(200, 'text/javascript; charset=utf-8', await readFile(file))
      } catch {
        // fall through to 404
      }
    }
    return send(404, 'text/plain', 'not found')
  })
  await new Promise((ok, fail) => {
    server.once('error', fail)
    server.listen(0, '127.0.0.1', ok)
  })
  const { port } = server.address()
  return { url: `http://127.0.0.1:${port}/`, requested, close: () => new Promise((ok) => server.close(() => ok())) }
}

/**
 * Launches headless Chromium on `url` and collects what goes wrong in the page (uncaught errors,
 * console errors, failed requests) into `errors`. The caller closes `browser`.
 */
export async function openPage(url) {
  const { chromium } = await import('playwright-core')
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: TIMEOUT_MS })
  try {
    const page = await browser.newPage()
    const errors = []
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`)
    })
    page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`))
    await page.goto(url, { waitUntil: 'load', timeout: TIMEOUT_MS })
    return { browser, page, errors }
  } catch (e) {
    await browser.close()
    throw e
  }
}

/** Chromium: the page loads dist/index.js and the unchanged portable test as ES modules. */
export function runChromium() {
  assertBuilt()
  return timed(async () => {
    if (!existsSync(CHROMIUM_PATH)) throw new Error(`chromium: ${CHROMIUM_PATH} not found (set CHROMIUM_PATH)`)
    const server = await serve()
    let browser
    try {
      const opened = await openPage(server.url)
      browser = opened.browser
      const { page, errors } = opened
      await page.waitForFunction(() => typeof window.__report === 'function', undefined, { timeout: TIMEOUT_MS })
      const report = await page.evaluate(() => window.__report())
      // The page must have loaded the built bundle itself, not something else.
      for (const path of ['/dist/index.js', '/test/runtime/verify.portable.mjs']) {
        if (!server.requested.includes(path)) errors.push(`the page never requested ${path}`)
      }
      if (errors.length > 0) report.failed = [...report.failed, ...errors]
      return { ...report, version: browser.version() }
    } finally {
      await browser?.close()
      await server.close()
    }
  })
}

export const runners = { node: runNode, bun: runBun, deno: runDeno, workerd: runWorkerd, chromium: runChromium }

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : RUNTIMES
  let ok = true
  for (const name of names) {
    const runner = runners[name]
    if (runner === undefined) {
      console.error(`unknown runtime ${name}; use ${RUNTIMES.join(', ')}`)
      process.exit(2)
    }
    try {
      const r = await runner()
      if (r.failed.length > 0) ok = false
      console.log(JSON.stringify(r))
    } catch (e) {
      ok = false
      console.log(JSON.stringify({ runtime: name, passed: 0, failed: [e?.message ?? String(e)] }))
    }
  }
  process.exit(ok ? 0 : 1)
}
