// The persister's IndexedDB connection: it never blocks another tab's upgrade or deleteDatabase, and it
// copes with databases it did not create.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { PersistError } from '../../src/persist'
import { freshDbName, readDisk, createTestPersister } from './helpers'
import { internalsOf } from '../../src/persist/internal/persisterInternals'
import type { RecordWrite } from '../../src/persist/internal/persisterInternals'

const record = (hash: string): RecordWrite => {
  const updatedAt = Date.now() - 1000
  return { hash, updatedAt, text: JSON.stringify({ v: 1, buster: '', key: [hash], hash, updatedAt, data: hash }) }
}

/** Settles with 'done' when the request succeeds, or 'blocked' as soon as it is blocked. */
function outcome(request: IDBOpenDBRequest): Promise<'done' | 'blocked'> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => {
      ;(request.result as IDBDatabase | undefined)?.close?.()
      resolve('done')
    }
    request.onblocked = () => resolve('blocked')
    request.onerror = () => reject(request.error)
  })
}

function openVersion(dbName: string, version: number, stores: Array<string>): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(dbName, version)
    request.onupgradeneeded = () => stores.forEach((name) => request.result.createObjectStore(name))
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('another tab changing the database', () => {
  it('is not blocked when it deletes the database under an idle persister', async () => {
    const dbName = freshDbName()
    const persister = createTestPersister({ namespace: 'u1', dbName })
    await internalsOf(persister).write([record('a')], [])
    expect(await outcome(indexedDB.deleteDatabase(dbName))).toBe('done')
  })

  it('is not blocked when it upgrades the database under an idle persister', async () => {
    const dbName = freshDbName()
    const persister = createTestPersister({ namespace: 'u1', dbName })
    await internalsOf(persister).write([record('a')], [])
    expect(await outcome(indexedDB.open(dbName, 10))).toBe('done')
  })

  it('leaves the persister working: it reopens on its next write', async () => {
    const dbName = freshDbName()
    const persister = createTestPersister({ namespace: 'u1', dbName })
    await internalsOf(persister).write([record('a')], [])
    await outcome(indexedDB.deleteDatabase(dbName))
    await internalsOf(persister).write([record('b')], [])
    expect([...(await readDisk(dbName)).keys()]).toEqual(['u1/b'])
    expect(persister.stats()).toMatchObject({ mode: 'indexeddb', droppedBatches: 0 })
  })
})

describe('a database the persister did not create', () => {
  it('gets the persister store added when it lacks it, and keeps its other stores', async () => {
    const dbName = freshDbName()
    ;(await openVersion(dbName, 3, ['theirs'])).close()
    const persister = createTestPersister({ namespace: 'u1', dbName })
    await internalsOf(persister).write([record('a')], [])
    expect((await createTestPersister({ namespace: 'u1', dbName }).read()).records.map((r) => r.hash)).toEqual(['a'])
    const database = await openVersion(dbName, 4, [])
    expect([...database.objectStoreNames].sort()).toEqual(['queries', 'theirs'])
    database.close()
  })

  it('is used at whatever higher version it is', async () => {
    const dbName = freshDbName()
    ;(await openVersion(dbName, 7, ['queries'])).close()
    const persister = createTestPersister({ namespace: 'u1', dbName })
    await internalsOf(persister).write([record('a')], [])
    expect(persister.stats().mode).toBe('indexeddb')
    expect([...(await readDisk(dbName)).keys()]).toEqual(['u1/a'])
  })
})

describe('a transaction that aborts mid-batch, as when the tab dies during a write', () => {
  it('leaves nothing of the batch and every record stored before', async () => {
    const dbName = freshDbName()
    const persister = createTestPersister({ namespace: 'u1', dbName, onError: () => undefined })
    await internalsOf(persister).write([record('before')], [])
    const put = IDBObjectStore.prototype.put
    let calls = 0
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value, key) {
      const request = put.call(this, value, key)
      // The tab goes away after its second put: the transaction never commits.
      if (++calls === 2) this.transaction.abort()
      return request
    })
    await internalsOf(persister).write([record('x'), record('y'), record('z')], [])
    vi.restoreAllMocks()
    expect([...(await readDisk(dbName)).keys()]).toEqual(['u1/before'])
    expect(persister.stats()).toMatchObject({ records: 1, droppedBatches: 1 })
  })
})

describe('a logout in a tab that gave up on the database', () => {
  it('still clears the namespace on disk', async () => {
    const dbName = freshDbName()
    const persister = createTestPersister({ namespace: 'u1', dbName, onError: () => undefined })
    await internalsOf(persister).write([record('a')], [])
    internalsOf(persister).degrade(new PersistError('unavailable', 'restore timed out'))
    await internalsOf(persister).clear()
    expect((await readDisk(dbName)).size).toBe(0)
    expect(persister.stats().mode).toBe('memory')
  })
})
