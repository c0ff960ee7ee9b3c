// Connects a QueryClient to a persister: restores the namespace once, then writes each changed query
// (and only those) in one batch per throttle window, deletes removed ones, and obeys other tabs' logout.
import { hashKey } from '@tanstack/react-query'
import type { Query, QueryCacheNotifyEvent, QueryClient, QueryKey, QueryState } from '@tanstack/react-query'
import { isPersistedKey } from '../internal/keyTiers'
import { tagsOption } from '../internal/queryTags'
import { PersistError } from './PersistError'
import type { PersistedRecord, QueryPersister } from './QueryPersister'
import { internalsOf } from './internal/persisterInternals'
import type { RecordDelete, RecordWrite } from './internal/persisterInternals'
import { readBounded } from './internal/readBounded'
import { encodeRecord, isRecord } from './internal/record'
import { openClearChannel, sessionsOf } from './internal/sessions'
import type { PersistSession } from './internal/sessions'

/** What a restore did. */
export interface RestoreReport {
  /** Records hydrated into the cache (newer than what memory held). */
  restored: number
  /** Records older than `maxAge`: dropped and deleted. */
  expired: number
  /** Records of another `buster`: dropped and deleted. */
  busted: number
  /** Records that failed validation, or whose key does not hash to their record key: dropped and deleted. */
  corrupt: number
  /** Records of a key whose tier is not persisted (`sensitive`, `persist: false`): dropped and deleted. */
  refused: number
  /** Set when the restore failed or did not finish within `restoreTimeoutMs`: nothing was restored, memory only. */
  error?: PersistError
  /** Wall time from the start of the restore until the cache held every restored record. */
  ms: number
}

export interface PersistedQueryCache {
  /** Resolves once the namespace is restored into the cache, or the restore gave up; never rejects. */
  restored: Promise<RestoreReport>
  /** Writes pending changes now instead of at the end of the throttle window (call it on `pagehide` to lose nothing). */
  flush: () => Promise<void>
  /** Stops persisting (pending, unwritten changes are dropped) and closes the tab channel. */
  stop: () => void
}

/**
 * Its tier may be persisted: neither its `meta` nor the tier its definition registered for its key is
 * `sensitive` or `persist: false` (the most private wins), so data that reached the key before any
 * options did (`setQueryData`, an optimistic write, a plain fetch, `hydrate`) is judged by its definition.
 */
function isPersistedTier(query: Query): boolean {
  return isPersistedKey(query.queryKey, query.meta)
}

function isPersistable(query: Query): boolean {
  return isPersistedTier(query) && query.state.status === 'success' && query.state.data !== undefined
}

function hasOwnDefaults(defaults: object): boolean {
  for (const _ in defaults) return true
  return false
}

type Verdict = 'restore' | 'corrupt' | 'refused'

const isPrimitive = (part: unknown): boolean => part === null || typeof part !== 'object'

// TanStack's `hashKey`, faster for the common key of plain parts: its replacer only sorts objects, so
// without objects it is `JSON.stringify` itself.
const defaultHash = (key: QueryKey): string => (key.every(isPrimitive) ? JSON.stringify(key) : hashKey(key))

/** Records come from outside: the shape, the key's tier and the key's own hash are checked again here. */
function verdictOf(record: PersistedRecord, hashOf: (key: QueryKey) => string): Verdict {
  if (!isRecord(record)) return 'corrupt'
  if (!isPersistedKey(record.key, record.meta)) return 'refused'
  return hashOf(record.key) === record.hash ? 'restore' : 'corrupt'
}

/**
 * Restores the persister's namespace into `client`, then keeps it on disk: each successful change of a
 * persisted query (fetch, `setQueryData`, optimistic update, rollback, invalidation) is written in the
 * next batch, a removed query is deleted. Writes wait for the restore.
 * @example
 * const { restored, stop } = persistQueryCache(queryClient, createIndexedDBPersister({ namespace: user.id }))
 * const report = await restored // { restored, expired, busted, corrupt, ms }
 */
export function persistQueryCache(client: QueryClient, persister: QueryPersister): PersistedQueryCache {
  const cache = client.getQueryCache()
  const core = internalsOf(persister)
  const dirty = new Set<string>()
  const removed = new Map<string, number>()
  const warned = new Set<string>()
  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false
  // The restore failed or timed out: this session keeps to memory.
  let degraded = false
  let wiped = 0

  const schedule = (): void => {
    if (!stopped) timer ??= setTimeout(() => void flush(), core.throttleMs)
  }
  const cancel = (): void => {
    clearTimeout(timer)
    timer = undefined
  }

  const onEvent = (event: QueryCacheNotifyEvent): void => {
    const { query } = event
    const hash = query.queryHash
    if (event.type === 'updated' && (event.action.type === 'success' || event.action.type === 'invalidate')) {
      dirty.add(hash)
      removed.delete(hash)
      schedule()
    } else if (event.type === 'removed' && isPersistedTier(query)) {
      // Guarded by time in the transaction: another tab's newer copy survives this removal.
      dirty.delete(hash)
      removed.set(hash, query.state.dataUpdatedAt)
      schedule()
    }
  }

  const restore = async (): Promise<RestoreReport> => {
    const start = performance.now()
    const wipes = wiped
    const report: RestoreReport = { restored: 0, expired: 0, busted: 0, corrupt: 0, refused: 0, ms: 0 }
    const read = await readBounded(core)
    if (read.error) {
      degraded = true
      return { ...report, error: read.error, ms: performance.now() - start }
    }
    const { records, expired, busted, corrupt } = read.result
    Object.assign(report, { expired, busted, corrupt })
    // A logout during the read: what was read belongs to the session that just ended. A stopped session
    // (StrictMode's first mount) hydrates nothing: the session that replaces it restores and reports.
    if (wipes !== wiped || stopped) records.length = 0
    // Options as `defaultQueryOptions` returns them, computed once: `build` then skips re-defaulting
    // (the dominant cost of a restore). Keys with their own `setQueryDefaults` take the full path.
    const defaulted = client.defaultQueryOptions({ queryKey: [], queryHash: '[]', gcTime: persister.maxAge })
    const clientHash = client.getDefaultOptions().queries?.queryKeyHashFn ?? defaultHash
    const now = Date.now()
    for (const record of records) {
      try {
        const own = client.getQueryDefaults(record.key)
        const verdict = verdictOf(record, own.queryKeyHashFn ?? clientHash)
        if (verdict !== 'restore') {
          report[verdict]++
          // Its copy on disk goes too, whatever its date.
          if (typeof record?.hash === 'string') removed.set(record.hash, Infinity)
          continue
        }
        if (hydrate(record, now, hasOwnDefaults(own) ? undefined : defaulted)) report.restored++
      } catch {
        report.corrupt++
      }
    }
    // Whatever memory holds that is newer than disk (fetched before or during the restore) goes out next.
    for (const query of cache.getAll()) {
      if (isPersistable(query) && (core.stored(query.queryHash) ?? -1) < query.state.dataUpdatedAt) {
        dirty.add(query.queryHash)
      }
    }
    if (dirty.size + removed.size > 0) schedule()
    return { ...report, ms: performance.now() - start }
  }

  // Puts one record into the cache unless memory holds newer data; true when it did.
  const hydrate = (record: PersistedRecord, now: number, defaulted: object | undefined): boolean => {
    // A date from the future is not trusted: the data counts as of now, and stale.
    const future = record.updatedAt > now
    const state: QueryState = {
      data: record.data,
      dataUpdateCount: 1,
      dataUpdatedAt: future ? now : record.updatedAt,
      error: null,
      errorUpdateCount: 0,
      errorUpdatedAt: 0,
      fetchFailureCount: 0,
      fetchFailureReason: null,
      fetchMeta: null,
      isInvalidated: future || record.invalidated === true,
      status: 'success',
      fetchStatus: 'idle',
    }
    // Neither `build` ('added') nor `setState` ('setState') marks a query dirty: restored records are not rewritten.
    const existing = cache.get(record.hash)
    if (existing) {
      if (existing.state.dataUpdatedAt >= state.dataUpdatedAt) return false
      existing.setState({ ...state, fetchStatus: existing.state.fetchStatus })
      return true
    }
    const options = {
      queryKey: record.key,
      queryHash: record.hash,
      gcTime: persister.maxAge,
      ...(record.meta && { meta: record.meta }),
      // Until its definition mounts with it, a restored query provides the tags it was written with.
      ...(record.tags && { [tagsOption]: () => record.tags }),
    }
    cache.build(client, defaulted ? { ...defaulted, ...options } : options, state)
    return true
  }

  const restored = restore()

  const flush = async (): Promise<void> => {
    cancel()
    await restored
    if (stopped || degraded) return
    const puts: Array<RecordWrite> = []
    const deletes: Array<RecordDelete> = [...removed].map(([hash, updatedAt]) => ({ hash, updatedAt }))
    removed.clear()
    for (const hash of dirty) {
      const query = cache.get(hash)
      if (!query) continue
      const { dataUpdatedAt } = query.state
      if (!isPersistable(query)) {
        // It left a persisted tier (or failed before any success): its old copy must not outlive it.
        if (core.stored(hash) !== undefined) deletes.push({ hash, updatedAt: dataUpdatedAt })
        continue
      }
      try {
        puts.push({ hash, updatedAt: dataUpdatedAt, text: encodeRecord(query, persister.buster) })
      } catch (cause) {
        if (warned.has(hash)) continue
        warned.add(hash)
        const what = process.env.NODE_ENV !== 'production' ? `query ${hash} not persisted` : hash
        const error = new PersistError('serialize', `${what} (${String(cause)})`, { cause })
        if (process.env.NODE_ENV !== 'production') console.warn(error.message)
        core.report(error)
      }
    }
    dirty.clear()
    await core.write(puts, deletes)
  }

  const channel = openClearChannel()

  const session: PersistSession = {
    client,
    channel,
    wipe: () => {
      wiped++
      // Emptying memory fires 'removed' for every query; those must not turn into deletes.
      cache.clear()
      cancel()
      dirty.clear()
      removed.clear()
    },
  }
  const sessions = sessionsOf(persister)
  sessions.add(session)

  const unsubscribeChannel = channel?.subscribe((message) => {
    if (message.dbName !== core.scope || message.namespace !== persister.namespace) return
    session.wipe()
    // Clearing again after our own last write: a batch of ours that raced the other tab's clear is gone too.
    void core.clear()
  })
  const unsubscribeCache = cache.subscribe(onEvent)

  return {
    restored,
    flush,
    stop: () => {
      stopped = true
      cancel()
      unsubscribeCache()
      unsubscribeChannel?.()
      channel?.close()
      sessions.delete(session)
    },
  }
}
