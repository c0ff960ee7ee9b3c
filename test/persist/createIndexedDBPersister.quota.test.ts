// A QuotaExceededError caused by one record that can never fit costs only that record.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createIndexedDBPersister } from '../../src/persist'
import type { PersistError } from '../../src/persist'
import { freshDbName, readDisk } from './helpers'
import { internalsOf } from '../../src/persist/internal/persisterInternals'
import type { RecordWrite } from '../../src/persist/internal/persisterInternals'

const then = Date.now() - 60_000
const record = (hash: string, age: number, size = 100): RecordWrite => {
  const updatedAt = then + age
  return {
    hash,
    updatedAt,
    text: JSON.stringify({ v: 1, buster: '', key: [hash], hash, updatedAt, data: 'x'.repeat(size) }),
  }
}

/** A disk that refuses any single value longer than `limit`, however much is evicted. */
function refuseValuesOver(limit: number): void {
  const put = IDBObjectStore.prototype.put
  vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value, key) {
    if (typeof value === 'string' && value.length > limit)
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
    return put.call(this, value, key)
  })
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('a record that can never fit the quota', () => {
  async function setUp() {
    const dbName = freshDbName()
    const errors: Array<PersistError> = []
    const persister = createIndexedDBPersister({ namespace: 'u1', dbName, onError: (error) => errors.push(error) })
    await internalsOf(persister).write([record('old1', 1), record('old2', 2), record('old3', 3)], [])
    refuseValuesOver(10_000)
    await internalsOf(persister).write([record('new1', 10), record('huge', 11, 50_000), record('new2', 12)], [])
    return { dbName, errors, persister }
  }

  it('evicts nothing: every record stored before survives', async () => {
    const { dbName } = await setUp()
    const keys = [...(await readDisk(dbName)).keys()]
    expect(keys).toEqual(expect.arrayContaining(['u1/old1', 'u1/old2', 'u1/old3']))
  })

  it('writes the other records of its batch', async () => {
    const { dbName } = await setUp()
    expect([...(await readDisk(dbName)).keys()].sort()).toEqual(['u1/new1', 'u1/new2', 'u1/old1', 'u1/old2', 'u1/old3'])
  })

  it('is dropped and reported once, with reason quota', async () => {
    const { errors, persister } = await setUp()
    expect(errors.map((error) => error.reason)).toEqual(['quota'])
    expect(errors[0]?.message).toContain('huge')
    expect(persister.stats()).toMatchObject({ droppedRecords: 1, droppedBatches: 0, records: 5 })
  })

  it('still lets a later record that fits evict the oldest when the disk is full', async () => {
    const { dbName, persister } = await setUp()
    vi.restoreAllMocks()
    // Now the disk is full: the next put fails once, and succeeds after the oldest record is evicted.
    const put = IDBObjectStore.prototype.put
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementationOnce(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
    })
    vi.mocked(IDBObjectStore.prototype.put).mockImplementation(function (this: IDBObjectStore, value, key) {
      return put.call(this, value, key)
    })
    await internalsOf(persister).write([record('later', 20)], [])
    const keys = [...(await readDisk(dbName)).keys()]
    expect(keys).toContain('u1/later')
    expect(keys).not.toContain('u1/old1')
  })
})
