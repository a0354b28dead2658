/**
 * The same test file (verify.portable.mjs) runs, unchanged, on Node, Bun, Deno, workerd
 * (Miniflare) and headless Chromium, and passes every check everywhere. Needs a built dist/
 * (`npm test` builds it in pretest). See test/runtime/README.md.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { assertBuilt, RUNTIMES, type Runtime, runners } from './runners.mjs'
import { CHECKS } from './verify.portable.mjs'

const TIMEOUT = 60_000

describe('verify.portable.mjs on every runtime', () => {
  beforeAll(() => {
    // Fails every test below with one clear message when dist/index.js was not built.
    assertBuilt()
  })

  it('declares a plausible number of checks', () => {
    expect(CHECKS).toBeGreaterThan(40)
  })

  it.each(RUNTIMES as Runtime[])(
    '%s',
    async (runtime) => {
      const report = await runners[runtime]()
      // Logged so that `vitest run test/runtime` shows the version and the time each runtime takes.
      console.info(`${runtime} ${report.version}: ${report.passed}/${report.checks} checks in ${report.ms} ms`)
      expect(report.runtime, 'the report came from another runtime').toBe(runtime)
      expect(report.failed).toEqual([])
      expect(report.checks).toBe(CHECKS)
      expect(report.passed).toBe(CHECKS)
    },
    TIMEOUT,
  )
})
