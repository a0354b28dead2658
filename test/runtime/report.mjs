// Runs the portable test and describes the runtime it ran on, so a runner can check that the
// report really came from the runtime it launched. Portable like verify.portable.mjs.
import { detectRuntime } from './detect.mjs'
import { CHECKS, run } from './verify.portable.mjs'

export { detectRuntime }

/** `{ runtime, version, checks, passed, failed }` */
export async function report() {
  const { passed, failed } = await run()
  return { ...detectRuntime(), checks: CHECKS, passed, failed }
}
