// Everything a maintainer runs before `npm publish`, in order, stopping at the first failure:
// version and changelog, type check, lint, build, tests, the main job, packaging (publint, attw,
// packed files), size budgets, generated files up to date (API reference, JSON Schema), the
// runtime matrix on the built package, and a clean git tree.
//   npm run release:check          all of it
//   node scripts/release-check.mjs --ci
//                                  what CI runs besides `npm test` (no tests, no registry
//                                  lookup, no clean-tree check: .ci/run does those its own way)
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const ci = process.argv.includes('--ci')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))

/** Runs a command with inherited output; throws with its name when it fails. */
function sh(command, args) {
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) throw new Error(`${[command, ...args].join(' ')} exited with ${r.status ?? r.signal}`)
}

/** Fails when git sees changes (or new files) under the given paths. */
function unchanged(paths, fix) {
  const out = execFileSync('git', ['status', '--porcelain', '--', ...paths], { cwd: root, encoding: 'utf8' })
  if (out.trim() !== '') throw new Error(`out of date (${fix}):\n${out}`)
}

function changelog() {
  const text = readFileSync(join(root, 'CHANGELOG.md'), 'utf8')
  if (!/^## \[Unreleased\]$/m.test(text)) throw new Error('CHANGELOG.md has no "## [Unreleased]" section')
  const version = pkg.version.replaceAll('.', '\\.')
  const released = new RegExp(`^## \\[${version}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm').test(text)
  const unreleased = /## \[Unreleased\]\n+([\s\S]*?)(?=\n## \[|$)/.exec(text)?.[1]?.trim() ?? ''
  if (!released && unreleased === '')
    throw new Error(
      `CHANGELOG.md has no notes for ${pkg.version}: neither "## [${pkg.version}] - <date>" nor notes under Unreleased`,
    )
  if (!released)
    console.log(`  note: the notes are under [Unreleased]; at publish, move them to "## [${pkg.version}] - <date>"`)
  if (!/^\[Unreleased\]: /m.test(text)) throw new Error('CHANGELOG.md has no [Unreleased] link reference')
}

function notPublished() {
  const r = spawnSync('npm', ['view', `${pkg.name}@${pkg.version}`, 'version'], { cwd: root, encoding: 'utf8' })
  if (r.status === 0 && r.stdout.trim() === pkg.version)
    throw new Error(`${pkg.name}@${pkg.version} is already on the registry: bump the version`)
}

const steps = [
  ['version and changelog', changelog],
  ...(ci ? [] : [['version not yet published', notPublished]]),
  ['type check', () => sh('npm', ['run', 'typecheck', '--silent'])],
  ['lint', () => sh('npm', ['run', 'lint', '--silent'])],
  ['build', () => sh('npm', ['run', 'build', '--silent'])],
  ...(ci ? [] : [['tests', () => sh('npx', ['vitest', 'run'])]]),
  [
    'main job (npm start)',
    () =>
      sh('node', [
        'dist/cli.js',
        'validate',
        '--quiet',
        'fixtures/messenger',
        'fixtures/instagram',
        'fixtures/dashboard',
        'fixtures/batch',
      ]),
  ],
  ['packaging (publint, attw, packed files)', () => sh('npm', ['run', 'pack:check', '--silent'])],
  ['size budgets', () => sh('node', ['scripts/size.mjs'])],
  [
    'API reference up to date',
    () => {
      sh('npx', ['typedoc', '--logLevel', 'Warn'])
      unchanged(['docs/api'], 'run npm run docs and commit docs/api')
    },
  ],
  [
    'JSON Schema up to date',
    () => {
      sh('node', ['scripts/build-schema.mjs'])
      unchanged(['docs/schema'], 'run npm run schema and commit docs/schema')
    },
  ],
  ['runtime matrix (Node ESM/CJS, Bun, Deno, workerd, Chromium)', () => sh('node', ['test/runtime/matrix.mjs'])],
  ...(ci ? [] : [['clean git tree', () => unchanged(['.'], 'commit or remove these files')]]),
]

const started = Date.now()
for (const [name, step] of steps) {
  const t = Date.now()
  console.log(`\n== ${name}`)
  try {
    step()
  } catch (e) {
    console.error(`\nrelease check FAILED at "${name}": ${e instanceof Error ? e.message : String(e)}`)
    process.exit(1)
  }
  console.log(`   ok (${((Date.now() - t) / 1000).toFixed(1)} s)`)
}
console.log(
  `\nrelease check passed: ${pkg.name}@${pkg.version} is ready to publish (${((Date.now() - started) / 1000).toFixed(0)} s)`,
)
