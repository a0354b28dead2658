/**
 * What the delivery proofs check after a simulation: exactly-once handling, and every injected
 * handler failure reported to `onError` with its phase and key (test/testing/simulator.test.ts,
 * test/http/delivery.test.ts).
 */
import { expect } from 'vitest'
import type { SimulationReport } from '../../src/testing/index.js'

/** One failure as `onError` gave it: the phase and the key. */
export interface Reported {
  readonly phase: string
  readonly key?: string | undefined
}

/** Every expected event handled exactly once; nothing given up. */
export function expectExactlyOnce(report: SimulationReport): void {
  const over = [...report.events.values()].filter((t) => t.expected && t.successes !== 1)
  expect(
    over.slice(0, 5).map((t) => `${t.key}: ${t.successes} successes, faults ${t.faults.join(',')}`),
    'events not handled exactly once',
  ).toEqual([])
  expect(report.lost).toEqual([])
  expect(report.duplicates).toEqual([])
  expect(report.giveUps).toBe(0)
  expect(report.keyMismatches).toBe(0)
  expect(report.exactlyOnce).toBe(true)
}

/**
 * Every injected fault reported: per key, one `handler` failure for each throw, reject and
 * hang-reject, and a `timeout` for each hang and hang-reject (more timeouts are allowed: an event
 * that starts just before the body's deadline may pass it). No failure of any other phase.
 */
export function expectEveryFailureReported(
  injectedFaults: SimulationReport | ReadonlyMap<string, readonly string[]>,
  failures: readonly Reported[],
): void {
  const faultsByKey: ReadonlyMap<string, readonly string[]> =
    injectedFaults instanceof Map
      ? injectedFaults
      : new Map([...(injectedFaults as SimulationReport).events].map(([key, t]) => [key, t.faults]))
  const byKey = new Map<string, { handler: number; timeout: number }>()
  const other: Reported[] = []
  for (const f of failures) {
    if ((f.phase !== 'handler' && f.phase !== 'timeout') || f.key === undefined) {
      other.push(f)
      continue
    }
    const c = byKey.get(f.key) ?? { handler: 0, timeout: 0 }
    c[f.phase]++
    byKey.set(f.key, c)
  }
  expect(other, 'failures of another phase').toEqual([])
  const wrong: string[] = []
  let injected = 0
  for (const [key, faults] of faultsByKey) {
    const handler = faults.filter((f) => f === 'throw' || f === 'reject' || f === 'hang-reject').length
    const timeout = faults.filter((f) => f === 'hang' || f === 'hang-reject').length
    injected += faults.length
    const got = byKey.get(key) ?? { handler: 0, timeout: 0 }
    if (got.handler !== handler || got.timeout < timeout)
      wrong.push(`${key}: injected ${faults.join(',')}; reported ${got.handler} handler, ${got.timeout} timeout`)
  }
  expect(wrong.slice(0, 5), 'injected faults not reported as such').toEqual([])
  expect(failures.length).toBeGreaterThanOrEqual(injected)
}
