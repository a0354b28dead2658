// `npm start`: builds the package (saying so: it takes half a minute on a small machine), then
// runs the main job, `messenger-webhooks validate` on the shipped fixtures, and explains the one
// `unknown` event those fixtures hold on purpose. Exits with validate's exit code.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

const started = Date.now()
process.stdout.write('building the package (npm run build)… ')
const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] })
if (build.status !== 0) {
  console.log('failed')
  process.exit(build.status ?? 1)
}
console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`)

const folders = ['fixtures/messenger', 'fixtures/instagram', 'fixtures/dashboard', 'fixtures/batch']
console.log(`$ messenger-webhooks validate ${folders.join(' ')}`)
const run = spawnSync(process.execPath, ['dist/cli.js', 'validate', ...folders], { stdio: 'inherit' })

const manifest = JSON.parse(readFileSync('fixtures/manifest.json', 'utf8'))
const unknown = manifest.valid.filter((f) => f.types.includes('unknown')).map((f) => f.file)
if (unknown.length > 0) {
  console.log(
    `\n${unknown.length === 1 ? 'The unknown event is' : 'The unknown events are'} expected: ${unknown.join(', ')} ` +
      `${unknown.length === 1 ? 'holds an item' : 'hold items'} with no event key this version knows (a \`hop_context\` ` +
      'key, said to appear in messaging items). It decodes as type "unknown", with the item in raw, so nothing is lost; ' +
      'with --strict it is reported instead.',
  )
}
process.exit(run.status ?? 2)
