// Prefetches a list of queries with bounded concurrency, e.g. after login or on a route's hover.
import type { FetchQueryOptions, QueryClient, QueryKey } from '@tanstack/react-query'
import { QueryKeyError, ToolkitError } from './errors'
import type { CoreErrorCode } from './errors'
import { describeValue } from './internal/describeValue'

export interface WarmCacheOptions {
  /**
   * How many fetches run at once.
   * @default 4
   */
  concurrency?: number
}

export interface WarmCacheReport {
  /** Queries now cached (fetched, or already fresh). */
  warmed: number
  failed: Array<{ queryKey: QueryKey; error: unknown }>
}

/**
 * Fetches every query that is not fresh; one failure never stops the rest.
 * @example const { warmed, failed } = await warmCache(queryClient, [projectQueries.list('o1'), userQueries.me()])
 */
export async function warmCache(
  client: QueryClient,
  optionsList: ReadonlyArray<{ queryKey: QueryKey }>,
  { concurrency = 4 }: WarmCacheOptions = {},
): Promise<WarmCacheReport> {
  // Options come from app code that may be untyped: refuse what would silently warm nothing.
  if (typeof concurrency !== 'number' || Number.isNaN(concurrency)) {
    throw new ToolkitError<CoreErrorCode>(
      'invalid-options',
      process.env.NODE_ENV !== 'production'
        ? `warmCache: concurrency must be a number, got ${describeValue(concurrency)}`
        : undefined,
    )
  }
  const hole = optionsList.findIndex(
    (options) => !Array.isArray((options as { queryKey?: unknown } | undefined)?.queryKey),
  )
  if (hole >= 0) {
    throw new QueryKeyError(
      'invalid-key',
      process.env.NODE_ENV !== 'production' ? `warmCache: entry ${hole} has no queryKey array` : undefined,
    )
  }
  const report: WarmCacheReport = { warmed: 0, failed: [] }
  let next = 0
  const worker = async () => {
    while (next < optionsList.length) {
      const options = optionsList[next++]!
      try {
        await client.fetchQuery(options as FetchQueryOptions)
        report.warmed++
      } catch (error) {
        report.failed.push({ queryKey: options.queryKey, error })
      }
    }
  }
  const workers = Math.max(1, Math.min(concurrency, optionsList.length))
  await Promise.all(Array.from({ length: workers }, worker))
  return report
}
