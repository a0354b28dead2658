// Which runtime this code runs on, from the runtime's own globals. Portable: no imports, no I/O.
// Shared by report.mjs (verify.portable.mjs) and consumer/report.mjs (the package matrix), which
// get a copy of this file beside them.

/** The runtime this code runs on, from its own globals: never from what the runner claims. */
export function detectRuntime() {
  const g = globalThis
  if (typeof g.Deno === 'object' && g.Deno !== null) return { runtime: 'deno', version: g.Deno.version.deno }
  if (typeof g.Bun === 'object' && g.Bun !== null) return { runtime: 'bun', version: g.Bun.version }
  const ua = typeof g.navigator === 'object' && g.navigator !== null ? String(g.navigator.userAgent) : ''
  if (ua === 'Cloudflare-Workers') return { runtime: 'workerd', version: ua }
  if (typeof g.process === 'object' && g.process !== null && g.process.versions && g.process.versions.node) {
    return { runtime: 'node', version: g.process.versions.node }
  }
  const chrome = /(?:Headless)?Chrome\/([\d.]+)/.exec(ua)
  if (chrome !== null && typeof g.document === 'object') return { runtime: 'chromium', version: chrome[1] }
  return { runtime: 'unknown', version: ua }
}
