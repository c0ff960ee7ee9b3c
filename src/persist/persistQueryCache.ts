// Connects a QueryClient to a persister: restores the namespace once, then writes each changed query
// (and only those) in one batch per throttle window, deletes removed ones, and obeys other tabs' logout.
import type { Query, QueryCacheNotifyEvent, QueryClient, QueryState } from '@tanstack/react-query'
import { wasEvicted } from '../evictions'
import { subscribeInvalidations } from '../internal/invalidationEvents'
import { isPersistedKey } from '../internal/keyTiers'
import { tagsOption } from '../internal/queryTags'
import { timerDelay } from '../time'
import { PersistError } from './PersistError'
import type { PersistedRecord, QueryPersister } from './QueryPersister'
import { collectRestored } from './internal/collectRestored'
import { internalsOf } from './internal/persisterInternals'
import type { RecordDelete, RecordWrite } from './internal/persisterInternals'
import { readBounded } from './internal/readBounded'
import { compactLog, isInvalidatedBy, toEntry } from './internal/invalidationLog'
import type { LogEntry } from './internal/invalidationLog'
import { createReadThrough } from './internal/readThrough'
import type { PersisterOption } from './internal/readThrough'
import { encodeRecord } from './internal/record'
import { defaultHash, restoredState, verdictOf } from './internal/restoredState'
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
  // This session's invalidation passes, so records restored after them come back stale; with
  // `restore: 'lazy'` they also go to disk (`unsent`) for the records no session has read yet.
  let notes: Array<LogEntry> = []
  let unsent: Array<LogEntry> = []
  const lazy = core.restore === 'lazy'

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
    if (event.type === 'updated' && event.action.type === 'success' && readThrough.settled(query)) return
    if (event.type === 'updated' && (event.action.type === 'success' || event.action.type === 'invalidate')) {
      dirty.add(hash)
      removed.delete(hash)
      evicted.delete(hash)
      schedule()
    } else if (event.type === 'removed' && isPersistedTier(query) && wasEvicted(query)) {
      // Evicted from memory by `limitCache`: the record stays on disk (level 2) and is read on next use.
      evicted.add(hash)
      if (!lazy && defaults().queries?.persister !== readThrough.option) setPersister(readThrough.option)
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
    const { records, expired, busted, corrupt, log } = read.result
    Object.assign(report, { expired, busted, corrupt })
    // A logout during the read: what was read belongs to the session that just ended. A stopped session
    // (StrictMode's first mount) hydrates nothing: the session that replaces it restores and reports.
    if (wipes !== wiped || stopped) records.length = 0
    // Options as `defaultQueryOptions` returns them, computed once: `build` then skips re-defaulting
    // (the dominant cost of a restore). Keys with their own `setQueryDefaults` take the full path.
    // Built with no finite gcTime (no timer per query): `collectRestored` gives them `maxAge` and one timer.
    const defaulted = client.defaultQueryOptions({ queryKey: [], queryHash: '[]', gcTime: Infinity })
    const clientHash = client.getDefaultOptions().queries?.queryKeyHashFn ?? defaultHash
    const now = Date.now()
    // Invalidations that reached disk before this restore, and this tab's own made while it read.
    const noted = [...log, ...notes]
    const built: Array<Query> = []
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
        const state = restoredState(record, now, isInvalidatedBy(noted, record))
        if (hydrate(record, state, built, hasOwnDefaults(own) ? undefined : defaulted)) report.restored++
      } catch {
        report.corrupt++
      }
    }
    collectRestored(cache, built, timerDelay(persister.maxAge))
    // Whatever memory holds that is newer than disk (fetched before or during the restore) goes out next.
    // The date first: a query just restored is as old as its record, and its tier was checked above.
    for (const query of cache.getAll())
      if ((core.stored(query.queryHash) ?? -1) < query.state.dataUpdatedAt && isPersistable(query))
        dirty.add(query.queryHash)
    if (dirty.size + removed.size > 0) schedule()
    return { ...report, ms: performance.now() - start }
  }

  // Puts one record into the cache unless memory holds newer data; true when it did. A query it builds
  // goes to `built`, without a gc timer yet.
  const hydrate = (record: PersistedRecord, state: QueryState, built: Array<Query>, defaulted?: object): boolean => {
    // Neither `build` ('added') nor `setState` ('setState') marks a query dirty: restored records are not rewritten.
    const existing = cache.get(record.hash)
    if (existing) {
      if (existing.state.dataUpdatedAt >= state.dataUpdatedAt) return false
      existing.setState({ ...state, fetchStatus: existing.state.fetchStatus })
      return true
    }
    // One object per record, the defaults first (spreading `undefined` adds nothing).
    const options = {
      ...defaulted,
      queryKey: record.key,
      queryHash: record.hash,
      gcTime: Infinity,
      ...(record.meta && { meta: record.meta }),
      // Until its definition mounts with it, a restored query provides the tags it was written with.
      ...(record.tags && { [tagsOption]: () => record.tags }),
    }
    built.push(cache.build(client, options, state))
    return true
  }

  // With `restore: 'all'` only the queries `limitCache` evicted read through (installed on the first eviction).
  const evicted = new Set<string>()
  const readThrough = createReadThrough(core, {
    active: () => !stopped && !degraded,
    notes: () => notes,
    reject: (hash) => {
      removed.set(hash, Infinity)
      schedule()
    },
    wanted: (query) => lazy || evicted.has(query.queryHash),
  })
  // Installed at once under 'lazy': a query that fetches before the restore resolved reads through too.
  const defaults = () => client.getDefaultOptions()
  const setPersister = (persister: PersisterOption | undefined) =>
    client.setDefaultOptions({ ...defaults(), queries: { ...defaults().queries, persister } })
  const previousPersister = defaults().queries?.persister
  if (lazy) setPersister(readThrough.option)

  const unsubscribeInvalidations = subscribeInvalidations(client, ({ request }) => {
    const at = Date.now()
    const entries = request.map((target) => toEntry(at, target))
    notes = compactLog([...notes, ...entries], at - persister.maxAge)
    if (!lazy) return
    unsent.push(...entries)
    schedule()
  })

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
    const sent = unsent
    unsent = []
    await core.write(puts, deletes, sent)
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
      notes = []
      unsent = []
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
      unsubscribeInvalidations()
      if (defaults().queries?.persister === readThrough.option) setPersister(previousPersister)
      unsubscribeChannel?.()
      channel?.close()
      sessions.delete(session)
    },
  }
}
