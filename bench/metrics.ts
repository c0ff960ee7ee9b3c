// Cost of cache metrics tracking per cache event: the same TanStack workloads run on a client without
// and with `trackCacheMetrics`, side by side; the difference divided by the events is the per-event cost.
import { QueryClient, QueryObserver } from '@tanstack/react-query'
import type { QueryCacheNotifyEvent } from '@tanstack/react-query'
import { toPrometheus } from '../src/metrics/toPrometheus'
import { getCacheMetrics } from '../src/metrics/getCacheMetrics'
import { trackCacheMetrics } from '../src/metrics/trackCacheMetrics'
import { formatMs, measure, printTable } from './harness'

const SCOPES = 10
const QUERIES = 200
const tick = () => new Promise((resolve) => setTimeout(resolve, 0))
const keyOf = (i: number) => [`scope-${i % SCOPES}`, 'detail', i]

interface Workload {
  name: string
  /** Runs against a prepared client; resolves once TanStack's notifications (and metrics publishes) ran. */
  run: (client: QueryClient) => Promise<void>
  prepare?: (client: QueryClient) => void
}

const workloads: Array<Workload> = [
  {
    name: 'observer mounts on cached data (5,000)',
    prepare: (client) => {
      for (let i = 0; i < QUERIES; i++) client.setQueryData(keyOf(i), { id: i })
    },
    run: async (client) => {
      for (let i = 0; i < 5000; i++) {
        const observer = new QueryObserver(client, {
          queryKey: keyOf(i % QUERIES),
          queryFn: () => ({ id: i }),
          staleTime: Infinity,
          meta: { tier: i % 2 ? 'normal' : 'long', persist: true },
        })
        observer.subscribe(() => {})()
      }
      await tick()
    },
  },
  {
    name: 'fetches, 10 rounds of 200 (2,000)',
    run: async (client) => {
      for (let round = 0; round < 10; round++) {
        const fetches: Array<Promise<unknown>> = []
        for (let i = 0; i < QUERIES; i++)
          fetches.push(client.fetchQuery({ queryKey: keyOf(i), queryFn: async () => round, staleTime: 0 }))
        await Promise.all(fetches)
      }
      await tick()
    },
  },
  {
    name: 'setQueryData (5,000)',
    run: async (client) => {
      for (let i = 0; i < 5000; i++) client.setQueryData(keyOf(i % QUERIES), i)
      await tick()
    },
  },
]

function freshClient(workload: Workload, tracked: boolean): { client: QueryClient; stop: () => void } {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity } } })
  workload.prepare?.(client)
  return { client, stop: tracked ? trackCacheMetrics(client) : () => {} }
}

async function countEvents(workload: Workload): Promise<number> {
  const { client } = freshClient(workload, false)
  let events = 0
  const unsubscribe = client.getQueryCache().subscribe(() => events++)
  await workload.run(client)
  unsubscribe()
  client.clear()
  return events
}

/** Medians of `runs` runs of each side, alternating sides so drift and GC hit both alike. */
async function timed(workload: Workload, runs = 15): Promise<[without: number, withTracking: number]> {
  const times: [Array<number>, Array<number>] = [[], []]
  for (let i = -2; i < runs; i++) {
    for (const tracked of [false, true]) {
      const { client, stop } = freshClient(workload, tracked)
      const start = performance.now()
      await workload.run(client)
      const elapsed = performance.now() - start
      stop()
      client.clear()
      if (i >= 0) times[+tracked]!.push(elapsed)
    }
  }
  const median = (values: Array<number>) => values.sort((a, b) => a - b)[values.length >> 1]!
  return [median(times[0]), median(times[1])]
}

/**
 * The listener's own cost, free of TanStack's work: events recorded from the workloads above are
 * replayed through `QueryCache.notify` on a client without and with tracking.
 */
async function replayCost(): Promise<Record<string, string | number>> {
  const events: Array<QueryCacheNotifyEvent> = []
  for (const workload of workloads) {
    const { client } = freshClient(workload, false)
    const unsubscribe = client.getQueryCache().subscribe((event) => events.push(event))
    await workload.run(client)
    unsubscribe()
  }
  const replay = async (tracked: boolean) => {
    const client = new QueryClient()
    const stop = tracked ? trackCacheMetrics(client) : () => {}
    const cache = client.getQueryCache()
    const start = performance.now()
    for (const event of events) cache.notify(event)
    await tick()
    const elapsed = performance.now() - start
    stop()
    return elapsed
  }
  const times: [Array<number>, Array<number>] = [[], []]
  for (let i = -3; i < 25; i++) {
    for (const tracked of [false, true]) {
      const elapsed = await replay(tracked)
      if (i >= 0) times[+tracked]!.push(elapsed)
    }
  }
  const median = (values: Array<number>) => values.sort((a, b) => a - b)[values.length >> 1]!
  const [without, withTracking] = [median(times[0]), median(times[1])]
  return {
    workload: 'the events above, replayed through notify',
    'cache events': events.length,
    'TanStack alone': formatMs(without),
    'with tracking': formatMs(withTracking),
    overhead: `${(((withTracking - without) / without) * 100).toFixed(1)}%`,
    'cost per event': formatMs(Math.max(0, withTracking - without) / events.length),
  }
}

export default async function run(): Promise<void> {
  const rows: Array<Record<string, string | number>> = []
  for (const workload of workloads) {
    const events = await countEvents(workload)
    const [without, withTracking] = await timed(workload)
    rows.push({
      workload: workload.name,
      'cache events': events,
      'TanStack alone': formatMs(without),
      'with tracking': formatMs(withTracking),
      overhead: `${(((withTracking - without) / without) * 100).toFixed(1)}%`,
      'cost per event': formatMs(Math.max(0, withTracking - without) / events),
    })
  }
  rows.push(await replayCost())
  printTable('Cache metrics: tracking cost per cache event (medians of alternating runs)', rows)

  const client = new QueryClient()
  const stop = trackCacheMetrics(client)
  for (let i = 0; i < 1000; i++) client.setQueryData(keyOf(i), i)
  for (let i = 0; i < 1000; i++)
    new QueryObserver(client, { queryKey: keyOf(i), staleTime: Infinity }).subscribe(() => {})()
  const snapshot = getCacheMetrics(client)
  const exportTime = await measure(() => toPrometheus(snapshot), 200, 20)
  stop()
  printTable('Prometheus export', [
    { scopes: Object.keys(snapshot.scopes).length, 'toPrometheus median': formatMs(exportTime.median) },
  ])
}
