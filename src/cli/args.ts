/**
 * The command line as typed: a replacement for the option parser cac ships (mri), which turns
 * numeric-looking values into numbers (`--secret ''` → 0, `'007'` → 7, `' 42 '` → 42, a 40-digit
 * value → a rounded float) and reads `--secret=` as "take the next argument". Here every value
 * and every positional argument is the exact string from argv; only the declared flags are
 * booleans. Problems (a missing value, a value given to a flag) are collected, not thrown, because
 * cac parses the line once per command to find which one matches; the caller reports those of the
 * command that matched.
 */
import type { CAC, Command } from 'cac'

type Option = Command['options'][number]

/** What cac expects back from its parser: positional arguments and options by camelCase name. */
export interface ParsedArgv {
  args: string[]
  options: Record<string, unknown>
}

const problemsOf = new WeakMap<object, string[]>()

/** cac's name for an option: `secret-env` → `secretEnv` (the same rule as cac's own). */
function camelcase(name: string): string {
  return name.replace(/([a-z])-([a-z])/g, (_, a: string, b: string) => a + b.toUpperCase())
}

/**
 * Parses `argv` (without node and the script) against the options of the global command and of
 * `command`: `--name value`, `--name=value` (`--name=` is the empty string), `-x value`, `--flag`,
 * `--no-flag`, `--` (the rest goes to `options['--']`, as with cac). A value is taken from the
 * next argument unless that one starts with `-` (a lone `-` is a value: stdin); give such values
 * as `--name=-value`. Unknown options are kept (as `true`, or their `=value`) for cac to report.
 */
export function parseArgv(argv: readonly string[], declared: readonly Option[]): ParsedArgv {
  const byName = new Map<string, Option>()
  for (const option of declared) for (const name of option.names) byName.set(name, option)
  const options: Record<string, unknown> = { '--': [] }
  for (const option of declared) {
    if (option.config.default !== undefined) for (const name of option.names) options[name] = option.config.default
  }
  const args: string[] = []
  const problems: string[] = []
  const given = new Set<Option>()
  // A repeated option collects its values in order; a default is replaced, not appended to.
  const set = (option: Option, value: unknown) => {
    const old = options[option.name]
    const all = given.has(option) ? [...(Array.isArray(old) ? old : [old]), value] : value
    given.add(option)
    for (const name of option.names) options[name] = all
  }
  const takesValue = (o: Option) => o.isBoolean !== true
  const next = (i: number): string | undefined => {
    const v = argv[i + 1]
    return v !== undefined && (v === '-' || !v.startsWith('-')) ? v : undefined
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '--') {
      options['--'] = argv.slice(i + 1)
      break
    }
    if (arg === '-' || !arg.startsWith('-')) {
      args.push(arg)
      continue
    }
    const long = arg.startsWith('--')
    const body = arg.slice(long ? 2 : 1)
    const eq = body.indexOf('=')
    const rawName = eq < 0 ? body : body.slice(0, eq)
    const inline = eq < 0 ? undefined : body.slice(eq + 1)
    if (!long && rawName.length > 1 && inline === undefined) {
      // A cluster of short flags (-vh); the last one may take the next argument as its value.
      for (let j = 0; j < rawName.length; j++) {
        const name = rawName[j] as string
        const option = byName.get(name)
        if (option === undefined) options[name] = true
        else if (!takesValue(option)) set(option, true)
        else if (j < rawName.length - 1) {
          set(option, rawName.slice(j + 1))
          break
        } else {
          const value = next(i)
          if (value === undefined) problems.push(`option \`${option.rawName}\` needs a value`)
          else {
            set(option, value)
            i++
          }
        }
      }
      continue
    }
    const name = camelcase(rawName)
    let option = byName.get(name)
    let negated = false
    if (option === undefined && long && rawName.startsWith('no-')) {
      const positive = byName.get(camelcase(rawName.slice(3)))
      if (positive !== undefined && !takesValue(positive)) {
        option = positive
        negated = true
      }
    }
    if (option === undefined) {
      options[name] = inline ?? true
      continue
    }
    if (!takesValue(option)) {
      let value = !negated
      if (inline !== undefined) {
        if (inline !== 'true' && inline !== 'false') {
          problems.push(`option \`${option.rawName}\` takes no value (got ${JSON.stringify(inline)})`)
          continue
        }
        value = negated !== (inline === 'true')
      }
      // `--no-color` is declared negated: its option is `color`, false when `--no-color` is given.
      set(option, value)
      continue
    }
    if (inline !== undefined) {
      set(option, inline)
      continue
    }
    const value = next(i)
    if (value === undefined) {
      if (option.required === true) problems.push(`option \`${option.rawName}\` needs a value`)
      else set(option, true)
      continue
    }
    set(option, value)
    i++
  }
  problemsOf.set(options, problems)
  return { args, options }
}

/** Installs {@link parseArgv} as the parser of a cac program (in place of mri). */
export function useExactArgv(cli: CAC): void {
  const parse = (argv: string[], command?: Command): ParsedArgv =>
    parseArgv(argv, [...cli.globalCommand.options, ...(command?.options ?? [])])
  ;(cli as unknown as { mri: typeof parse }).mri = parse
}

/** The problems {@link parseArgv} found for the options it returned (`[]` when none). */
export function argvProblems(options: object): readonly string[] {
  return problemsOf.get(options) ?? []
}
