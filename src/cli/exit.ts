/**
 * How the command ends, failing closed. The exit code is 2 from the start and is lowered only by
 * {@link finish}, once the command's whole output was written: a run that stops half-way (a promise
 * that never settles, an error nothing caught) can never exit 0. Output errors end the run without
 * a stack trace: a reader that went away (EPIPE, `| head`) quietly, any other (a full disk) with
 * one message and exit 2.
 */

/** The worst outcome known so far (1: a problem was found, 2: an input could not be read). */
let severity = 0
let finished = false
let leaving = false
let stderrWorks = true

/** Records an outcome (the code for a broken pipe depends on what was found before). */
export function raise(code: number): void {
  if (code > severity) severity = code
}

/** One line on stderr, `messenger-webhooks: <message>`; never throws. */
export function warn(message: string): void {
  if (!stderrWorks) return
  try {
    process.stderr.write(`messenger-webhooks: ${message}\n`)
  } catch {
    stderrWorks = false
  }
}

/** Exits now with `code` (nothing more is printed). */
export function leave(code: number): never {
  leaving = true
  process.exit(code)
}

/** One line on stderr, then exit (2 unless told otherwise). */
export function fail(message: string, code = 2): never {
  warn(message)
  leave(code)
}

/** The command's output is complete: it ends with `code` once the event loop is empty. */
export function finish(code: number): void {
  raise(code)
  finished = true
  process.exitCode = code
}

function reason(e: unknown): string {
  if (e instanceof Error) return e.message.split('\n')[0] ?? e.message
  return String(e)
}

/** Installs the handlers; call before anything is printed. */
export function install(): void {
  process.exitCode = 2
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (leaving) return
    // The reader is gone (`| head -1`): stop quietly. 0 only for a complete output, so a run that
    // had found nothing wrong yet ends with 2; otherwise with what it had found.
    if (e.code === 'EPIPE') leave(severity > 0 ? severity : 2)
    fail(`cannot write the output: ${e.code === 'ENOSPC' ? 'no space left on the device' : reason(e)}`)
  })
  process.stderr.on('error', () => {
    stderrWorks = false
  })
  process.on('uncaughtException', (e) => fail(`unexpected error: ${reason(e)}`))
  process.on('unhandledRejection', (e) => fail(`unexpected error: ${reason(e)}`))
  process.on('exit', () => {
    if (finished || leaving) return
    process.exitCode = 2
    warn('stopped before the run was complete (no result was written)')
  })
}
