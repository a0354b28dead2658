/** `fixtures` (docs/cli.md). */

import { constants, copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { CAC } from 'cac'
import { fail } from '../exit.js'
import { done, one, UsageError } from '../shared.js'

export function register(cli: CAC): void {
  cli
    .command('fixtures', "Write the package's shipped fixtures to a folder, to seed your own corpus")
    .option('--out <dir>', 'Target folder', { default: './messenger-webhooks-fixtures' })
    .option('--force', 'Overwrite files that are already there (they are kept otherwise)')
    .example('messenger-webhooks fixtures --out test/fixtures/meta')
    .action((options: Record<string, unknown>) => {
      const source = fileURLToPath(new URL('../fixtures/', import.meta.url))
      if (!existsSync(source)) fail('the package has no fixtures folder (broken install?)')
      const outText = one(options, 'out', 'out') ?? './messenger-webhooks-fixtures'
      if (outText === '') throw new UsageError('--out is empty: name the folder to write to')
      const out = resolve(outText)
      const files: string[] = []
      const collect = (dir: string) => {
        for (const name of readdirSync(dir).sort()) {
          const p = join(dir, name)
          if (statSync(p).isDirectory()) collect(p)
          else files.push(relative(source, p))
        }
      }
      collect(source)
      let wrote = 0
      let kept = 0
      for (const file of files) {
        const target = join(out, file)
        try {
          mkdirSync(resolve(target, '..'), { recursive: true })
          copyFileSync(join(source, file), target, options.force === true ? 0 : constants.COPYFILE_EXCL)
          wrote++
        } catch (e) {
          const err = e as NodeJS.ErrnoException
          if (err.code === 'EEXIST') kept++
          else fail(`cannot write ${target}: ${err.code === 'EACCES' ? 'permission denied' : err.message}`)
        }
      }
      if (kept > 0) process.stderr.write(`kept ${kept} files that were already there (--force overwrites them)\n`)
      return done(`wrote ${wrote} files to ${out}\n`, 0)
    })
}
