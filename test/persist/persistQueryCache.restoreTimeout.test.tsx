// A restore always ends: whatever the storage does, `restored` resolves within `restoreTimeoutMs`
// and the session continues in memory.
import { render, screen, act } from '@testing-library/react'
import { useQuery } from '@tanstack/react-query'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createIndexedDBPersister, PersistedCacheProvider, persistQueryCache } from '../../src/persist'
import type { IndexedDBPersisterOptions, PersistStorage, RestoreReport } from '../../src/persist'
import { internalsOf } from '../../src/persist/internal/persisterInternals'
import { freshDbName, hashOf, newClient } from './helpers'

type Rows = Array<[string, unknown]>
const never = () => new Promise<Rows>(() => undefined)

/** A persister whose storage answers `getAll` with `getAll()`; every other storage call is recorded. */
function customPersister(getAll: () => Promise<Rows>, options: Partial<IndexedDBPersisterOptions> = {}) {
  const storage = {
    getAll,
    update: vi.fn(async () => undefined),
    clear: async () => undefined,
  } satisfies PersistStorage
  const persister = createIndexedDBPersister({
    namespace: 'u1',
    dbName: 'custom',
    throttleMs: 0,
    restoreTimeoutMs: 1_000,
    storage,
    ...options,
  })
  return Object.assign(persister, { update: storage.update })
}

/** Tracks whether a promise has settled, without awaiting it. */
function settledFlag(promise: Promise<unknown>) {
  const flag = { settled: false }
  void promise.then(() => (flag.settled = true))
  return flag
}

beforeEach(() => {
  // Only the restore timer is faked: fake-indexeddb schedules its work with setImmediate.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
})
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe('a restore that cannot read', () => {
  it('resolves after restoreTimeoutMs when the storage getAll() never answers, and not before', async () => {
    const { restored, stop } = persistQueryCache(newClient(), customPersister(never))
    const flag = settledFlag(restored)
    await vi.advanceTimersByTimeAsync(999)
    expect(flag.settled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(flag.settled).toBe(true)
    expect((await restored).error?.reason).toBe('unavailable')
    stop()
  })

  it('waits 5 s when the persister sets no restoreTimeoutMs', async () => {
    const { restored, stop } = persistQueryCache(newClient(), customPersister(never, { restoreTimeoutMs: undefined }))
    const flag = settledFlag(restored)
    await vi.advanceTimersByTimeAsync(4_999)
    expect(flag.settled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(flag.settled).toBe(true)
    stop()
  })

  it('resolves with the error when the storage getAll() rejects', async () => {
    const { restored, stop } = persistQueryCache(
      newClient(),
      customPersister(() => Promise.reject(new Error('disk gone'))),
    )
    const report = await restored
    expect(report).toMatchObject({ restored: 0, error: { reason: 'storage' } })
    expect(String(report.error?.cause)).toContain('disk gone')
    stop()
  })

  it('resolves with the error when the storage getAll() throws', async () => {
    const persister = customPersister(() => {
      throw new Error('no read today')
    })
    const { restored, stop } = persistQueryCache(newClient(), persister)
    expect((await restored).error?.reason).toBe('storage')
    stop()
  })

  it('resolves with the error when the storage getAll() answers nonsense', async () => {
    const persister = customPersister(() => Promise.resolve('nonsense' as unknown as Rows))
    const { restored, stop } = persistQueryCache(newClient(), persister)
    expect((await restored).error?.reason).toBe('storage')
    stop()
  })

  it('turns the persister memory-only and reports the error', async () => {
    const onError = vi.fn()
    const persister = customPersister(() => Promise.reject(new Error('x')), { onError })
    await persistQueryCache(newClient(), persister).restored
    expect(persister.stats().mode).toBe('memory')
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ reason: 'storage' }))
  })

  it('writes nothing afterwards: the session keeps to memory', async () => {
    const persister = customPersister(never)
    const client = newClient()
    const { restored, flush, stop } = persistQueryCache(client, persister)
    await vi.advanceTimersByTimeAsync(1_000)
    await restored
    client.setQueryData(['after'], 1)
    await flush()
    expect(persister.update).not.toHaveBeenCalled()
    stop()
  })

  it('hydrates nothing from a read that answers after the timeout', async () => {
    let answer!: (rows: Rows) => void
    const persister = customPersister(() => new Promise((resolve) => (answer = resolve)))
    const client = newClient()
    const { restored, stop } = persistQueryCache(client, persister)
    await vi.advanceTimersByTimeAsync(1_000)
    await restored
    const key = ['late']
    answer([
      [hashOf(key), JSON.stringify({ v: 1, buster: '', key, hash: hashOf(key), updatedAt: Date.now(), data: 'late' })],
    ])
    await vi.advanceTimersByTimeAsync(0)
    expect(client.getQueryData(key)).toBeUndefined()
    stop()
  })
})

describe('an IndexedDB that never opens', () => {
  it('resolves the restore after restoreTimeoutMs in memory mode, and reports it', async () => {
    vi.spyOn(indexedDB, 'open').mockReturnValue({} as IDBOpenDBRequest)
    const onError = vi.fn()
    const persister = createIndexedDBPersister({
      namespace: 'u1',
      dbName: freshDbName(),
      restoreTimeoutMs: 2_000,
      onError,
    })
    const { restored, stop } = persistQueryCache(newClient(), persister)
    await vi.advanceTimersByTimeAsync(2_000)
    expect((await restored).error?.reason).toBe('unavailable')
    expect(persister.stats().mode).toBe('memory')
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ reason: 'unavailable' }))
    stop()
  })

  it('resolves the restore when the open is blocked by another tab that never lets go', async () => {
    const dbName = freshDbName()
    // Another tab holds version 1 without the persister's store and ignores versionchange: the upgrade
    // that would add the store stays blocked.
    const other = await new Promise<IDBDatabase>((resolve) => {
      const request = indexedDB.open(dbName, 1)
      request.onsuccess = () => resolve(request.result)
    })
    const persister = createIndexedDBPersister({
      namespace: 'u1',
      dbName,
      restoreTimeoutMs: 1_000,
      onError: () => undefined,
    })
    const { restored, stop } = persistQueryCache(newClient(), persister)
    await vi.advanceTimersByTimeAsync(1_000)
    expect((await restored).error?.reason).toBe('unavailable')
    expect(persister.stats().mode).toBe('memory')
    stop()
    other.close()
  })
})

describe('PersistedCacheProvider over a restore that never answers', () => {
  function Project() {
    const { data } = useQuery({ queryKey: ['projects', 'p1'], queryFn: () => Promise.resolve('Fetched') })
    return <p>{data ?? 'waiting'}</p>
  }

  it('lets queries run once restoreTimeoutMs has passed', async () => {
    const onRestored = vi.fn<(report: RestoreReport) => void>()
    render(
      <PersistedCacheProvider client={newClient()} persister={customPersister(never)} onRestored={onRestored}>
        <Project />
      </PersistedCacheProvider>,
    )
    expect(screen.getByText('waiting')).toBeTruthy()
    await act(() => vi.advanceTimersByTimeAsync(1_000))
    await act(() => vi.advanceTimersByTimeAsync(10))
    expect(screen.getByText('Fetched')).toBeTruthy()
    expect(onRestored).toHaveBeenCalledWith(
      expect.objectContaining({ restored: 0, error: expect.objectContaining({ reason: 'unavailable' }) }),
    )
  })
})

describe('an IndexedDB read that throws', () => {
  it('resolves the restore with the error in memory mode, and reports it once', async () => {
    const onError = vi.fn()
    const persister = createIndexedDBPersister({ namespace: 'u1', dbName: freshDbName(), onError })
    await internalsOf(persister).write([], [])
    vi.spyOn(IDBObjectStore.prototype, 'getAll').mockImplementation(() => {
      throw new DOMException('read failure', 'UnknownError')
    })
    vi.spyOn(IDBObjectStore.prototype, 'getAllRecords' as 'getAll').mockImplementation(() => {
      throw new DOMException('read failure', 'UnknownError')
    })
    const { restored, stop } = persistQueryCache(newClient(), persister)
    expect((await restored).error?.reason).toBe('storage')
    expect(persister.stats().mode).toBe('memory')
    expect(onError).toHaveBeenCalledTimes(1)
    stop()
  })
})
