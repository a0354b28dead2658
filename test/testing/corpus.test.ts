import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs build script without type declarations
import { buildCorpus } from '../../scripts/embed-fixtures.mjs'
import { decodeEvent } from '../../src/index.js'
import { corpus } from '../../src/testing/index.js'
import { countItems, FIXTURES, manifest, readFixture } from '../fixtures.js'

describe('testing corpus', () => {
  it('is in sync with fixtures/ (run `npm run fixtures:embed` after changing fixtures)', () => {
    const onDisk = readFileSync(join(FIXTURES, '..', 'src', 'testing', 'corpus.ts'), 'utf8')
    expect(onDisk).toBe(buildCorpus())
  })

  it('holds every item of every valid fixture', () => {
    const total = manifest.valid.reduce((n, f) => n + countItems(readFixture(f.file)), 0)
    expect(corpus.length).toBe(total)
  })

  it('gives each item the tag it decodes to', () => {
    for (const c of corpus) {
      const r = decodeEvent(c.item, {
        channel: c.channel,
        platform: c.object === 'instagram' ? 'instagram' : 'messenger',
      })
      expect(r._tag === 'Right' ? r.right.type : r.left.message).toBe(c.type)
    }
  })
})
