// A large write on a slow disk is not a storage that never answers: the bound on each write and on
// compaction grows with the bytes it moves (Chromium took over 6 s to store a first save of 100k
// records on disk, past the 5 s default). A storage that never answers is still given up on: see
// PersistStorage.hostile.test.ts.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMemoryStorage } from '../../src/persist'
import type { PersistStorage } from '../../src/persist'
import { SNAPSHOT_KEY } from '../../src/persist/internal/snapshot'
import { session, stopSessions, storedKeys } from './hostileStorage'

afterEach(() => {
  stopSessions()
  vi.useRealTimers()
})

/** A memory storage that answers each update after 1 ms per 4 KB it puts: slow, but alive. */
function slowDisk(): PersistStorage {
  const inner = createMemoryStorage()
  return {
    ...inner,
    update: async (namespace, keys, apply) => {
      let bytes = 0
      await inner.update(namespace, keys, (stored) => {
        const changes = apply(stored)
        for (const [, value] of changes.put) bytes += typeof value === 'string' ? value.length : 0
        return changes
      })
      await new Promise((resolve) => setTimeout(resolve, bytes / 4_096))
    },
  }
}

const body = 'x'.repeat(1_000)

describe('persistQueryCache writing a large batch to a slow disk', () => {
  it('stores the batch, and compacts it, though each takes longer than restoreTimeoutMs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] })
    const storage = slowDisk()
    const { client, connection, onError } = session(storage, { restoreTimeoutMs: 100 })
    await connection.restored
    for (let i = 0; i < 1_000; i++) client.setQueryData(['item', i], `${i} ${body}`)
    const flushed = connection.flush()
    await vi.advanceTimersByTimeAsync(1_000)
    await flushed
    expect(onError).not.toHaveBeenCalled()
    expect(await storedKeys(storage)).toHaveLength(1_000)
    // Compaction (after 500 changes, in idle time) rewrites the ~1 MB snapshot, as slowly.
    await vi.advanceTimersByTimeAsync(5_000)
    expect(onError).not.toHaveBeenCalled()
    expect(new Map(await storage.getAll('u1')).has(SNAPSHOT_KEY)).toBe(true)
  })
})
