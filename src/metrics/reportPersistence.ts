// Where the persisted cache reports its size and last restore; the persist entry stays independent of metrics.
import type { QueryClient } from '@tanstack/react-query'
import type { PersistenceMetrics } from './CacheMetrics'
import { draft, metricsEntry } from './internal/metricsEntry'
import { toPersistenceReport, warnDropped } from './internal/validReport'

/**
 * Records the persisted cache's figures; fields left out keep their last value. A report with a field
 * that is not a finite number ≥ 0 is dropped whole and counted in `droppedReports`.
 * @example persisted.restored.then((lastRestore) => reportPersistence(queryClient, { ...persister.stats(), lastRestore }))
 */
export function reportPersistence(client: QueryClient, figures: Partial<PersistenceMetrics>): void {
  const metrics = draft(metricsEntry(client))
  const report = toPersistenceReport(figures)
  if (!report) {
    metrics.droppedReports++
    warnDropped('reportPersistence', figures)
    return
  }
  const last = metrics.persistence
  metrics.persistence = {
    records: report.records ?? last?.records ?? 0,
    bytes: report.bytes ?? last?.bytes ?? 0,
    lastRestore: report.lastRestore ?? last?.lastRestore,
  }
}
