import * as t from 'io-ts'

/** True for a non-null, non-array object. */
export function isRecord(u: unknown): u is Record<string, unknown> {
  return typeof u === 'object' && u !== null && !Array.isArray(u)
}

/** A short, safe description of a value for error messages (never throws, never recurses). */
export function describe(value: unknown): string {
  try {
    return describeValue(value)
  } catch {
    return 'a value that throws when read'
  }
}

function describeValue(value: unknown): string {
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

/** The message of a thrown value, without throwing again. */
export function errorText(e: unknown): string {
  try {
    return e instanceof Error ? e.message : String(e)
  } catch {
    return 'an unprintable error'
  }
}

/**
 * A composite codec's guard that answers `false` where reading the value throws (a getter or
 * Proxy trap that throws, a revoked Proxy): no JSON value does, and `is` never throws.
 */
export function safeIs<A>(is: (u: unknown) => u is A): (u: unknown) => u is A {
  return (u): u is A => {
    try {
      return is(u)
    } catch {
      return false
    }
  }
}

/** A composite codec's `validate` that reports a value which throws when read as a failure. */
export function safeValidate<A>(validate: t.Validate<unknown, A>): t.Validate<unknown, A> {
  return (u, c) => {
    try {
      return validate(u, c)
    } catch (e) {
      return t.failure(u, c, `reading the value threw: ${errorText(e)}`)
    }
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
