/** Loads the shipped fixtures and their manifest for tests. */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures')

export interface ValidFixture {
  readonly file: string
  readonly object: string
  readonly types: readonly string[]
  readonly channels: readonly string[]
  readonly note?: string
}
export interface InvalidFixture {
  readonly file: string
  readonly result: 'left' | 'invalid'
  readonly paths: readonly string[]
  readonly events?: number
  readonly note?: string
}
export interface StrictFixture {
  readonly file: string
  readonly types: readonly string[]
  readonly paths: readonly string[]
  readonly note?: string
}
export interface Manifest {
  readonly valid: readonly ValidFixture[]
  readonly invalid: readonly InvalidFixture[]
  readonly strict: readonly StrictFixture[]
}

export const manifest: Manifest = JSON.parse(readFileSync(join(FIXTURES, 'manifest.json'), 'utf8'))

export function readFixtureText(file: string): string {
  return readFileSync(join(FIXTURES, file), 'utf8')
}

export function readFixture(file: string): unknown {
  return JSON.parse(readFixtureText(file))
}

/** Number of items (messaging + standby + changes elements) in a body. */
export function countItems(body: unknown): number {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { entry?: unknown }).entry)) return 0
  let n = 0
  for (const e of (body as { entry: unknown[] }).entry) {
    if (typeof e !== 'object' || e === null) continue
    for (const ch of ['messaging', 'standby', 'changes']) {
      const items = (e as Record<string, unknown>)[ch]
      if (Array.isArray(items)) n += items.length
    }
  }
  return n
}
