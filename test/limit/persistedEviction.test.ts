// A persisted query evicted from memory stays on disk (the level 2). The eviction is a
// `queryCache.remove`, which `persistQueryCache` treats today as a deletion: the first test pins the gap
// (`it.fails` until the persister skips removals marked by `wasEvicted`), the second what must not change.
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

  // Needs, in src/persist/persistQueryCache.ts `onEvent`: `event.type === 'removed' && isPersistedTier(query)
  // && !wasEvicted(query)` (import { wasEvicted } from '../evictions').
  it.fails('keeps the record of an evicted query on disk', async () => {
    const { disk } = await evictOne()
    expect([...disk.keys()].sort()).toEqual([`u1/${hashOf(['projects', 'p1'])}`, `u1/${hashOf(['projects', 'p2'])}`])
  })
})
