// A storage is code from outside: whatever its getAll and update do (throw, reject, never answer, answer
// junk), the policy drops and counts it, `restored` ends, the app never sees a throw, and nothing else
// stored is lost.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMemoryStorage } from '../../src/persist'
import type { PersistStorage } from '../../src/persist'
import { hashOf } from './helpers'
import { hostile, record, session, stopSessions, storedKeys } from './hostileStorage'

afterEach(() => {
  stopSessions()
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe('a storage whose getAll misbehaves', () => {
  it.each([
    [
      'throws',
      () => {
        throw new Error('sync')
      },
    ],
    ['rejects', () => Promise.reject(new Error('async'))],
    ['answers something that is not an array', async () => ({ rows: [] })],
    ['answers undefined', async () => undefined],
  ])('ends the restore with a storage error in memory mode when it %s', async (_what, getAll) => {
    const { storage } = await hostile({ getAll })
    const { connection, persister, onError } = session(storage)
    expect((await connection.restored).error?.reason).toBe('storage')
    expect(persister.stats().mode).toBe('memory')
    expect(onError).toHaveBeenCalledTimes(1)
  })

  it('ends the restore after restoreTimeoutMs when it never answers', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const { storage } = await hostile({ getAll: () => new Promise(() => undefined) })
    const { connection } = session(storage)
    await vi.advanceTimersByTimeAsync(1_000)
    expect((await connection.restored).error?.reason).toBe('unavailable')
  })

  it('counts rows of the wrong shape as corrupt and restores the valid rows beside them', async () => {
    const rows: Array<unknown> = [
      null,
      42,
      'text',
      [],
      [hashOf(['n'])],
      [7, record(['n'])],
      [hashOf(['n']), 7],
      [hashOf(['n']), { data: 1 }],
      [hashOf(['good']), record(['good'])],
    ]
    const { storage } = await hostile({ getAll: async () => rows })
    const { client, connection } = session(storage)
    expect(await connection.restored).toMatchObject({ restored: 1, corrupt: 8 })
    expect(client.getQueryData(['good'])).toBe('stored')
  })

  it('restores the newer copy when it answers the same key twice', async () => {
    const key = ['twice']
    const rows: Array<[string, unknown]> = [
      [hashOf(key), record(key, { data: 'newer', updatedAt: Date.now() - 10 })],
      [hashOf(key), record(key, { data: 'older', updatedAt: Date.now() - 5_000 })],
    ]
    const { storage } = await hostile({ getAll: async () => rows })
    const { client, connection, persister } = session(storage)
    await connection.restored
    expect(client.getQueryData(key)).toBe('newer')
    expect(persister.stats().records).toBe(1)
  })

  it('survives a huge answer of junk and deletes only the junk it can name', async () => {
    const junk = Array.from({ length: 100_000 }, (_, i): [string, unknown] => [`junk${i}`, i])
    const { inner } = await hostile({})
    await inner.update('u1', [], () => ({ put: junk.slice(0, 10).map(([k]) => [k, 'x']), delete: [] }))
    const storage: PersistStorage = { ...inner, getAll: async () => [...junk, ...(await inner.getAll('u1'))] }
    const { connection } = session(storage)
    expect(await connection.restored).toMatchObject({ restored: 1, corrupt: 100_010 })
    expect(await storedKeys(inner)).toEqual([hashOf(['good'])])
  })
})

describe('a storage whose update misbehaves', () => {
  it.each([
    [
      'throws',
      () => {
        throw new Error('sync')
      },
    ],
    ['rejects', () => Promise.reject(new Error('async'))],
    ['never calls change and answers junk', async () => 'done'],
  ])('drops and counts the batch when it %s, and keeps the records stored before', async (what, update) => {
    const { inner, storage } = await hostile({ update })
    const { client, connection, persister } = session(storage)
    await connection.restored
    client.setQueryData(['new'], 1)
    await expect(connection.flush()).resolves.toBeUndefined()
    expect(persister.stats()).toMatchObject({ mode: 'indexeddb', records: 1 })
    if (what !== 'never calls change and answers junk') expect(persister.stats().droppedBatches).toBe(1)
    expect(await storedKeys(inner)).toEqual([hashOf(['good'])])
  })

  it('gives up on a batch it never answers for after restoreTimeoutMs, and writes the next one', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const inner = createMemoryStorage()
    let hang = true
    const storage: PersistStorage = {
      ...inner,
      update: (...args) => (hang ? new Promise(() => undefined) : inner.update(...args)),
    }
    const { client, connection, persister } = session(storage)
    await connection.restored
    client.setQueryData(['stuck'], 1)
    const flushed = connection.flush()
    await vi.advanceTimersByTimeAsync(1_000)
    await expect(flushed).resolves.toBeUndefined()
    expect(persister.stats()).toMatchObject({ droppedBatches: 1, lastError: { reason: 'storage' } })
    hang = false
    client.setQueryData(['next'], 2)
    await connection.flush()
    expect(await storedKeys(inner)).toEqual([hashOf(['next'])])
  })

  it('keeps only the last answer of change when it calls change more than once (a retry)', async () => {
    const inner = createMemoryStorage()
    await inner.update('u1', [], () => ({ put: [[hashOf(['kept']), record(['kept'], { data: 'newer' })]], delete: [] }))
    const storage: PersistStorage = {
      ...inner,
      // A first attempt that saw nothing stored, then the real one, which sees the newer copy.
      update: (namespace, keys, change) => {
        change(new Map())
        return inner.update(namespace, keys, change)
      },
    }
    const { client, connection, persister } = session(storage)
    await connection.restored
    client.setQueryData(['kept'], 'older but much longer', { updatedAt: Date.now() - 60_000 })
    await connection.flush()
    const [[, value]] = (await inner.getAll('u1')) as [[string, string]]
    expect(JSON.parse(value).data).toBe('newer')
    expect(persister.stats()).toMatchObject({ records: 1, bytes: value.length })
  })

  it('hands change a map of junk values without losing the batch', async () => {
    const inner = createMemoryStorage()
    const storage: PersistStorage = {
      ...inner,
      update: (namespace, keys, change) =>
        inner.update(namespace, keys, () => change(new Map(keys.map((key) => [key, { not: 'a record' }])))),
    }
    const { client, connection } = session(storage)
    await connection.restored
    client.setQueryData(['kept'], 1)
    await connection.flush()
    expect(await storedKeys(inner)).toEqual([hashOf(['kept'])])
  })

  it('evicts the oldest records and retries when it rejects for quota, dropping only what never fits', async () => {
    const inner = createMemoryStorage()
    const quota = (error: string) => Object.assign(new Error(error), { name: 'QuotaExceededError' })
    const storage: PersistStorage = {
      ...inner,
      update: async (namespace, keys, change) => {
        let bytes = 0
        for (const [, value] of await inner.getAll(namespace)) bytes += String(value).length
        return inner.update(namespace, keys, (stored) => {
          const changes = change(stored)
          for (const key of changes.delete) bytes -= String(stored.get(key) ?? '').length
          for (const [key, value] of changes.put) bytes += value.length - String(stored.get(key) ?? '').length
          if (bytes > 1_000) throw quota('full')
          return changes
        })
      },
    }
    const { client, connection, persister } = session(storage)
    await connection.restored
    client.setQueryData(['old'], 'x'.repeat(300), { updatedAt: Date.now() - 5_000 })
    client.setQueryData(['older'], 'x'.repeat(300), { updatedAt: Date.now() - 9_000 })
    await connection.flush()
    client.setQueryData(['huge'], 'x'.repeat(5_000))
    client.setQueryData(['fits'], 'x'.repeat(300))
    await connection.flush()
    expect(await storedKeys(inner)).toEqual([hashOf(['fits']), hashOf(['old'])].sort())
    expect(persister.stats()).toMatchObject({ droppedRecords: 1, lastError: { reason: 'quota' } })
  })
})
