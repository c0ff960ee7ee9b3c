// @vitest-environment node
import { QueryClient } from '@tanstack/react-query'
import { describe, expect, it, vi } from 'vitest'

describe('the persist entry in Node', () => {
  it('touches no browser global at import time', async () => {
    const touched: Array<string> = []
    for (const name of ['indexedDB', 'IDBKeyRange', 'window', 'document', 'BroadcastChannel', 'localStorage']) {
      Object.defineProperty(globalThis, name, {
        configurable: true,
        get: () => {
          touched.push(name)
          return undefined
        },
      })
    }
    try {
      vi.resetModules()
      const entry = await import('../../src/persist')
      expect(typeof entry.createIndexedDBPersister).toBe('function')
      expect(touched).toEqual([])
    } finally {
      for (const name of ['indexedDB', 'IDBKeyRange', 'window', 'document', 'BroadcastChannel', 'localStorage']) {
        delete (globalThis as Record<string, unknown>)[name]
      }
    }
  })

  it('restores nothing and keeps the cache working without IndexedDB', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const { createIndexedDBPersister, persistQueryCache, clearPersistedCache } = await import('../../src/persist')
    const persister = createIndexedDBPersister({ namespace: 'u1' })
    const client = new QueryClient()
    const connection = persistQueryCache(client, persister)
    await expect(connection.restored).resolves.toMatchObject({ restored: 0 })
    client.setQueryData(['a'], 1)
    await connection.flush()
    await clearPersistedCache(client, persister)
    connection.stop()
    expect(warn).toHaveBeenCalledTimes(1)
    warn.mockRestore()
  })

  it('persists into the memory storage without IndexedDB, and says nothing', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const { createIndexedDBPersister, createMemoryStorage, persistQueryCache } = await import('../../src/persist')
    const storage = createMemoryStorage()
    const client = new QueryClient()
    const second = persistQueryCache(client, createIndexedDBPersister({ namespace: 'u1', storage, throttleMs: 0 }))
    await second.restored
    client.setQueryData(['a'], 1)
    await second.flush()
    const third = persistQueryCache(new QueryClient(), createIndexedDBPersister({ namespace: 'u1', storage }))
    expect(await third.restored).toMatchObject({ restored: 1 })
    second.stop()
    third.stop()
    expect(warn).not.toHaveBeenCalled()
    warn.mockRestore()
  })
})
