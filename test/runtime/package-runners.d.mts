/** Types for package-runners.mjs (plain JavaScript so that `node test/runtime/matrix.mjs` runs it as is). */
export type Target = 'node-esm' | 'node-cjs' | 'bun' | 'deno' | 'workerd' | 'chromium'

/** A throwaway consumer project with the packed package in node_modules (see setupConsumer). */
export interface Consumer {
  readonly base: string
  readonly app: string
  readonly cache: string
  cleanup(): Promise<void>
}

/** One target's result: what the runtime reported about itself, plus what the runner found. */
export interface TargetResult {
  readonly target: Target
  readonly runtime: 'node' | 'bun' | 'deno' | 'workerd' | 'chromium' | 'unknown'
  readonly version: string
  /** How many checks the target must pass (consumer/checks.mjs; more on Node, with `/node`). */
  readonly checks: number
  readonly passed: number
  /** Failed checks, resolution or bundle problems, and the runtime's stderr when anything failed. */
  readonly failed: readonly string[]
  /** The build each subpath resolved to (`'.' → 'dist/index.node.js'`), or what went into the bundle. */
  readonly builds: Readonly<Record<string, string | number>>
  /** Wall time: process or browser start, bundling, the checks, teardown. */
  readonly ms: number
}

export const TARGETS: readonly Target[]
export const BUNDLE_OPTIONS: Readonly<Record<'workerd' | 'chromium', Readonly<Record<string, unknown>>>>
export function setupConsumer(): Promise<Consumer>
export function expectedChecks(target: Target): Promise<number>
/** Runs one target; never throws: every problem is in `failed`. */
export function runTarget(target: Target, consumer: Consumer): Promise<TargetResult>
export const runners: Readonly<Record<Target, (consumer: Consumer) => Promise<TargetResult>>>
