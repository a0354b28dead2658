/**
 * The built package, installed into a throwaway consumer project as npm would install it and
 * imported by name through its `exports` map, works on every runtime × module format: Node ESM,
 * Node CommonJS, Bun, Deno, workerd (wrangler-style esbuild bundle on Miniflare) and headless
 * Chromium (esbuild browser bundle). Each resolves the build it should (the `node` condition's
 * node:crypto builds on Node; no `node:` import in the workerd and browser bundles). Needs a built
 * dist/ (`npm test` builds it in pretest). See README.md, "The package matrix";
 * `node test/runtime/matrix.mjs` runs the same standalone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Consumer, runTarget, setupConsumer, TARGETS, type Target } from './package-runners.mjs'

const TIMEOUT = 30_000

describe('the built package on every runtime × module format', () => {
  let consumer: Consumer | undefined

  beforeAll(async () => {
    // Fails every test below with one clear message when dist/ was not built or npm pack fails.
    consumer = await setupConsumer()
  }, TIMEOUT)

  afterAll(async () => {
    await consumer?.cleanup()
  })

  it.each(TARGETS as Target[])(
    '%s',
    async (target) => {
      if (consumer === undefined) throw new Error('the consumer project was not set up')
      const r = await runTarget(target, consumer)
      // Logged so that `vitest run test/runtime` shows what resolved where and how long it took.
      const builds = Object.entries(r.builds)
        .map(([k, v]) => `${k} → ${v}`)
        .join(', ')
      console.info(`${target}: ${r.runtime} ${r.version}, ${r.passed}/${r.checks} checks in ${r.ms} ms; ${builds}`)
      // One message with every problem and the runtime's own output, rather than the first mismatch.
      expect(r.failed, `${target} failed:\n${r.failed.join('\n')}`).toEqual([])
      expect(r.passed).toBe(r.checks)
    },
    TIMEOUT,
  )
})
