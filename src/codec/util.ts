/** True for a non-null, non-array object. */
export function isRecord(u: unknown): u is Record<string, unknown> {
  return typeof u === 'object' && u !== null && !Array.isArray(u)
}

/** A short, safe description of a value for error messages (never throws, never recurses). */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (Array.isArray(value)) return `an array of ${value.length}`
  switch (typeof value) {
    case 'string': {
      const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value
      return `the string ${JSON.stringify(shown)}`
    }
    case 'number':
    case 'boolean':
    case 'bigint':
      return `${typeof value} ${String(value)}`
    case 'object':
      return 'an object'
    default:
      return typeof value
  }
}

/**
 * Sets an own data property, also for the key `"__proto__"`, which a plain assignment would
 * turn into a prototype change.
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  else target[key] = value
}

/**
 * A shallow copy of an object's own enumerable properties. A for-in copy: object spread over
 * objects of many shapes goes megamorphic in V8 and costs several times more (measured).
 */
export function copyRecord(source: Record<string, unknown>): Record<string, unknown> {
  // Object.assign is the fast copy, but it would turn an own "__proto__" key into a prototype.
  if (!Object.hasOwn(source, '__proto__')) return Object.assign({}, source)
  const out: Record<string, unknown> = {}
  for (const k in source) if (Object.hasOwn(source, k)) setOwn(out, k, source[k])
  return out
}
