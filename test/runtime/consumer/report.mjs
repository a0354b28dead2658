// The consumer's code: imports the package by name, through its `exports` map, as a user's code
// does. Node, Bun and Deno load it from the throwaway consumer project (main.mjs); for workerd and
// Chromium esbuild bundles it as wrangler or a web bundler would. `./fixtures.mjs` (the fixture
// bodies) and `./detect.mjs` (../detect.mjs) are put beside it by ../package-runners.mjs.
import * as main from 'messenger-webhooks'
import * as decode from 'messenger-webhooks/decode'
import * as verify from 'messenger-webhooks/verify'
import { check } from './checks.mjs'
import { detectRuntime } from './detect.mjs'
import fixtures from './fixtures.mjs'

/** `{ runtime, version, checks, passed, failed }`, from the runtime itself. */
export async function report() {
  return { ...detectRuntime(), ...(await check({ main, decode, verify }, fixtures)) }
}
