// Keeps the metrics' memory table in step with the query cache: queries and estimated data bytes per key
// scope, and the removals `limitCache` marked as evictions (`src/evictions.ts`).
import type { Query, QueryCacheNotifyEvent, QueryClient } from '@tanstack/react-query'
import { wasEvicted } from '../../evictions'
import { estimateBytes } from '../../limit/estimateBytes'
import { rowName, scopeName } from './lookupNames'
import { draft } from './metricsEntry'
import type { MetricsEntry } from './metricsEntry'

interface Counted {
  scope: string
  bytes: number
}

export function trackMemory(client: QueryClient, entry: MetricsEntry): (event: QueryCacheNotifyEvent) => void {
  const counted = new Map<Query, Counted>()
  const rowOf = (scope: string) => (draft(entry).memory[scope] ??= { queries: 0, bytes: 0, evictions: 0 })

  const add = (query: Query) => {
    const scope = rowName(draft(entry).memory, scopeName(query))
    const bytes = estimateBytes(query.state.data)
    counted.set(query, { scope, bytes })
    const row = rowOf(scope)
    row.queries++
    row.bytes += bytes
  }
  const resize = (query: Query) => {
    const known = counted.get(query)
    if (!known) return add(query)
    const bytes = estimateBytes(query.state.data)
    if (bytes === known.bytes) return
    rowOf(known.scope).bytes += bytes - known.bytes
    known.bytes = bytes
  }
  const remove = (query: Query) => {
    const known = counted.get(query)
    if (!known) return
    counted.delete(query)
    const row = rowOf(known.scope)
    row.queries--
    row.bytes -= known.bytes
    if (wasEvicted(query)) {
      row.evictions++
      draft(entry).evictions++
    }
    // A scope with nothing cached and nothing evicted leaves the table (and the exported series).
    if (row.queries === 0 && row.evictions === 0) delete draft(entry).memory[known.scope]
  }

  // Tracking starts (again): the table is counted afresh from the cache, evictions kept.
  const { memory } = draft(entry)
  for (const scope in memory) {
    const row = memory[scope]!
    if (row.evictions === 0) delete memory[scope]
    else Object.assign(row, { queries: 0, bytes: 0 })
  }
  for (const query of client.getQueryCache().getAll()) add(query)

  return (event) => {
    if (event.type === 'added') add(event.query)
    else if (event.type === 'removed') remove(event.query)
    else if (event.type === 'updated' && (event.action.type === 'success' || event.action.type === 'setState'))
      resize(event.query)
  }
}
