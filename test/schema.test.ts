import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js'
import * as fc from 'fast-check'
import * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs build script without type declarations
import { buildSchemas, schemaOfCodec } from '../scripts/build-schema.mjs'
import {
  BooleanLike,
  decodeEvent,
  decodeWebhook,
  eventTypes,
  Id,
  NumberLike,
  openString,
  refine,
  struct,
  Timestamp,
} from '../src/index.js'
import { webhookBody, webhookItem } from '../src/testing/index.js'
import { FIXTURES, manifest, readFixture } from './fixtures.js'

const SCHEMA_DIR = join(FIXTURES, '..', 'docs', 'schema')
const BASE = 'https://unpkg.com/messenger-webhooks/docs/schema/'
const files: Record<string, string> = buildSchemas()

/**
 * Invalid fixtures the schema accepts, each with the reason JSON Schema cannot reject it.
 * Keep this list short: every entry is a place where the schema is looser than the decoder.
 */
const acceptedInvalid: Record<string, string> = {}

const ajv = new Ajv2020({ strict: true, allErrors: true })
for (const text of Object.values(files)) ajv.addSchema(JSON.parse(text))
const compiled = (path: string): ValidateFunction => {
  const v = ajv.getSchema(`${BASE}${path}`)
  if (v === undefined) throw new Error(`no schema ${path}`)
  return v
}
const body = compiled('webhook.schema.json')
const messagingItem = compiled('webhook.schema.json#/$defs/MessagingItem')
const eventSchema = (type: string) => compiled(`events/${type}.schema.json`)
const errorsOf = (v: ValidateFunction) => ajv.errorsText(v.errors, { separator: '\n' })

const CHANNELS = ['messaging', 'standby', 'changes'] as const

/** Every item of a body, with its channel. */
function itemsOf(b: unknown): { channel: (typeof CHANNELS)[number]; item: unknown }[] {
  const out: { channel: (typeof CHANNELS)[number]; item: unknown }[] = []
  for (const entry of (b as { entry: Record<string, unknown>[] }).entry) {
    for (const channel of CHANNELS)
      for (const item of (entry[channel] as unknown[] | undefined) ?? []) out.push({ channel, item })
  }
  return out
}

/** What the decoder makes of one item: its tag, or `invalid`. */
function decoded(item: unknown, channel: (typeof CHANNELS)[number]): string {
  const r = decodeEvent(item, { channel })
  return r._tag === 'Right' ? r.right.type : 'invalid'
}

/** The event schemas an item validates against (messaging items are never checked against `change`). */
function matching(item: unknown, channel: (typeof CHANNELS)[number]): string[] {
  const candidates = channel === 'changes' ? ['change'] : eventTypes.filter((t) => t !== 'change')
  return candidates.filter((t) => eventSchema(t)(item))
}

describe('JSON Schema (docs/schema/)', () => {
  describe('generation', () => {
    it('docs/schema/ is up to date with the codecs (run `npm run schema` after changing a codec)', () => {
      for (const [path, text] of Object.entries(files)) {
        let onDisk: string | undefined
        try {
          onDisk = readFileSync(join(SCHEMA_DIR, path), 'utf8')
        } catch {
          onDisk = undefined
        }
        expect(onDisk, `docs/schema/${path} is stale or missing: run \`npm run schema\``).toBe(text)
      }
      const onDisk = readdirSync(join(SCHEMA_DIR, 'events')).map((f) => `events/${f}`)
      expect(onDisk.sort(), 'docs/schema/events/ has files the generator no longer writes').toEqual(
        Object.keys(files)
          .filter((p) => p.startsWith('events/'))
          .sort(),
      )
    })

    it('writes one schema per event type, each with $schema, $id, title and description', () => {
      expect(Object.keys(files).sort()).toEqual(
        ['webhook.schema.json', ...eventTypes.map((t) => `events/${t}.schema.json`)].sort(),
      )
      for (const [path, text] of Object.entries(files)) {
        const s = JSON.parse(text)
        expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
        expect(s.$id).toBe(`${BASE}${path}`)
        expect(typeof s.title).toBe('string')
        expect(s.description.length).toBeGreaterThan(20)
        expect(text.endsWith('}\n')).toBe(true)
      }
    })

    it('is deterministic', () => {
      expect(buildSchemas()).toEqual(files)
    })

    it('never forbids unknown properties (the default decoder keeps them)', () => {
      for (const text of Object.values(files)) expect(text).not.toMatch(/"additionalProperties": false/)
    })

    it('compiles with Ajv 2020 in strict mode', () => {
      for (const path of Object.keys(files)) expect(compiled(path)).toBeTypeOf('function')
    })
  })

  describe('codec kinds', () => {
    it('a codec of a kind the generator does not know makes it fail instead of becoming {}', () => {
      expect(() => schemaOfCodec(struct('Odd', { when: t.string }))).toThrow(
        'build-schema: no JSON Schema for codec "string" (_tag StringType) at Odd.when',
      )
    })

    it('a refinement the generator cannot translate becomes a looser schema that says so', () => {
      const Even = refine(
        struct('EvenDigits', { digits: openString('Digits') }),
        (x) => x.digits.length % 2 === 0,
        'EvenDigits',
        'expected an even number of digits',
      )
      const schema = schemaOfCodec(Even)
      expect(schema.$defs.EvenDigits.$comment).toMatch(/^Looser than the decoder: the refinement "EvenDigits"/)
      expect(schema.$defs.EvenDigits.properties).toEqual({ digits: { type: 'string' } })
    })
  })

  describe('leaf schemas accept what the leaf codecs accept', () => {
    const defs = JSON.parse(files['webhook.schema.json'] as string).$defs
    const leaves = [
      ['Id', Id],
      ['NumberLike', NumberLike],
      ['Timestamp', Timestamp],
      ['BooleanLike', BooleanLike],
    ] as const
    const samples: unknown[] = [
      '',
      'abc',
      '0',
      ' 12 ',
      '\u00a012.5\n',
      '-5',
      '1e3',
      '1E+3',
      '-1e-999',
      '0x10',
      '01',
      '.5',
      '5.',
      '1 2',
      'true',
      'false',
      0,
      -0,
      1,
      -1,
      1.5,
      2 ** 53 + 2,
      1e21,
      true,
      false,
      null,
      [],
      {},
    ]
    it.each(leaves)('%s', (name, codec) => {
      const v = ajv.compile({ $defs: defs, $ref: `#/$defs/${name}` })
      for (const u of samples) expect([u, v(u)]).toEqual([u, codec.decode(u)._tag === 'Right'])
      // The one documented looser corner: numeric text that overflows a double has number syntax
      // (the schema accepts it) but is Infinity (the decoder refuses it).
      if (name === 'NumberLike' || name === 'Timestamp') {
        for (const u of ['1e999', '-1e400']) expect([u, v(u), codec.decode(u)._tag]).toEqual([u, true, 'Left'])
      }
      fc.assert(
        fc.property(fc.oneof(fc.jsonValue(), fc.stringMatching(/^\s*-?\d{1,3}(\.\d{1,2})?([eE][+-]?\d)?\s*$/)), (u) => {
          expect([u, v(u)]).toEqual([u, codec.decode(u)._tag === 'Right'])
        }),
      )
    })
  })

  describe('valid fixtures validate against webhook.schema.json', () => {
    it.each(manifest.valid.map((f) => [f.file]))('%s', (file) => {
      expect(body(readFixture(file)), errorsOf(body)).toBe(true)
    })
  })

  // Strict mode rejects unknown event keys and unknown properties; the schema describes the
  // default mode, so these bodies are valid for it (docs/schema/README.md).
  describe('strict-only fixtures validate too (the schema describes the default, lenient mode)', () => {
    it.each(manifest.strict.map((f) => [f.file]))('%s', (file) => {
      expect(body(readFixture(file)), errorsOf(body)).toBe(true)
    })
  })

  describe('invalid fixtures fail webhook.schema.json', () => {
    const rejected = manifest.invalid.filter((f) => !(f.file in acceptedInvalid))
    it.each(rejected.map((f) => [f.file]))('%s', (file) => {
      expect(body(readFixture(file))).toBe(false)
    })
    it('the invalid fixtures the schema accepts are the listed ones, each for a reason', () => {
      const accepted = manifest.invalid.filter((f) => body(readFixture(f.file))).map((f) => f.file)
      expect(accepted).toEqual(Object.keys(acceptedInvalid))
    })
  })

  describe('each item of a valid fixture matches exactly its own event schema', () => {
    it.each(manifest.valid.map((f) => [f.file, f] as const))('%s', (_file, f) => {
      const items = itemsOf(readFixture(f.file))
      expect(items.map(({ item, channel }) => matching(item, channel))).toEqual(f.types.map((t) => [t]))
    })
  })

  describe('schema and decoder agree', () => {
    it('generated bodies that decode with no invalid item validate', () => {
      fc.assert(
        fc.property(webhookBody(), ({ body: b }) => {
          const r = decodeWebhook(b)
          if (r._tag === 'Left' || r.right.invalid.length > 0) return
          expect(body(b), errorsOf(body)).toBe(true)
        }),
        { numRuns: 300 },
      )
    })

    it('a generated item validates against exactly the schema of the tag it decodes to', () => {
      fc.assert(
        fc.property(webhookItem(), ({ item, channel, type }) => {
          expect(matching(item, channel)).toEqual([type])
        }),
        { numRuns: 500 },
      )
    })

    /** A path to some value inside a JSON value, chosen by the arbitrary. */
    const pathsOf = (u: unknown, prefix: (string | number)[] = []): (string | number)[][] => {
      const out: (string | number)[][] = [prefix]
      if (Array.isArray(u)) for (let i = 0; i < u.length; i++) out.push(...pathsOf(u[i], [...prefix, i]))
      else if (typeof u === 'object' && u !== null)
        for (const [k, v] of Object.entries(u)) out.push(...pathsOf(v, [...prefix, k]))
      return out
    }
    const corrupt = (u: unknown, path: (string | number)[], value: unknown, remove: boolean): unknown => {
      const copy = structuredClone(u) as Record<string | number, unknown>
      let parent: Record<string | number, unknown> = copy
      for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>
      const last = path.at(-1) as string | number
      if (remove && !Array.isArray(parent)) delete parent[last]
      else parent[last] = value
      return copy
    }
    const corrupted = webhookItem().chain(({ item, channel }) =>
      fc
        .record({
          path: fc.constantFrom(...pathsOf(item).filter((p) => p.length > 0)),
          value: fc.oneof(fc.jsonValue({ maxDepth: 1 }), fc.constantFrom('', '12', 'true', -1, 1.5, null, {}, [])),
          remove: fc.boolean(),
        })
        .map(({ path, value, remove }) => ({ channel, item: corrupt(item, path, value, remove) })),
    )

    it('a corrupted item validates exactly when the decoder accepts it, against the schema of its tag', () => {
      fc.assert(
        fc.property(corrupted, ({ item, channel }) => {
          const tag = decoded(item, channel)
          const valid = channel === 'changes' ? eventSchema('change')(item) : messagingItem(item)
          expect([tag, valid], JSON.stringify(item)).toEqual([tag, tag !== 'invalid'])
          if (tag !== 'invalid') expect(matching(item, channel)).toEqual([tag])
        }),
        { numRuns: 3000 },
      )
    })
  })
})
