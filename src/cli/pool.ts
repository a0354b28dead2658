/**
 * The worker threads of `validate`. Every job settles: a worker that dies (out of memory, a crash,
 * an `error` or `exit` event) rejects its job with {@link WorkerDied} and is replaced; workers that
 * keep dying without a job (they cannot start) break the pool, and every job then rejects with
 * {@link PoolBroken}. Nothing waits for a worker that will never come back.
 */
import { getHeapStatistics } from 'node:v8'
import { Worker } from 'node:worker_threads'
import type { BatchResult } from './batch.js'

/** One unit of work: NDJSON lines, or a whole `.json` document. */
export interface Job {
  readonly mode: 'lines' | 'document'
  /** The bytes; they are copied to the worker, so the caller can run them again. */
  readonly data: Uint8Array
  readonly firstLine: number
}

/** The worker running a job died; the job was not decoded. */
export class WorkerDied extends Error {
  constructor(
    message: string,
    readonly outOfMemory: boolean,
  ) {
    super(message)
  }
}

/** The pool cannot run anything any more (its workers fail to start). */
export class PoolBroken extends Error {}

export interface Pool {
  run(job: Job): Promise<BatchResult>
  close(): Promise<void>
}

const MB = 1024 * 1024

/**
 * The old-generation cap of a worker: the heap limit of the main thread, so a worker accepts every
 * body the main thread can hold (the verdict must not depend on --workers).
 * MESSENGER_WEBHOOKS_TEST_WORKER_HEAP_MB (tests only) can lower it, never raise it.
 */
export function workerHeapMb(): number {
  const main = Math.ceil(getHeapStatistics().heap_size_limit / MB)
  const test = Number(process.env.MESSENGER_WEBHOOKS_TEST_WORKER_HEAP_MB)
  return Number.isInteger(test) && test > 0 ? Math.min(test, main) : main
}

interface Pending {
  readonly seq: number
  readonly message: Record<string, unknown>
  readonly resolve: (r: BatchResult) => void
  readonly reject: (e: Error) => void
}

interface Slot {
  readonly worker: Worker
  job: Pending | undefined
  dead: boolean
}

/** A pool of at most `size` workers, each started when a job first needs it. */
export function createPool(size: number, strict: boolean, maxLineBytes: number): Pool {
  const url = new URL('./cli-worker.js', import.meta.url)
  const heapMb = workerHeapMb()
  const slots = new Set<Slot>()
  const idle: Slot[] = []
  const queue: Pending[] = []
  let seq = 0
  let closed = false
  let broken: PoolBroken | undefined
  // A worker that fails other than by running out of memory before any job has ever succeeded:
  // after three, the workers cannot start at all (a broken install), and nothing is respawned.
  let successes = 0
  let failures = 0

  const stop = (error: PoolBroken) => {
    broken ??= error
    for (const job of queue.splice(0)) job.reject(broken)
    for (const slot of slots) {
      slot.job?.reject(broken)
      slot.job = undefined
      void slot.worker.terminate()
    }
  }

  const dispatch = () => {
    while (queue.length > 0 && broken === undefined) {
      const slot = idle.pop() ?? (slots.size < size ? spawn() : undefined)
      if (slot === undefined) return
      const job = queue.shift() as Pending
      slot.job = job
      try {
        slot.worker.postMessage(job.message)
      } catch (e) {
        die(slot, e as Error, undefined)
      }
    }
  }

  const die = (slot: Slot, error: Error | undefined, code: number | undefined) => {
    if (slot.dead) return
    slot.dead = true
    slots.delete(slot)
    const at = idle.indexOf(slot)
    if (at >= 0) idle.splice(at, 1)
    void slot.worker.terminate()
    const job = slot.job
    slot.job = undefined
    if (closed || broken !== undefined) {
      job?.reject(broken ?? new PoolBroken('the worker threads were stopped'))
      return
    }
    const outOfMemory = (error as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY'
    const detail = error === undefined ? `exit code ${code}` : (error.message.split('\n')[0] ?? '')
    if (!outOfMemory && successes === 0 && ++failures >= 3) {
      job?.reject(new PoolBroken(`the worker threads cannot run (${detail})`))
      stop(new PoolBroken(`the worker threads cannot run (${detail})`))
      return
    }
    job?.reject(
      new WorkerDied(
        outOfMemory
          ? `it needs more memory than a worker thread may use (heap limit ${heapMb} MB)`
          : `its worker thread stopped (${detail})`,
        outOfMemory,
      ),
    )
    // The queue goes on with a fresh worker in its place.
    dispatch()
  }

  const spawn = (): Slot | undefined => {
    let worker: Worker
    try {
      // A small young generation keeps each worker to about one batch of garbage (constant memory).
      worker = new Worker(url, { resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: heapMb } })
    } catch (e) {
      stop(new PoolBroken(`the worker threads cannot run (${(e as Error).message})`))
      return undefined
    }
    const slot: Slot = { worker, job: undefined, dead: false }
    slots.add(slot)
    worker.on('message', (m: { seq: number; result: BatchResult }) => {
      const job = slot.job
      if (job === undefined || m.seq !== job.seq) return
      slot.job = undefined
      successes++
      job.resolve(m.result)
      idle.push(slot)
      dispatch()
    })
    worker.on('error', (e) => die(slot, e, undefined))
    worker.on('exit', (code) => die(slot, undefined, code))
    return slot
  }

  return {
    run(job) {
      if (broken !== undefined) return Promise.reject(broken)
      if (closed) return Promise.reject(new PoolBroken('the worker threads were stopped'))
      // A view of a larger buffer would be cloned whole: send exactly the job's bytes. They are
      // copied, not transferred, so a job whose worker died can be run again.
      const data =
        job.data.byteOffset === 0 && job.data.byteLength === job.data.buffer.byteLength ? job.data : job.data.slice()
      const id = seq++
      return new Promise<BatchResult>((resolve, reject) => {
        const message = { seq: id, mode: job.mode, data, firstLine: job.firstLine, strict, maxLineBytes }
        queue.push({ seq: id, message, resolve, reject })
        dispatch()
      })
    },
    async close() {
      closed = true
      for (const job of queue.splice(0)) job.reject(new PoolBroken('the worker threads were stopped'))
      await Promise.all([...slots].map((s) => s.worker.terminate()))
    },
  }
}
