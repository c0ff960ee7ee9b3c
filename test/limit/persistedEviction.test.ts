// A persisted query evicted from memory stays on disk (level 2) and comes back from there on use: the
// eviction is a `queryCache.remove` marked by `wasEvicted`, which the persister does not take for a deletion.
import { afterEach, describe, expect, it } from 'vitest'
import { limitCache } from '../../src/index'
import { freshDbName, hashOf, persistInto, readDisk, stopAll } from '../persist/helpers'

const stops: Array<() => void> = []
afterEach(() => {
  for (const stop of stops.splice(0)) stop()
  stopAll()
})

const macrotask = () => new Promise((resolve) => setTimeout(resolve, 0))

async function evictOne() {
  const dbName = freshDbName()
  const { client, connection } = persistInto(dbName)
  await connection.restored
  client.setQueryData(['projects', 'p1'], { id: 'p1' })
  client.setQueryData(['projects', 'p2'], { id: 'p2' })
  await connection.flush()
  stops.push(limitCache(client, { maxQueries: 1 }))
  await macrotask()
  await macrotask()
  await connection.flush()
  return { client, disk: await readDisk(dbName) }
}

describe('limitCache with a persisted cache', () => {
  it('evicts the least recently used persisted query from memory', async () => {
    const { client } = await evictOne()
    expect(client.getQueryData(['projects', 'p1'])).toBeUndefined()
    expect(client.getQueryData(['projects', 'p2'])).toEqual({ id: 'p2' })
  })

  it('keeps the record of an evicted query on disk', async () => {
    const { disk } = await evictOne()
    expect([...disk.keys()].sort()).toEqual([`u1/${hashOf(['projects', 'p1'])}`, `u1/${hashOf(['projects', 'p2'])}`])
  })

  it('brings an evicted query back from disk on its next use, without calling its queryFn', async () => {
    const { client } = await evictOne()
    let calls = 0
    const data = await client.fetchQuery({
      queryKey: ['projects', 'p1'],
      queryFn: () => ++calls,
      staleTime: Number.POSITIVE_INFINITY,
    })
    expect(data).toEqual({ id: 'p1' })
    expect(calls).toBe(0)
  })

  it('fetches a query that was removed, not evicted, as usual: its record is gone', async () => {
    const dbName = freshDbName()
    const { client, connection } = persistInto(dbName)
    await connection.restored
    client.setQueryData(['projects', 'p1'], { id: 'p1' })
    await connection.flush()
    client.removeQueries({ queryKey: ['projects', 'p1'] })
    await connection.flush()
    expect((await readDisk(dbName)).size).toBe(0)
    let calls = 0
    await client.fetchQuery({ queryKey: ['projects', 'p1'], queryFn: () => ++calls })
    expect(calls).toBe(1)
  })
})
