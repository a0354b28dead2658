/** Worker thread of `validate`: decodes batches of NDJSON lines (or a whole document) and posts the results back. */
import { parentPort } from 'node:worker_threads'
import { decodeDocument, decodeLines, emptyResult } from './batch.js'

interface Job {
  readonly seq: number
  readonly mode: 'lines' | 'document'
  readonly data: Uint8Array
  readonly firstLine: number
  readonly strict: boolean
  readonly maxLineBytes: number
}

// Tests only: a job holding this text makes the worker crash, as a fault would. It can only turn a
// decoded line into a reported one (exit 2), never the other way.
const crashOn = process.env.MESSENGER_WEBHOOKS_TEST_WORKER_CRASH
const crashBytes = crashOn === undefined || crashOn === '' ? undefined : Buffer.from(crashOn)

parentPort?.on('message', (job: Job) => {
  if (
    crashBytes !== undefined &&
    Buffer.from(job.data.buffer, job.data.byteOffset, job.data.byteLength).includes(crashBytes)
  )
    throw new Error('crash requested by MESSENGER_WEBHOOKS_TEST_WORKER_CRASH')
  const result = emptyResult()
  if (job.mode === 'document') decodeDocument(job.data, job.strict, result, job.maxLineBytes)
  else decodeLines(job.data, job.firstLine, job.strict, result, job.maxLineBytes)
  parentPort?.postMessage({ seq: job.seq, result })
})
