import { afterEach, describe, expect, it, vi } from 'vitest'
import { isPersistError, persistQueryCache } from '../../src/persist'
import type { PersistError } from '../../src/persist'
import { freshDbName, newClient, readDisk, createTestPersister } from './helpers'
import { internalsOf } from '../../src/persist/internal/persisterInternals'
import type { RecordWrite } from '../../src/persist/internal/persisterInternals'

// Dates in the past: a stored date later than now is not trusted (see 'future dates').
const now = Date.now() - 60_000
const record = (hash: string, age: number, data: unknown = 'x'.repeat(100)): RecordWrite =>
  recordAt(hash, now + age, data)
const recordAt = (hash: string, updatedAt: number, data: unknown): RecordWrite => ({
  hash,
  updatedAt,
  text: JSON.stringify({ v: 1, buster: '', key: [hash], hash, updatedAt, data }),
})

const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError')

afterEach(() => {
  vi.restoreAllMocks()
})

describe('createIndexedDBPersister', () => {
  it('stores a batch and reads it back', async () => {
    const dbName = freshDbName()
    const persister = createTestPersister({ namespace: 'u1', dbName })
    await internalsOf(persister).write([record('a', 1), record('b', 2)], [])
    const reread = await createTestPersister({ namespace: 'u1', dbName }).read()
    expect(reread.records.map((r) => r.hash)).toEqual(['a', 'b'])
    expect(persister.stats()).toMatchObject({ mode: 'indexeddb', records: 2, droppedBatches: 0 })
  })

  it('keeps a newer stored copy when a large batch carries an older one', async () => {
    const dbName = freshDbName()
    await createTestPersister({ namespace: 'u1', dbName }).write([record('shared', 50, 'newer')], [])
    const otherTab = createTestPersister({ namespace: 'u1', dbName })
    const batch = Array.from({ length: 100 }, (_, i) => record(`q${i}`, 10))
    await otherTab.write([...batch, record('shared', 10, 'older')], [])
    const disk = await readDisk(dbName)
    expect(disk.size).toBe(101)
    expect(disk.get('u1/shared')?.data).toBe('newer')
  })

  it('reads only its own namespace, even when names share a prefix', async () => {
    const dbName = freshDbName()
    const names = ['a', 'a:b', 'a:', '1:a', 'a;', '', 'ä\u0000']
    for (const name of names)
      await createTestPersister({ namespace: name, dbName }).write([record(`of ${name}`, 1)], [])
    for (const name of names) {
      const { records } = await createTestPersister({ namespace: name, dbName }).read()
      expect(records.map((r) => r.hash)).toEqual([`of ${name}`])
    }
  })

  it('clears its own namespace and leaves the others', async () => {
    const dbName = freshDbName()
    const alice = createTestPersister({ namespace: 'alice', dbName })
    const bob = createTestPersister({ namespace: 'bob', dbName })
    await alice.write([record('a', 1)], [])
    await bob.write([record('b', 1)], [])
    await alice.clear()
    expect([...(await readDisk(dbName)).keys()]).toEqual(['bob/b'])
  })

  it('evicts the least recently updated records when the namespace would exceed maxBytes', async () => {
    const dbName = freshDbName()
    const size = record('r1', 1).text.length
    const persister = createTestPersister({ namespace: 'u1', dbName, maxBytes: size * 3 })
    await internalsOf(persister).write([record('r2', 20), record('r1', 10), record('r3', 30)], [])
    await internalsOf(persister).write([record('r4', 40)], [])
    expect([...(await readDisk(dbName)).keys()].sort()).toEqual(['u1/r2', 'u1/r3', 'u1/r4'])
    expect(persister.stats().bytes).toBeLessThanOrEqual(size * 3)
  })

  it('evicts the oldest records and retries once when the quota is exceeded', async () => {
    const dbName = freshDbName()
    const onError = vi.fn()
    const persister = createTestPersister({ namespace: 'u1', dbName, onError })
    await internalsOf(persister).write([record('old', 1), record('mid', 2)], [])
    const put = IDBObjectStore.prototype.put
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementationOnce(() => {
      throw quotaError()
    })
    expect(IDBObjectStore.prototype.put).not.toBe(put)
    await internalsOf(persister).write([record('new', 3)], [])
    expect([...(await readDisk(dbName)).keys()].sort()).toEqual(['u1/mid', 'u1/new'])
    expect(onError).not.toHaveBeenCalled()
  })

  it('drops the batch, keeps every stored record and reports it when the quota is still exceeded', async () => {
    const dbName = freshDbName()
    const errors: Array<PersistError> = []
    const persister = createTestPersister({ namespace: 'u1', dbName, onError: (e) => errors.push(e) })
    await internalsOf(persister).write([record('a', 1), record('b', 2), record('c', 3)], [])
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw quotaError()
    })
    await expect(internalsOf(persister).write([record('d', 4)], [])).resolves.toBeUndefined()
    vi.mocked(IDBObjectStore.prototype.put).mockRestore()
    expect(errors.map((e) => e.reason)).toEqual(['quota'])
    expect(isPersistError(errors[0])).toBe(true)
    expect(persister.stats()).toMatchObject({ droppedBatches: 1, droppedRecords: 1, lastError: errors[0] })
    // The eviction that tried to make room was undone with the failed write: nothing stored is lost.
    expect([...(await readDisk(dbName)).keys()].sort()).toEqual(['u1/a', 'u1/b', 'u1/c'])
  })

  it('leaves the earlier stored records intact when a write fails mid-batch', async () => {
    const dbName = freshDbName()
    const persister = createTestPersister({ namespace: 'u1', dbName, onError: () => undefined })
    await internalsOf(persister).write([record('a', 1, 'first'), record('b', 1, 'first')], [])
    const put = IDBObjectStore.prototype.put
    let calls = 0
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      if (++calls === 2) throw new DOMException('disk failure', 'UnknownError')
      return put.apply(this, args)
    })
    await internalsOf(persister).write(
      [record('a', 2, 'second'), record('b', 2, 'second'), record('c', 2, 'second')],
      [],
    )
    const disk = await readDisk(dbName)
    expect([...disk.keys()].sort()).toEqual(['u1/a', 'u1/b'])
    expect([...disk.values()].map((r) => r.data)).toEqual(['first', 'first'])
    expect(persister.stats()).toMatchObject({ droppedBatches: 1, records: 2 })
  })
})

describe('without IndexedDB', () => {
  const original = Object.getOwnPropertyDescriptor(globalThis, 'indexedDB')
  afterEach(() => {
    if (original) Object.defineProperty(globalThis, 'indexedDB', original)
  })

  async function runApp(dbName = freshDbName()) {
    const onError = vi.fn()
    const persister = createTestPersister({ namespace: 'u1', dbName, onError })
    const client = newClient()
    const connection = persistQueryCache(client, persister)
    const report = await connection.restored
    client.setQueryData(['a'], 1)
    await connection.flush()
    client.setQueryData(['a'], 2)
    await connection.flush()
    connection.stop()
    return { persister, client, report, onError }
  }

  it('works in memory only and says so once when indexedDB is absent', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    delete (globalThis as { indexedDB?: unknown }).indexedDB
    const { persister, client, report, onError } = await runApp()
    expect(report).toMatchObject({ restored: 0, expired: 0, busted: 0, corrupt: 0 })
    expect(client.getQueryData(['a'])).toBe(2)
    expect(warn).toHaveBeenCalledTimes(1)
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/^\[react-query-toolkit\] IndexedDB unavailable/)
    expect(persister.stats().mode).toBe('memory')
    expect(onError.mock.calls.map(([e]) => (e as PersistError).reason)).toEqual(['unavailable'])
  })

  it('works in memory only when opening the database throws', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    Object.defineProperty(globalThis, 'indexedDB', {
      configurable: true,
      value: {
        open: () => {
          throw new DOMException('denied', 'SecurityError')
        },
      },
    })
    const { persister, client } = await runApp()
    expect(client.getQueryData(['a'])).toBe(2)
    expect(warn).toHaveBeenCalledTimes(1)
    expect(persister.stats().mode).toBe('memory')
  })

  it('works in memory only when the open request fails', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const failingRequest = () => {
      const request: { error?: DOMException; onerror?: () => void } = {}
      setTimeout(() => {
        request.error = new DOMException('broken', 'UnknownError')
        request.onerror?.()
      })
      return request
    }
    Object.defineProperty(globalThis, 'indexedDB', { configurable: true, value: { open: failingRequest } })
    const { persister, client } = await runApp()
    expect(client.getQueryData(['a'])).toBe(2)
    expect(warn).toHaveBeenCalledTimes(1)
    expect(persister.stats().mode).toBe('memory')
  })
})
