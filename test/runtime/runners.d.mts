/** Types for runners.mjs (plain JavaScript so that `node test/runtime/runners.mjs` runs it as is). */
export type Runtime = 'node' | 'bun' | 'deno' | 'workerd' | 'chromium'

/** What a runtime reported about itself after running verify.portable.mjs, plus the wall time. */
export interface RuntimeReport {
  readonly runtime: Runtime | 'unknown'
  readonly version: string
  /** The number of checks verify.portable.mjs declares (`CHECKS`). */
  readonly checks: number
  readonly passed: number
  readonly failed: readonly string[]
  /** Wall time of the whole run: process or browser start, bundling, the checks, teardown. */
  readonly ms: number
}

export const root: string
export const RUNTIMES: readonly Runtime[]
export const CHROMIUM_ARGS: readonly string[]
export const CHROMIUM_PATH: string
export function assertBuilt(): void
export function workerScript(): Promise<string>
export function runNode(): Promise<RuntimeReport>
export function runBun(): Promise<RuntimeReport>
export function runDeno(): Promise<RuntimeReport>
export function runWorkerd(): Promise<RuntimeReport>
export function runChromium(): Promise<RuntimeReport>
export const runners: Readonly<Record<Runtime, () => Promise<RuntimeReport>>>
