// Writes docs/schema/: a JSON Schema (draft 2020-12) of the webhook body and one per event type,
// generated from the io-ts codecs of the built package (dist/decode.js), never written by hand.
//
// The schemas describe the INPUT the default (non-strict) decoder accepts with every item valid:
// IDs as strings or whole numbers, numbers as numbers or numeric strings, unknown properties
// allowed, an item with no known event key accepted as an `unknown` event.
//
// How it works:
// - Event kinds are found by asking the decoder itself: every exported struct codec gets a minimal
//   valid instance, and `decodeEvent` says which tag (if any) that instance decodes to; the event
//   key is the one required property without which the item becomes `unknown`.
// - The order in which the decoder probes event keys, and how it tells an echo from a
//   message, are measured the same way (pairs of keys in one item) and written as guards.
// - Codecs are walked by their runtime structure (`_tag`, `required` / `optional`, `members`, …).
//   Leaf codecs whose rules are functions (Id, NumberLike, …) map to hand-checked schemas below.
//   A codec of a kind this script does not know makes it throw: a new codec must never turn into
//   a silent `{}`.
//
// Run `npm run schema` after changing a codec; test/schema.test.ts fails when docs/schema/ is out
// of date.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as api from '../dist/decode.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const DRAFT = 'https://json-schema.org/draft/2020-12/schema'
const BASE = 'https://unpkg.com/messenger-webhooks/docs/schema/'
const GENERATED = 'Generated from the io-ts codecs by scripts/build-schema.mjs (`npm run schema`); do not edit.'

/** Fails the build with a message for whoever changed the codecs. */
function fail(message) {
  throw new Error(`build-schema: ${message}`)
}

// ---------------------------------------------------------------------------------------------
// Leaves. Their rules are functions (primitives.ts), so each gets a schema checked against that
// code by hand, and test/schema.test.ts checks them against the codecs on many values.

// `toNumber` trims with String.prototype.trim, whose set is exactly this class (ECMA-262
// WhiteSpace + LineTerminator); spelt out, not `\s`, so that every regex dialect agrees.
const WS = '[\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]*'
const NUMERIC_STRING = `^${WS}-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?${WS}$`
const numberLike = (description) => ({
  description,
  $comment:
    'A JSON number, or a string of decimal number syntax with optional surrounding whitespace (as toNumber in src/codec/primitives.ts). Looser in one corner: a number too large for a double (1e400, or the string "1e400") becomes Infinity in JavaScript, which the decoder rejects.',
  anyOf: [{ type: 'number' }, { type: 'string', pattern: NUMERIC_STRING }],
})

/** Shared leaf definitions, by codec identity: the `$defs` name and the schema. */
const LEAF_DEFS = new Map([
  [
    api.Id,
    {
      name: 'Id',
      schema: {
        description:
          'An ID: a string, or a whole number ≥ 0 (2016-era payloads, app IDs); the decoder turns it into its decimal string.',
        $comment:
          'Integers beyond 2^53 validate here but lose digits in JSON.parse; parseWebhook keeps them exact (docs/fidelity.md rule 2).',
        anyOf: [{ type: 'string' }, { type: 'integer', minimum: 0 }],
      },
    },
  ],
  [api.NumberLike, { name: 'NumberLike', schema: numberLike('A number, or a numeric string such as "1527459824".') }],
  [
    api.Timestamp,
    {
      name: 'Timestamp',
      schema: numberLike('Epoch time (milliseconds on messaging items), as a number or a numeric string.'),
    },
  ],
  [
    api.BooleanLike,
    {
      name: 'BooleanLike',
      schema: {
        description: 'A boolean, or the string "true" (Chat Plugin `is_guest_user`).',
        anyOf: [{ type: 'boolean' }, { const: 'true' }],
      },
    },
  ],
])

/** Leaves inlined where used, by codec identity. */
const LEAF_INLINE = new Map([[api.Opaque, () => ({ type: 'object' })]])

/**
 * Leaves that only check and have no exported identity (Str, Bool, True, openString), told apart
 * by the guard expression they give compiled guards (jit.ts). One that also coerces is not here.
 */
const GUARD_LEAVES = new Map([
  ['typeof v==="string"', () => ({ type: 'string' })],
  ['typeof v==="boolean"', () => ({ type: 'boolean' })],
  ['v===true', () => ({ const: true })],
])

// Predicates are functions, so each refinement and each alternative is translated here by name.
// One that is not falls back to a looser schema with a `$comment` (and test/schema.test.ts then
// shows which fixtures tell the difference).

/** RefinedType name → the extra constraint its predicate adds. */
const REFINEMENTS = {
  // events/read.ts: `watermark !== undefined || mid !== undefined`.
  Read: () => ({
    anyOf: [
      { required: ['watermark'], properties: { watermark: { not: { type: 'null' } } } },
      { required: ['mid'], properties: { mid: { not: { type: 'null' } } } },
    ],
  }),
  // events/delivery.ts: `watermark !== undefined || mids !== undefined`.
  Delivery: () => ({
    anyOf: [
      { required: ['watermark'], properties: { watermark: { not: { type: 'null' } } } },
      { required: ['mids'], properties: { mids: { not: { type: 'null' } } } },
    ],
  }),
  // events/change.ts: `!knownFields.has(change.field)`, the fields of knownChanges.
  OtherChange: () => ({
    not: { required: ['field'], properties: { field: { enum: Object.keys(api.knownChanges) } } },
  }),
}

/** AltType name → when `second` is used (`useSecond`), as a schema. */
const ALT_SECOND = {
  // events/common.ts: `u.id === undefined && u.user_ref !== undefined`.
  Sender: () => ({ required: ['user_ref'], properties: { id: false, user_ref: true } }),
}

// ---------------------------------------------------------------------------------------------
// The walker.

const isCodec = (v) =>
  typeof v === 'object' && v !== null && typeof v.validate === 'function' && typeof v.is === 'function'

/** Export name of each exported codec, so that `$defs` use the names users import. */
const exportName = new Map()
for (const [name, v] of Object.entries(api).sort(([a], [b]) => (a < b ? -1 : 1))) {
  if (isCodec(v) && !exportName.has(v)) exportName.set(v, name)
}

/** Codecs that become a `$defs` entry (referenced by name); the others are inlined. */
const DEF_TAGS = new Set(['StructType', 'DispatchType', 'AltType', 'RecordOfType', 'RefinedType'])

/** Names given to codecs across every schema, so that two different codecs never share one. */
const nameOwner = new Map()
function defName(codec) {
  const name = exportName.get(codec) ?? codec.name
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) fail(`codec name ${JSON.stringify(name)} is not usable in $defs`)
  const owner = nameOwner.get(name)
  if (owner !== undefined && owner !== codec)
    fail(`two different codecs are named "${name}"; give one of them its own name (or export it under one)`)
  nameOwner.set(name, codec)
  return name
}

/** A schema document under construction: its `$defs`, filled as codecs are reached. */
function newDoc() {
  return { defs: new Map() }
}

function ref(name) {
  return { $ref: `#/$defs/${name}` }
}

/** The schema of a codec where it is used: a `$ref` for named codecs, the schema itself otherwise. */
function use(codec, doc, at) {
  const leaf = LEAF_DEFS.get(codec)
  if (leaf !== undefined) {
    if (!doc.defs.has(leaf.name)) doc.defs.set(leaf.name, leaf.schema)
    return ref(leaf.name)
  }
  const inline = LEAF_INLINE.get(codec)
  if (inline !== undefined) return inline()
  if (DEF_TAGS.has(codec._tag)) {
    const name = defName(codec)
    if (!doc.defs.has(name)) {
      doc.defs.set(name, null) // a placeholder: recursion meets a `$ref`, never a loop
      doc.defs.set(name, { title: name, ...docOf(name), ...body(codec, doc, name) })
    }
    return ref(name)
  }
  switch (codec._tag) {
    case 'ListType':
      return { type: 'array', items: use(codec.type, doc, `${at}[]`) }
    case 'NullableType':
      return { anyOf: [{ type: 'null' }, use(codec.type, doc, at)] }
    case 'OneOfType':
      return codec.values.length === 1
        ? { type: 'string', const: codec.values[0] }
        : { type: 'string', enum: [...codec.values] }
    case 'UnknownType':
      return {}
  }
  if (codec._tag === undefined && typeof codec.guardSource === 'function' && !('coerce' in codec)) {
    const leaf = GUARD_LEAVES.get(codec.guardSource('v', 'r'))
    if (leaf !== undefined) return leaf()
  }
  return fail(
    `no JSON Schema for codec "${codec.name}" (_tag ${String(codec._tag)}) at ${at}: teach scripts/build-schema.mjs this kind of codec`,
  )
}

/** The schema of a named codec, for its `$defs` entry. */
function body(codec, doc, at) {
  switch (codec._tag) {
    case 'StructType': {
      const props = { ...codec.required, ...codec.optional }
      const properties = {}
      for (const [k, c] of Object.entries(props)) properties[k] = use(c, doc, `${at}.${k}`)
      // The decoder reads `null` in an optional property as its absence (docs/fidelity.md §17).
      for (const [k, c] of Object.entries(codec.optional)) {
        if (!c.is(null)) properties[k] = { anyOf: [properties[k], { type: 'null' }] }
      }
      // JSON has no `undefined`: a required property is one that must be present, unless its
      // codec accepts absence (t.unknown).
      const required = Object.entries(codec.required)
        .filter(([, c]) => !c.is(undefined))
        .map(([k]) => k)
      return { type: 'object', ...(required.length > 0 ? { required } : {}), properties }
    }
    case 'RecordOfType':
      return { type: 'object', additionalProperties: use(codec.codomain, doc, `${at}[*]`) }
    case 'DispatchType': {
      // dispatch(): a string `field` with a dedicated member picks it; anything else the fallback.
      const tags = Object.keys(codec.members)
      const field = codec.field
      const allOf = tags.map((tag) => ({
        if: { required: [field], properties: { [field]: { const: tag } } },
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's `then` keyword, not a thenable
        then: use(codec.members[tag], doc, `${at}(${field}=${tag})`),
      }))
      allOf.push({
        if: { required: [field], properties: { [field]: { enum: tags } } },
        else: use(codec.fallback, doc, `${at}(fallback)`),
      })
      return { type: 'object', allOf }
    }
    case 'AltType': {
      const second = ALT_SECOND[codec.name]
      if (second === undefined)
        return {
          $comment: `Looser than the decoder: when "${codec.name}" uses its second form is a predicate this script cannot translate (add it to ALT_SECOND).`,
          anyOf: [use(codec.first, doc, at), use(codec.second, doc, at)],
        }
      return {
        $comment: 'The first form, or the second one where the decoder picks it (AltType in src/codec/struct.ts).',
        anyOf: [use(codec.first, doc, at), { type: 'object', ...second(), ...use(codec.second, doc, at) }],
      }
    }
    case 'RefinedType': {
      // The inner codec is inlined: it usually shares the refinement's name.
      const inner = DEF_TAGS.has(codec.type._tag) ? body(codec.type, doc, at) : use(codec.type, doc, at)
      const extra = REFINEMENTS[codec.name]
      if (extra === undefined)
        return {
          $comment: `Looser than the decoder: the refinement "${codec.name}" is a predicate this script cannot translate (add it to REFINEMENTS).`,
          ...inner,
        }
      const constraint = extra()
      if (Object.keys(constraint).some((k) => k in inner)) fail(`refinement "${codec.name}" clashes with its codec`)
      return { ...inner, ...constraint }
    }
  }
  return fail(`no JSON Schema for codec "${codec.name}" (_tag ${String(codec._tag)}) at ${at}`)
}

// ---------------------------------------------------------------------------------------------
// Descriptions, from the TSDoc of the source (first paragraph).

function tsdocSummaries() {
  const out = new Map()
  const dir = join(root, 'src', 'events')
  for (const file of readdirSync(dir).sort()) {
    const text = readFileSync(join(dir, file), 'utf8')
    const re = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export (?:const|type) (\w+)(?: = Event(?:Of|Meta)<'(\w+)')?/g
    for (const m of text.matchAll(re)) {
      const lines = m[1].split('\n').map((l) => l.replace(/^\s*\*\s?/, '').trim())
      const summary = []
      for (const line of lines) {
        if (line.startsWith('@') || line.startsWith('```')) break
        if (line === '' && summary.length > 0) break
        if (line !== '') summary.push(line)
      }
      const text = summary
        .join(' ')
        .replace(/\{@link (\w+)\}/g, '$1')
        .replace(/\s+@\w+.*$/, '') // one-line docs: `/** What. @example … @since 0.1.0 */`
        .trim()
      if (text === '') continue
      if (m[3] !== undefined) out.set(`event:${m[3]}`, text)
      else if (!out.has(m[2])) out.set(m[2], text)
    }
  }
  return out
}
const summaries = tsdocSummaries()

function docOf(name) {
  const text = summaries.get(name)
  return text === undefined ? {} : { description: text }
}

// ---------------------------------------------------------------------------------------------
// Event kinds, found by asking the decoder.

/** A small value the codec accepts (required properties only; optional ones where needed). */
function sample(codec, full = false) {
  const leaf = SAMPLES.get(codec)
  if (leaf !== undefined) return leaf
  switch (codec._tag) {
    case 'StructType': {
      const o = {}
      for (const [k, c] of Object.entries(codec.required)) o[k] = sample(c)
      if (full) for (const [k, c] of Object.entries(codec.optional)) o[k] = sample(c)
      return o
    }
    case 'RefinedType': {
      const small = sample(codec.type)
      return codec.is(small) ? small : sample(codec.type, true)
    }
    case 'AltType':
      return sample(codec.first)
    case 'DispatchType':
      return sample(codec.members[Object.keys(codec.members)[0]])
    case 'ListType':
      return []
    case 'RecordOfType':
      return {}
    case 'NullableType':
      return null
    case 'OneOfType':
      return codec.values[0]
    case 'UnknownType':
      return null
  }
  if (codec._tag === undefined && typeof codec.guardSource === 'function' && !('coerce' in codec)) {
    const src = codec.guardSource('v', 'r')
    if (src === 'typeof v==="string"') return 'x'
    if (src === 'typeof v==="boolean"') return false
    if (src === 'v===true') return true
  }
  return fail(`cannot make a sample value for codec "${codec.name}"`)
}
const SAMPLES = new Map([
  [api.Id, '1'],
  [api.NumberLike, 1],
  [api.Timestamp, 1],
  [api.BooleanLike, true],
  [api.Opaque, {}],
])

/** A sample of every member of a dispatch (and of its fallback). */
function changeSamples(codec) {
  if (codec._tag !== 'DispatchType') return [sample(codec)]
  const fallback = sample(codec.fallback)
  return [...Object.values(codec.members).map((m) => sample(m)), fallback]
}

/** The tag `decodeEvent` gives an item (from the event, or from the invalid item). */
function tagOf(item, channel = 'messaging') {
  const r = api.decodeEvent(item, { channel })
  return r._tag === 'Right' ? { ok: true, type: r.right.type } : { ok: false, type: r.left.type }
}

/**
 * Every event kind: its tag, the item key that selects it, its codec and (for kinds sharing a
 * key) what tells them apart. Sorted as the decoder probes them.
 */
function findKinds() {
  const structs = [...exportName.entries()].filter(([c]) => c._tag === 'StructType')
  const kinds = []
  for (const [codec, name] of structs) {
    const item = sample(codec)
    if (!codec.is(item)) fail(`the sample of ${name} does not pass its own codec`)
    const r = tagOf(item)
    if (r.ok && r.type !== 'unknown') {
      const keys = Object.keys(codec.required).filter((k) => {
        const { [k]: _, ...rest } = item
        const without = tagOf(rest)
        return without.ok && without.type === 'unknown'
      })
      if (keys.length !== 1) fail(`cannot tell which key of ${name} selects "${r.type}" (candidates: ${keys})`)
      const twin = kinds.find((k) => k.type === r.type && k.key === keys[0])
      if (twin !== undefined) fail(`both ${twin.name} and ${name} decode as "${r.type}" by the key "${keys[0]}"`)
      kinds.push({ type: r.type, key: keys[0], codec, name })
    }
  }
  // `changes[]` elements: the decoder reads every one with the exported `Change` codec (a
  // dispatch on `field`, whose members are exported too and decode as changes as well).
  const change = { type: 'change', codec: api.Change, name: 'Change' }
  if (change.codec === undefined) fail('no exported codec named Change')
  for (const item of changeSamples(change.codec)) {
    const c = tagOf(item, 'changes')
    if (!c.ok || c.type !== 'change' || !change.codec.is(item))
      fail(`the sample ${JSON.stringify(item)} of Change does not decode as a change`)
  }
  for (const type of api.eventTypes) {
    if (type === 'unknown' || type === 'change') continue
    if (!kinds.some((k) => k.type === type))
      fail(`no exported item codec decodes as "${type}" (is it exported from messenger-webhooks/decode?)`)
  }
  for (const k of kinds) if (!api.eventTypes.includes(k.type)) fail(`"${k.type}" is missing from eventTypes`)

  // Kinds sharing a key (message / message_echo): the decoder tells them apart by a literal
  // property of the key's value (`is_echo: true`). Find it, then check the decoder agrees.
  const byKey = new Map()
  for (const k of kinds) byKey.set(k.key, [...(byKey.get(k.key) ?? []), k])
  for (const [key, group] of byKey) {
    if (group.length === 1) continue
    if (group.length !== 2) fail(`${group.length} kinds share the key "${key}"; only pairs are modelled`)
    const literalProps = (k) => {
      const value = k.codec.required[key]
      if (value?._tag !== 'StructType') return []
      return Object.entries(value.required).flatMap(([p, c]) => {
        if (c._tag === undefined && c.guardSource?.('v', 'r') === 'v===true') return [[p, true]]
        if (c._tag === 'OneOfType' && c.values.length === 1) return [[p, c.values[0]]]
        return []
      })
    }
    const [plain, special] = literalProps(group[1]).length > 0 ? group : [group[1], group[0]]
    const props = literalProps(special).filter(([p]) => !literalProps(plain).some(([q]) => q === p))
    if (props.length !== 1) fail(`cannot tell how the decoder picks between ${plain.type} and ${special.type}`)
    const [prop, value] = props[0]
    const withValue = (item, v) => ({ ...item, [key]: { ...item[key], [prop]: v } })
    const { [prop]: _, ...specialValueWithout } = sample(special.codec)[key]
    const checks = [
      [sample(plain.codec), plain.type],
      [sample(special.codec), special.type],
      [withValue(sample(plain.codec), value), special.type],
      [withValue(sample(plain.codec), [value]), plain.type],
      [{ ...sample(special.codec), [key]: specialValueWithout }, plain.type],
      [{ ...sample(special.codec), [key]: 0 }, plain.type],
    ]
    for (const [item, expected] of checks) {
      if (tagOf(item).type !== expected)
        fail(
          `the decoder picks between ${plain.type} and ${special.type} by more than ${key}.${prop} === ${JSON.stringify(value)}; update the guards in scripts/build-schema.mjs`,
        )
    }
    special.when = { prop, value }
    plain.unless = { prop, value }
  }

  // Probe order: for two keys, put both in one item and see which kind the decoder picks.
  const keys = [...byKey.keys()]
  const beats = (a, b) => {
    // true when the decoder reads an item holding keys a and b as a's kind
    const A = byKey.get(a)[0]
    const B = byKey.get(b)[0]
    const bad = [0, [], null].find((v) => !tagOf({ ...sample(B.codec), [b]: v }).ok)
    if (bad === undefined) fail(`no value of "${b}" makes a ${B.type} item invalid`)
    const r = tagOf({ ...sample(A.codec), [b]: bad })
    const typesA = byKey.get(a).map((k) => k.type)
    const typesB = byKey.get(b).map((k) => k.type)
    const inA = typesA.includes(r.type)
    const inB = typesB.includes(r.type)
    if (inA && inB) return r.ok // same tag (both policy_enforcement spellings): a's item stayed valid
    if (inA) return true
    if (inB) return false
    return fail(`an item with "${a}" and "${b}" decoded as "${r.type}"`)
  }
  const higher = new Map(keys.map((k) => [k, []]))
  for (const a of keys) {
    for (const b of keys) {
      if (a === b) continue
      const aWins = beats(a, b)
      if (aWins === beats(b, a)) fail(`the decoder's order between "${a}" and "${b}" is inconsistent`)
      if (!aWins) higher.get(a).push(b)
    }
  }
  for (const k of kinds) k.higher = higher.get(k.key)
  // Sorted as probed (fewest keys before it first), then as eventTypes lists them.
  const order = (k) => k.higher.length * 1000 + api.eventTypes.indexOf(k.type)
  kinds.sort((x, y) => order(x) - order(y))
  for (const k of kinds) k.higher.sort((x, y) => higher.get(x).length - higher.get(y).length)
  return { kinds, change, keys: keys.sort((x, y) => higher.get(x).length - higher.get(y).length) }
}

// ---------------------------------------------------------------------------------------------
// Documents.

const code = (s) => `\`${s}\``
const list = (xs) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} or ${xs.at(-1)}`)

/** What makes the decoder read an item as this kind, as a schema (no `$ref`). */
function guard(kind) {
  const literal = (w) => ({ type: 'object', required: [w.prop], properties: { [w.prop]: { const: w.value } } })
  const properties = {
    [kind.key]:
      kind.when !== undefined ? literal(kind.when) : kind.unless !== undefined ? { not: literal(kind.unless) } : true,
  }
  for (const h of kind.higher) properties[h] = false
  return { required: [kind.key], properties }
}

function guardText(kind) {
  let s = `has ${code(kind.key)}`
  if (kind.when !== undefined)
    s += ` with ${code(`${kind.key}.${kind.when.prop}`)} equal to ${JSON.stringify(kind.when.value)}`
  if (kind.unless !== undefined) s += ` whose ${code(kind.unless.prop)} is not ${JSON.stringify(kind.unless.value)}`
  if (kind.higher.length > 0) s += ` and none of ${list(kind.higher.map(code))} (which the decoder checks first)`
  return s
}

/** The schema of one messaging event type (one or more kinds), with its guards. */
function eventBody(type, kinds, doc) {
  const mine = kinds.filter((k) => k.type === type)
  const branches = mine.map((k) => ({ type: 'object', ...guard(k), ...use(k.codec, doc, k.name) }))
  const summary = summaries.get(`event:${type}`)
  const description = `${summary === undefined ? '' : `${summary} `}A ${code('messaging[]')} or ${code('standby[]')} item the decoder reads as a ${code(type)} event: it ${list(mine.map(guardText))}.`
  return { title: type, description, ...(branches.length === 1 ? branches[0] : { anyOf: branches }) }
}

function unknownBody(keys) {
  const summary = summaries.get('event:unknown')
  return {
    title: 'unknown',
    description: `${summary === undefined ? '' : `${summary} `}A ${code('messaging[]')} or ${code('standby[]')} item with none of the event keys: any object (an invalid item in strict mode).`,
    type: 'object',
    properties: Object.fromEntries(keys.map((k) => [k, false])),
  }
}

function changeBody(change, doc) {
  const summary = summaries.get('event:change')
  return {
    title: 'change',
    description: `${summary === undefined ? '' : `${summary} `}Every element of ${code('changes[]')} is a ${code('change')}, whatever its ${code('field')}; the ${code('value')} of a field with a value codec must match it.`,
    ...use(change.codec, doc, change.name),
  }
}

const sortedDefs = (doc) => Object.fromEntries([...doc.defs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))

function document(id, top, doc) {
  const { title, description, ...rest } = top
  return {
    $schema: DRAFT,
    $id: `${BASE}${id}`,
    $comment: GENERATED,
    title,
    description,
    ...rest,
    ...(doc.defs.size > 0 ? { $defs: sortedDefs(doc) } : {}),
  }
}

function webhookDocument(found, types) {
  const doc = newDoc()
  for (const type of types) {
    if (type === 'change') doc.defs.set('change', changeBody(found.change, doc))
    else if (type === 'unknown') doc.defs.set('unknown', unknownBody(found.keys))
    else doc.defs.set(type, eventBody(type, found.kinds, doc))
  }
  const itemIf = (type) => {
    if (type === 'unknown') return unknownBody(found.keys).properties
    const mine = found.kinds.filter((k) => k.type === type).map(guard)
    return mine.length === 1 ? mine[0] : { anyOf: mine.map((g) => ({ type: 'object', ...g })) }
  }
  doc.defs.set('MessagingItem', {
    title: 'MessagingItem',
    description: `An element of ${code('messaging[]')} or ${code('standby[]')}: an object, read as the event whose key it has (in the decoder's probe order) and valid for that event's schema; with no event key, an ${code('unknown')} event.`,
    type: 'object',
    // In the order the decoder probes the keys, then `unknown`.
    allOf: [...new Set(found.kinds.map((k) => k.type)), 'unknown'].map((type) => {
      const condition = itemIf(type)
      return {
        if: type === 'unknown' ? { properties: condition } : condition,
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's `then` keyword, not a thenable
        then: ref(type),
      }
    }),
  })
  const items = (r) => ({ type: 'array', items: r })
  doc.defs.set('Entry', {
    title: 'Entry',
    description: `One element of ${code('entry[]')}: the Page or Instagram account ${code('id')}, ${code('time')}, and the items in ${code('messaging')}, ${code('standby')} and ${code('changes')}.`,
    $comment:
      'The envelope is checked by hand-written code in src/decode.ts (no codec); its id and time follow toId and toNumber, the rules of the Id and NumberLike codecs.',
    type: 'object',
    required: ['id', 'time'],
    properties: {
      id: use(api.Id, doc, 'Entry.id'),
      time: use(api.NumberLike, doc, 'Entry.time'),
      messaging: items(ref('MessagingItem')),
      standby: items(ref('MessagingItem')),
      changes: items(ref('change')),
    },
  })
  return document(
    'webhook.schema.json',
    {
      title: 'Meta Messenger / Instagram webhook body',
      description:
        'A webhook body (`object`, `entry[]`) that messenger-webhooks decodes in the default (non-strict) mode with no invalid item: decodeWebhook returns a Right whose `invalid` is empty. Unknown properties are allowed everywhere.',
      type: 'object',
      required: ['object', 'entry'],
      properties: {
        object: {
          description: '"page" (Messenger), "instagram", or another Graph object.',
          type: 'string',
        },
        entry: items(ref('Entry')),
      },
    },
    doc,
  )
}

/**
 * The schema of one codec, with the `$defs` it needs.
 *
 * @param codec an io-ts codec built from the combinators of src/codec/
 * @returns a JSON Schema (no `$schema` / `$id`)
 */
export function schemaOfCodec(codec) {
  nameOwner.clear()
  const doc = newDoc()
  const schema = use(codec, doc, codec.name)
  return { ...schema, ...(doc.defs.size > 0 ? { $defs: sortedDefs(doc) } : {}) }
}

/**
 * Builds every schema file.
 *
 * @returns file path under docs/schema/ → file text (JSON, two-space indent, trailing newline)
 */
export function buildSchemas() {
  nameOwner.clear()
  const found = findKinds()
  const types = [...api.eventTypes]
  const files = {}
  const json = (v) => `${JSON.stringify(v, null, 2)}\n`
  files['webhook.schema.json'] = json(webhookDocument(found, types))
  for (const type of types) {
    const doc = newDoc()
    const top =
      type === 'change'
        ? changeBody(found.change, doc)
        : type === 'unknown'
          ? unknownBody(found.keys)
          : eventBody(type, found.kinds, doc)
    files[`events/${type}.schema.json`] = json(document(`events/${type}.schema.json`, top, doc))
  }
  return files
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = join(root, 'docs', 'schema')
  const files = buildSchemas()
  mkdirSync(join(out, 'events'), { recursive: true })
  // Drop schemas of event types that no longer exist.
  for (const f of readdirSync(join(out, 'events'))) {
    if (f.endsWith('.schema.json') && !(`events/${f}` in files)) rmSync(join(out, 'events', f))
  }
  for (const [path, text] of Object.entries(files)) writeFileSync(join(out, path), text)
  console.log(`wrote ${Object.keys(files).length} schemas to docs/schema/`)
}
