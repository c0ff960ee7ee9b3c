// The toolkit's side of bench/outbox.ts: one durable mutation recorded by `createMutationOutbox` over the
// IndexedDB persister (fake-indexeddb in Node), then a reload (new client, persister and outbox on the same
// namespace) that replays every queued record, one tab, FIFO, each with its idempotency key.
import { onlineManager, QueryClient } from '@tanstack/react-query'
import { performance } from 'node:perf_hooks'
import { defineMutation } from '../src'
import { createIndexedDBPersister, createMutationOutbox } from '../src/persist'
import type { MutationOutbox } from '../src/persist'
import type { Sample } from './harness'
import { QUEUED, renameInput, sendRename } from './outbox'
import type { Rename, WriteServer } from './outbox'

export interface OutboxFigures {
  mainThread: Sample
  untilStored: Sample
  restoredMs: number
  replayMs: number
  received: number
}

let target = ''
const useBenchRename = defineMutation({
  name: 'bench.rename',
  durable: true,
  mutationFn: (input: Rename, { idempotencyKey }) => sendRename(target, input, idempotencyKey),
})

// When the outbox hands a record to IndexedDB (the work before it is what a browser's main thread pays),
// and when each transaction it wrote in committed (the record is on disk).
let firstPut = 0
const commits: Array<Promise<number>> = []
const put = IDBObjectStore.prototype.put
IDBObjectStore.prototype.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
  if (firstPut === 0) firstPut = performance.now()
  const request = put.call(this, value, key)
  const transaction = request.transaction
  if (transaction) {
    commits.push(
      new Promise((resolve) => {
        transaction.addEventListener('complete', () => resolve(performance.now()))
        transaction.addEventListener('abort', () => resolve(performance.now()))
      }),
    )
  }
  return request
}

function sample(times: Array<number>): Sample {
  const sorted = [...times].sort((a, b) => a - b)
  return {
    median: sorted[Math.floor(sorted.length / 2)]!,
    p95: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!,
  }
}

const until = (outbox: MutationOutbox, done: () => boolean) =>
  new Promise<void>((resolve) => {
    if (done()) return resolve()
    const stop = outbox.subscribe(() => {
      if (!done()) return
      stop()
      resolve()
    })
  })

/** Records one durable mutation; resolves with [until handed to IndexedDB, until committed and listed] in ms. */
async function record(client: QueryClient, outbox: MutationOutbox, i: number): Promise<[number, number]> {
  const before = outbox.getSnapshot().pending.length
  firstPut = 0
  commits.length = 0
  const start = performance.now()
  void client
    .getMutationCache()
    .build(client, useBenchRename.options())
    .execute(renameInput(i))
    .catch(() => {})
  await until(outbox, () => outbox.getSnapshot().pending.length > before)
  const stored = Math.max(performance.now(), ...(await Promise.all(commits)))
  return [(firstPut || stored) - start, stored - start]
}

export async function outboxSide(server: WriteServer): Promise<OutboxFigures> {
  target = server.url
  const namespace = `bench-outbox-${Date.now().toString(36)}`
  onlineManager.setOnline(false)
  const client = new QueryClient()
  const outbox = createMutationOutbox(client, createIndexedDBPersister({ namespace }), { mutations: [useBenchRename] })
  await outbox.ready

  const mainThread: Array<number> = []
  const untilStored: Array<number> = []
  for (let i = 0; i < QUEUED; i++) {
    const [main, stored] = await record(client, outbox, i)
    // The last 100 are timed: the queue already holds ~900, as in the TanStack rows.
    if (i >= QUEUED - 100) {
      mainThread.push(main)
      untilStored.push(stored)
    }
  }

  // Reload: the old page goes away; a new one opens the same namespace and replays once online.
  outbox.stop()
  client.clear()
  server.reset()
  onlineManager.setOnline(true)
  const start = performance.now()
  const next = new QueryClient()
  const replay = createMutationOutbox(next, createIndexedDBPersister({ namespace }), { mutations: [useBenchRename] })
  await replay.ready
  const restoredMs = performance.now() - start
  void replay.replay()
  await server.waitFor(QUEUED)
  await until(replay, () => replay.getSnapshot().pending.length === 0)
  const replayMs = performance.now() - start
  replay.stop()
  next.clear()
  return {
    mainThread: sample(mainThread),
    untilStored: sample(untilStored),
    restoredMs,
    replayMs,
    received: server.received(),
  }
}
