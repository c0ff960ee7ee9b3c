// Memory and lookup cost of a bounded cache: 100,000 queries put into TanStack alone, into a client under
// `limitCache` with no bound reached (its bookkeeping alone), and under `maxQueries: 10_000`, in the same run;
// and the cost of one eviction. Heap figures are taken after a forced GC. Runnable alone: `npx tsx bench/limit.ts`.
import { performance } from 'node:perf_hooks'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { QueryClient } from '@tanstack/react-query'
import { limitCache } from '../src/limitCache'
import { formatBytes, formatMs, printTable } from './harness'

const QUERIES = 100_000
const BOUND = 10_000
const LOOKUPS = 200_000
const ROUNDS = 3

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
const tick = () => new Promise((resolve) => setTimeout(resolve, 0))
const keyOf = (i: number) => [`scope-${i % 20}`, 'detail', i]
const dataOf = (i: number) => ({ id: i, name: `Item ${i}`, tags: ['a', 'b'], owner: { id: i % 97, name: 'Ada' } })

function heap(): number {
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

interface Variant {
  name: string
  limit?: number
}

const variants: Array<Variant> = [
  { name: 'TanStack alone' },
  { name: `limitCache, bound never reached (maxQueries ${QUERIES})`, limit: QUERIES },
  { name: `limitCache, maxQueries ${BOUND.toLocaleString('en')}`, limit: BOUND },
]

interface Figures {
  fill: number
  heap: number
  cached: number
  lookup: number
}

async function runVariant(variant: Variant): Promise<Figures> {
  const before = heap()
  const client = new QueryClient()
  const stop = variant.limit === undefined ? () => {} : limitCache(client, { maxQueries: variant.limit })
  const start = performance.now()
  for (let i = 0; i < QUERIES; i++) client.setQueryData(keyOf(i), dataOf(i))
  // Passes run on timers: the first spares what was just used, the next evicts.
  for (let pass = 0; pass < 3; pass++) await tick()
  const fill = performance.now() - start
  const used = heap() - before
  const cached = client.getQueryCache().getAll().length
  // Lookups of the most recent keys (present in every variant), as a component reading its data would.
  const lookupStart = performance.now()
  let found = 0
  for (let i = 0; i < LOOKUPS; i++) if (client.getQueryData(keyOf(QUERIES - 1 - (i % BOUND))) !== undefined) found++
  const lookup = (performance.now() - lookupStart) / LOOKUPS
  if (found !== LOOKUPS) throw new Error(`${variant.name}: ${LOOKUPS - found} lookups missed`)
  stop()
  client.clear()
  return { fill, heap: used, cached, lookup }
}

/** Fills TanStack alone, then bounds it: the first passes evict 90,000 queries; time per eviction. */
async function evictionCost(): Promise<number> {
  const client = new QueryClient()
  for (let i = 0; i < QUERIES; i++) client.setQueryData(keyOf(i), dataOf(i))
  const start = performance.now()
  const stop = limitCache(client, { maxQueries: BOUND })
  while (client.getQueryCache().getAll().length > BOUND) await tick()
  const perEviction = (performance.now() - start) / (QUERIES - BOUND)
  stop()
  client.clear()
  return perEviction
}

const median = (values: Array<number>) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

export default async function run(): Promise<void> {
  const results = new Map<Variant, Array<Figures>>(variants.map((variant) => [variant, []]))
  // Alternating rounds, so that a slow moment of the machine does not land on one variant only.
  for (let round = 0; round < ROUNDS; round++)
    for (const variant of variants) results.get(variant)!.push(await runVariant(variant))
  const evictions: Array<number> = []
  for (let round = 0; round < ROUNDS; round++) evictions.push(await evictionCost())

  printTable(
    `Bounded cache: ${QUERIES.toLocaleString('en')} queries put, medians of ${ROUNDS} alternating rounds (Node ${process.version})`,
    variants.map((variant) => {
      const runs = results.get(variant)!
      return {
        variant: variant.name,
        'queries cached': runs[0]!.cached,
        'heap after GC': formatBytes(median(runs.map((figures) => figures.heap))),
        'fill (100k setQueryData)': formatMs(median(runs.map((figures) => figures.fill))),
        'lookup (getQueryData)': formatMs(median(runs.map((figures) => figures.lookup))),
      }
    }),
  )
  printTable('Eviction cost', [
    {
      evicted: QUERIES - BOUND,
      'per evicted query (median)': formatMs(median(evictions)),
    },
  ])
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
