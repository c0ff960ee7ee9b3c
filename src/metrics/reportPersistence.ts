// Where the persisted cache reports its size and last restore; the persist entry stays independent of metrics.
import type { QueryClient } from '@tanstack/react-query'
import type { PersistenceMetrics } from './CacheMetrics'
import { draft, metricsEntry } from './internal/metricsEntry'

/**
 * Records the persisted cache's figures; fields left out keep their last value.
 * @example persisted.restored.then((lastRestore) => reportPersistence(queryClient, { ...persister.stats(), lastRestore }))
 */
export function reportPersistence(client: QueryClient, figures: Partial<PersistenceMetrics>): void {
  const { records, bytes, lastRestore } = figures
  const metrics = draft(metricsEntry(client))
  const last = metrics.persistence
  metrics.persistence = {
    records: records ?? last?.records ?? 0,
    bytes: bytes ?? last?.bytes ?? 0,
    lastRestore: lastRestore ?? last?.lastRestore,
  }
}
