// Stored records are data from outside: a record under a key that is not its own, a key that does not
// hash to its hash, a date from the future, and every wrong shape are dropped (or distrusted), never served.
import { hashKey, QueryObserver } from '@tanstack/react-query'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  freshDbName,
  hashOf,
  newClient,
  persistInto,
  readDisk,
  stopAll,
  writeRaw,
  createTestPersister,
} from './helpers'
import { internalsOf } from '../../src/persist/internal/persisterInternals'

const YEAR = 365 * 86_400_000

const recordOf = (key: ReadonlyArray<unknown>, fields: Record<string, unknown> = {}) =>
  JSON.stringify({ v: 1, buster: '', key, hash: hashOf(key), updatedAt: Date.now() - 1000, data: 'ok', ...fields })

afterEach(() => {
  stopAll()
  vi.restoreAllMocks()
})

describe('a record under a key that is not its own', () => {
  it('is dropped, deleted and counted as corrupt when it sits under another record key', async () => {
    const dbName = freshDbName()
    // The record of ["a"] stored where ["b"] belongs: reading it would shadow b's real record.
    await writeRaw(dbName, [
      ['u1', hashOf(['b']), recordOf(['a'], { data: 'forged' })],
      ['u1', hashOf(['c']), recordOf(['c'])],
    ])
    const result = await createTestPersister({ namespace: 'u1', dbName }).read()
    expect(result.records.map((record) => record.hash)).toEqual([hashOf(['c'])])
    expect(result.corrupt).toBe(1)
    expect([...(await readDisk(dbName)).keys()]).toEqual([`u1/${hashOf(['c'])}`])
  })

  it('is dropped, deleted and counted as corrupt when its key does not hash to its hash', async () => {
    const dbName = freshDbName()
    // Claims the hash of ["account"] while its key is ["public"]: served, it would answer getQueryData(["account"]).
    await writeRaw(dbName, [
      ['u1', hashOf(['account']), recordOf(['public'], { hash: hashOf(['account']), data: 'forged' })],
    ])
    const { client, connection } = persistInto(dbName)
    expect(await connection.restored).toMatchObject({ restored: 0, corrupt: 1 })
    expect(client.getQueryData(['account'])).toBeUndefined()
    expect(client.getQueryCache().getAll()).toEqual([])
    await connection.flush()
    expect((await readDisk(dbName)).size).toBe(0)
  })

  it('is not trusted by a large write either: the real record is written', async () => {
    const dbName = freshDbName()
    const persister = createTestPersister({ namespace: 'u1', dbName })
    // Under b's key, a record claiming hash a, dated later than the write of a.
    await writeRaw(dbName, [
      [
        'u1',
        'b',
        JSON.stringify({ v: 1, buster: '', key: ['a'], hash: 'a', updatedAt: Date.now() - 1, data: 'forged' }),
      ],
    ])
    const write = (hash: string) => ({ hash, updatedAt: Date.now() - 500, text: recordOf([hash], { hash }) })
    // 64 records and more are compared through one read of the namespace, where the forged record shows.
    await internalsOf(persister).write([write('a'), ...Array.from({ length: 70 }, (_, i) => write(`filler${i}`))], [])
    expect((await readDisk(dbName)).get('u1/a')?.data).toBe('ok')
  })
})

describe('keys as TanStack hashes them', () => {
  it('restores a key whose object part is written in another property order', async () => {
    const dbName = freshDbName()
    const { client, connection } = persistInto(dbName)
    await connection.restored
    client.setQueryData(['filters', { b: 1, a: 2 }], 'ok')
    await connection.flush()
    const { client: fresh, connection: reader } = persistInto(dbName)
    expect(await reader.restored).toMatchObject({ restored: 1, corrupt: 0 })
    expect(fresh.getQueryData(['filters', { a: 2, b: 1 }])).toBe('ok')
  })

  it('restores the records of a client with its own queryKeyHashFn under the hashes TanStack gives them', async () => {
    const dbName = freshDbName()
    const queryKeyHashFn = (key: ReadonlyArray<unknown>) => `custom:${hashKey(key)}`
    const withHash = () => {
      const client = newClient()
      client.setDefaultOptions({ queries: { ...client.getDefaultOptions().queries, queryKeyHashFn } })
      return client
    }
    const { client, connection } = persistInto(dbName, withHash())
    await connection.restored
    client.setQueryData(['custom', 1], 'ok')
    await connection.flush()
    const { client: fresh, connection: reader } = persistInto(dbName, withHash())
    expect(await reader.restored).toMatchObject({ restored: 1, corrupt: 0 })
    expect(fresh.getQueryCache().find({ queryKey: ['custom', 1] })?.queryHash).toBe(`custom:${hashKey(['custom', 1])}`)
    expect(fresh.getQueryData(['custom', 1])).toBe('ok')
  })
})

describe('a record dated in the future', () => {
  it('is restored as stale data of now, not as fresh data', async () => {
    const dbName = freshDbName()
    await writeRaw(dbName, [['u1', hashOf(['future']), recordOf(['future'], { updatedAt: Date.now() + YEAR })]])
    const { client, connection } = persistInto(dbName)
    await connection.restored
    const state = client.getQueryState(['future'])
    expect(state?.data).toBe('ok')
    expect(state?.dataUpdatedAt).toBeLessThanOrEqual(Date.now())
    expect(state?.isInvalidated).toBe(true)
  })

  it('is refetched by the first observer even with an infinite staleTime', async () => {
    const dbName = freshDbName()
    await writeRaw(dbName, [['u1', hashOf(['future']), recordOf(['future'], { updatedAt: Date.now() + YEAR })]])
    const { client, connection } = persistInto(dbName)
    await connection.restored
    const queryFn = vi.fn(() => 'fetched')
    const observer = new QueryObserver(client, { queryKey: ['future'], queryFn, staleTime: Number.POSITIVE_INFINITY })
    const unsubscribe = observer.subscribe(() => undefined)
    unsubscribe()
    expect(queryFn).toHaveBeenCalledTimes(1)
  })

  it('is rewritten with a date of now after the restore, so maxAge reaches it', async () => {
    const dbName = freshDbName()
    await writeRaw(dbName, [['u1', hashOf(['future']), recordOf(['future'], { updatedAt: Date.now() + YEAR })]])
    const { connection } = persistInto(dbName)
    await connection.restored
    await connection.flush()
    expect((await readDisk(dbName)).get(`u1/${hashOf(['future'])}`)?.updatedAt).toBeLessThanOrEqual(Date.now())
  })

  it('does not block a newer write', async () => {
    const dbName = freshDbName()
    await writeRaw(dbName, [
      [
        'u1',
        'f',
        JSON.stringify({ v: 1, buster: '', key: ['f'], hash: 'f', updatedAt: Date.now() + YEAR, data: 'stuck' }),
      ],
    ])
    const persister = createTestPersister({ namespace: 'u1', dbName })
    const updatedAt = Date.now()
    await internalsOf(persister).write(
      [
        {
          hash: 'f',
          updatedAt,
          text: JSON.stringify({ v: 1, buster: '', key: ['f'], hash: 'f', updatedAt, data: 'new' }),
        },
      ],
      [],
    )
    expect((await readDisk(dbName)).get('u1/f')?.data).toBe('new')
  })
})
