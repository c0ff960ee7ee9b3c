// Write-behind: the main-thread cost of recording one durable mutation, and the replay throughput of 1,000
// queued mutations against a local HTTP server on 127.0.0.1, beside TanStack's own paused-mutation
// persistence in the same run: `dehydrate` of the paused mutations → idb-keyval → a new client `hydrate`
// → `resumePausedMutations`, its mutationFn from `setMutationDefaults`.
// Node with fake-indexeddb: the storage engine runs on this thread, so "main thread" here is the work before
// the record is handed to IndexedDB, and "until stored" everything until the transaction committed.
import 'fake-indexeddb/auto'
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { dehydrate, hydrate, onlineManager, QueryClient } from '@tanstack/react-query'
import type { DehydratedState } from '@tanstack/react-query'
import { createStore, get, set } from 'idb-keyval'
import { formatMs, measure, printTable } from './harness'
import { outboxSide } from './outboxSide'

export const QUEUED = 1000

export interface Rename {
  id: string
  name: string
}

/** A local API that counts the writes it receives, in order. */
export interface WriteServer {
  url: string
  received: () => number
  /** Resolves when `count` writes have arrived since the last `reset`. */
  waitFor: (count: number) => Promise<void>
  reset: () => void
  close: () => Promise<void>
}

async function startWriteServer(): Promise<WriteServer> {
  let received = 0
  let waiting: { count: number; resolve: () => void } | undefined
  const server: Server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      received++
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}')
      if (waiting && received >= waiting.count) waiting.resolve()
    })
  })
  server.keepAliveTimeout = 30_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/projects`,
    received: () => received,
    waitFor: (count) =>
      received >= count ? Promise.resolve() : new Promise((resolve) => (waiting = { count, resolve })),
    reset: () => {
      received = 0
      waiting = undefined
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

export const sendRename = (url: string, input: Rename, idempotencyKey?: string) =>
  fetch(url, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/json', ...(idempotencyKey && { 'Idempotency-Key': idempotencyKey }) },
    body: JSON.stringify(input),
  }).then((response) => response.json() as Promise<unknown>)

export const renameInput = (i: number): Rename => ({ id: `p${i % 50}`, name: `Project renamed ${i}` })

/** TanStack alone: paused mutations persisted by dehydrating the client, replayed by a new client. */
async function tanstackSide(server: WriteServer, scoped: boolean) {
  const store = createStore(`bench-tanstack-outbox-${scoped ? 'scoped' : 'parallel'}`, 'keyval')
  const withDefaults = (client: QueryClient) => {
    client.setMutationDefaults(['projects.rename'], {
      mutationFn: (input: Rename) => sendRename(server.url, input),
      ...(scoped && { scope: { id: 'projects.rename' } }),
    })
    return client
  }
  onlineManager.setOnline(false)
  const client = withDefaults(new QueryClient())
  const enqueue = (i: number) =>
    void client
      .getMutationCache()
      .build(client, { mutationKey: ['projects.rename'] })
      .execute(renameInput(i))
      .catch(() => {})
  for (let i = 0; i < QUEUED - 1; i++) enqueue(i)

  // Recording one more: what a persister does on each mutation-cache change (dehydrate everything, store it).
  let index = QUEUED - 1
  const mainThread = await measure(() => JSON.stringify(dehydrate(client)), 15, 2)
  const untilStored = await measure(() => set('client', JSON.stringify(dehydrate(client)), store), 15, 2)
  enqueue(index++)
  await set('client', JSON.stringify(dehydrate(client)), store)

  // Reload: the old client goes away; a new one hydrates the stored state and resumes once online.
  client.clear()
  server.reset()
  const start = performance.now()
  const state = JSON.parse((await get<string>('client', store))!) as DehydratedState
  const next = withDefaults(new QueryClient())
  hydrate(next, state)
  const hydratedMs = performance.now() - start
  onlineManager.setOnline(true)
  await next.resumePausedMutations()
  await server.waitFor(QUEUED)
  const replayMs = performance.now() - start
  const paused = state.mutations.length
  next.clear()
  return { mainThread, untilStored, hydratedMs, replayMs, paused, received: server.received() }
}

export default async function run(): Promise<void> {
  const server = await startWriteServer()
  try {
    const rows: Array<Record<string, string | number>> = []
    const replayRows: Array<Record<string, string | number>> = []
    const toolkit = await outboxSide(server)
    {
      rows.push({
        side: 'toolkit: record one durable mutation (median of the last 100)',
        queued: `${QUEUED - 1}`,
        'main thread (median)': formatMs(toolkit.mainThread.median),
        'until stored (median)': formatMs(toolkit.untilStored.median),
      })
      replayRows.push({
        side: 'toolkit outbox (FIFO per name, one tab)',
        queued: QUEUED,
        'restored in': formatMs(toolkit.restoredMs),
        'all received in': formatMs(toolkit.replayMs),
        'writes / s': Math.round((QUEUED / toolkit.replayMs) * 1000),
        'received by server': toolkit.received,
      })
    }
    for (const scoped of [true, false]) {
      const baseline = await tanstackSide(server, scoped)
      const label = scoped ? 'TanStack, one scope (in order)' : 'TanStack, no scope (all at once)'
      rows.push({
        side: `${label}: dehydrate all`,
        queued: `${QUEUED - 1}`,
        'main thread (median)': formatMs(baseline.mainThread.median),
        'until stored (median)': formatMs(baseline.untilStored.median),
      })
      replayRows.push({
        side: label,
        queued: baseline.paused,
        'restored in': formatMs(baseline.hydratedMs),
        'all received in': formatMs(baseline.replayMs),
        'writes / s': Math.round((QUEUED / baseline.replayMs) * 1000),
        'received by server': baseline.received,
      })
    }
    printTable('Record one write made offline, with 999 already queued (Node, fake-indexeddb)', rows)
    printTable(`Replay ${QUEUED.toLocaleString('en')} queued writes after a reload against 127.0.0.1`, replayRows)
  } finally {
    onlineManager.setOnline(true)
    await server.close()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
