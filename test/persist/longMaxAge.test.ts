// A `maxAge` (or a tier's `gcTime`) beyond the longest delay a timer takes (2^31 - 1 ms, ~24.8 days):
// browsers and Node fire such a timer at once, which would collect a restored query as soon as it is
// unused, and with it delete its record from disk. (The app's own `gcTime` is Infinity here: only what the
// persister gives restored queries is under test.)
import { QueryClient, QueryObserver } from '@tanstack/react-query'
import { afterEach, describe, expect, it } from 'vitest'
import { hours } from '../../src'
import { createIndexedDBPersister, persistQueryCache } from '../../src/persist'
import type { PersistedQueryCache } from '../../src/persist'
import { freshDbName } from './helpers'

const MAX_AGE = hours(24 * 30)
const keys = [['a'], ['b'], ['c']]

const open: Array<PersistedQueryCache> = []
afterEach(() => {
  for (const connection of open.splice(0)) connection.stop()
})

async function connect(dbName: string) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity } } })
  const connection = persistQueryCache(client, createIndexedDBPersister({ namespace: 'u1', dbName, maxAge: MAX_AGE }))
  open.push(connection)
  await connection.restored
  return { client, connection }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('persistQueryCache with a maxAge beyond the longest timer', () => {
  it('keeps restored queries, and their records, unused or once their observer left', async () => {
    const dbName = freshDbName()
    const first = await connect(dbName)
    for (const key of keys) first.client.setQueryData(key, `saved ${key[0]}`)
    await first.connection.flush()
    first.connection.stop()

    const second = await connect(dbName)
    const unsubscribe = new QueryObserver(second.client, { queryKey: ['a'], staleTime: Infinity }).subscribe(() => {})
    unsubscribe()
    await pause(30)
    expect(keys.map((key) => second.client.getQueryData(key))).toEqual(['saved a', 'saved b', 'saved c'])
    await second.connection.flush()
    second.connection.stop()

    const third = await connect(dbName)
    expect(keys.map((key) => third.client.getQueryData(key))).toEqual(['saved a', 'saved b', 'saved c'])
  })
})
