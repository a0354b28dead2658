/** Types for verify.portable.mjs. */
export const CHECKS: number
export function run(): Promise<{ passed: number; failed: string[] }>
