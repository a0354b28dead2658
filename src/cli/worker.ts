/** Worker thread of `validate`: decodes batches of NDJSON lines and posts the results back. */
import { parentPort } from 'node:worker_threads'
import { decodeLines, emptyResult } from './batch.js'

interface Job {
  readonly seq: number
  readonly data: Uint8Array
  readonly firstLine: number
  readonly strict: boolean
}

parentPort?.on('message', (job: Job) => {
  const result = emptyResult()
  decodeLines(job.data, job.firstLine, job.strict, result)
  parentPort?.postMessage({ seq: job.seq, result })
})
