// Node ESM entry: main.mjs's report plus `messenger-webhooks/node` (node:crypto, sync), and where
// Node resolved each subpath. One JSON line.
import * as main from 'messenger-webhooks'
import * as decode from 'messenger-webhooks/decode'
import * as node from 'messenger-webhooks/node'
import * as verify from 'messenger-webhooks/verify'
import { check } from './checks.mjs'
import { detectRuntime } from './detect.mjs'
import fixtures from './fixtures.mjs'

const resolved = {}
for (const subpath of ['.', './decode', './verify', './node']) {
  resolved[subpath] = import.meta.resolve(`messenger-webhooks${subpath.slice(1)}`)
}
const result = await check({ main, decode, verify, node }, fixtures)
console.log(JSON.stringify({ ...detectRuntime(), ...result, resolved }))
