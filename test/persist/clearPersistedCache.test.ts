import { afterEach, describe, expect, it, vi } from 'vitest'
import { clearPersistedCache, createIndexedDBPersister, persistQueryCache } from '../../src/persist'
import type { PersistedQueryCache } from '../../src/persist'
import { openTabChannel } from '../../src/tabs/tabChannel'
import { freshDbName, hashOf, newClient, readDisk } from './helpers'
import { internalsOf } from '../../src/persist/internal/persisterInternals'

const open: Array<PersistedQueryCache> = []
afterEach(() => {
  for (const connection of open.splice(0)) connection.stop()
})

async function tab(dbName: string, namespace: string) {
  const persister = createIndexedDBPersister({ namespace, dbName })
  const client = newClient()
  const connection = persistQueryCache(client, persister)
  open.push(connection)
  await connection.restored
  return { persister, client, connection }
}

describe('clearPersistedCache', () => {
  it('wipes the namespace on disk and every query in memory', async () => {
    const dbName = freshDbName()
    const { persister, client, connection } = await tab(dbName, 'alice')
    client.setQueryData(['a'], 1)
    client.setQueryData(['b'], 2)
    await connection.flush()
    await clearPersistedCache(client, persister)
    expect(client.getQueryCache().getAll()).toEqual([])
    expect((await readDisk(dbName)).size).toBe(0)
  })

  it('leaves the records of other namespaces on disk', async () => {
    const dbName = freshDbName()
    const alice = await tab(dbName, 'alice')
    const bob = await tab(dbName, 'bob')
    alice.client.setQueryData(['a'], 1)
    bob.client.setQueryData(['b'], 2)
    await Promise.all([alice.connection.flush(), bob.connection.flush()])
    await clearPersistedCache(alice.client, alice.persister)
    expect([...(await readDisk(dbName)).keys()]).toEqual([`bob/${hashOf(['b'])}`])
  })

  it('drops changes still waiting for their batch', async () => {
    const dbName = freshDbName()
    const { persister, client, connection } = await tab(dbName, 'alice')
    client.setQueryData(['pending'], 1)
    await clearPersistedCache(client, persister)
    await connection.flush()
    expect((await readDisk(dbName)).size).toBe(0)
  })

  it('keeps persisting what the next session caches after a logout', async () => {
    const dbName = freshDbName()
    const { persister, client, connection } = await tab(dbName, 'alice')
    client.setQueryData(['before'], 1)
    await connection.flush()
    await clearPersistedCache(client, persister)
    client.setQueryData(['after'], 2)
    await connection.flush()
    expect([...(await readDisk(dbName)).keys()]).toEqual([`alice/${hashOf(['after'])}`])
  })

  it('restores nothing when the logout comes while the restore is still reading', async () => {
    const dbName = freshDbName()
    const first = await tab(dbName, 'alice')
    first.client.setQueryData(['a'], 1)
    await first.connection.flush()
    first.connection.stop()
    const persister = createIndexedDBPersister({ namespace: 'alice', dbName })
    const client = newClient()
    const connection = persistQueryCache(client, persister)
    open.push(connection)
    const logout = clearPersistedCache(client, persister)
    expect(await connection.restored).toMatchObject({ restored: 0 })
    await logout
    expect(client.getQueryCache().getAll()).toEqual([])
  })

  it('clears disk and memory when no session is running', async () => {
    const dbName = freshDbName()
    const { persister, client, connection } = await tab(dbName, 'alice')
    client.setQueryData(['a'], 1)
    await connection.flush()
    connection.stop()
    await clearPersistedCache(client, persister)
    expect(client.getQueryCache().getAll()).toEqual([])
    expect((await readDisk(dbName)).size).toBe(0)
  })

  it("tells the app's other tabs of the same namespace to clear their memory", async () => {
    const dbName = freshDbName()
    const here = await tab(dbName, 'alice')
    const there = await tab(dbName, 'alice')
    const stranger = await tab(dbName, 'bob')
    there.client.setQueryData(['mine'], 1)
    stranger.client.setQueryData(['theirs'], 2)
    await clearPersistedCache(here.client, here.persister)
    await vi.waitFor(() => expect(there.client.getQueryCache().getAll()).toEqual([]))
    expect(stranger.client.getQueryData(['theirs'])).toBe(2)
  })

  it('removes a batch another tab wrote while the logout was under way', async () => {
    const dbName = freshDbName()
    const here = await tab(dbName, 'alice')
    const there = await tab(dbName, 'alice')
    there.client.setQueryData(['late'], 1)
    const logout = clearPersistedCache(here.client, here.persister)
    await internalsOf(there.persister).write(
      [
        {
          hash: '["late"]',
          updatedAt: Date.now(),
          text: JSON.stringify({ v: 1, buster: '', key: ['late'], hash: '["late"]', updatedAt: Date.now(), data: 1 }),
        },
      ],
      [],
    )
    await logout
    await vi.waitFor(() => expect(there.client.getQueryCache().getAll()).toEqual([]))
    await vi.waitFor(async () => expect((await readDisk(dbName)).size).toBe(0))
  })

  it('ignores a malformed clear message from another tab', async () => {
    const dbName = freshDbName()
    const { client } = await tab(dbName, 'alice')
    client.setQueryData(['kept'], 1)
    const foreign = openTabChannel<unknown>({ name: 'react-query-toolkit:persist', kind: 'clear', validate: (p) => p })
    const probe = openTabChannel<unknown>({ name: 'react-query-toolkit:persist', kind: 'clear', validate: (p) => p })
    const seen: Array<unknown> = []
    probe?.subscribe((message) => seen.push(message))
    foreign?.post({ namespace: 'alice' })
    foreign?.post({ dbName, namespace: 42 })
    foreign?.post('alice')
    await vi.waitFor(() => expect(seen).toHaveLength(3))
    expect(client.getQueryData(['kept'])).toBe(1)
    foreign?.close()
    probe?.close()
  })
})
