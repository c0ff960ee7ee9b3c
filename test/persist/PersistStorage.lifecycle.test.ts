// A storage's open, clear and close are outside code too: a storage that cannot open, never answers or
// fails a logout leaves the app working in memory, and a logout still empties the cache.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { clearPersistedCache, createIndexedDBPersister, createMemoryStorage } from '../../src/persist'
import type { PersistStorage } from '../../src/persist'
import { hostile, session, stopSessions, storedKeys } from './hostileStorage'

afterEach(() => {
  stopSessions()
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe('a storage whose open, clear or close misbehaves', () => {
  it('goes memory-only, reported as unavailable, when open rejects', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const { storage } = await hostile({ open: () => Promise.reject(new Error('no disk')) })
    const { client, connection, persister, onError } = session(storage)
    expect(await connection.restored).toMatchObject({ restored: 0 })
    client.setQueryData(['a'], 1)
    await connection.flush()
    expect(persister.stats().mode).toBe('memory')
    expect(onError.mock.calls.map(([error]) => error.reason)).toEqual(['unavailable'])
  })

  it('ends the restore after restoreTimeoutMs when open never answers, and still clears on logout', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const { inner, storage } = await hostile({
      open: () => new Promise(() => undefined),
      close: () => {
        throw new Error('no close')
      },
    })
    const { client, connection, persister } = session(storage)
    await vi.advanceTimersByTimeAsync(1_000)
    expect((await connection.restored).error?.reason).toBe('unavailable')
    await clearPersistedCache(client, persister)
    expect(await storedKeys(inner)).toEqual([])
  })

  it('does not close the storage under a logout when an open it gave up on fails late', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const inner = createMemoryStorage()
    let failOpen!: (error: Error) => void
    let finishClear!: () => void
    const close = vi.fn()
    const storage: PersistStorage = {
      ...inner,
      open: () => new Promise((_, reject) => (failOpen = reject)),
      close,
      clear: (namespace) => new Promise((resolve) => (finishClear = () => resolve(inner.clear(namespace)))),
    }
    const { client, connection, persister } = session(storage)
    await vi.advanceTimersByTimeAsync(1_000)
    await connection.restored
    expect(close).toHaveBeenCalledTimes(1)
    const cleared = clearPersistedCache(client, persister)
    await vi.advanceTimersByTimeAsync(0)
    failOpen(new Error('late'))
    await vi.advanceTimersByTimeAsync(0)
    expect(close).toHaveBeenCalledTimes(1)
    finishClear()
    await cleared
    expect(close).toHaveBeenCalledTimes(2)
  })

  it.each([
    ['rejects', () => Promise.reject(new Error('no'))],
    [
      'throws',
      () => {
        throw new Error('no')
      },
    ],
    ['never answers', () => new Promise(() => undefined)],
  ])('empties the cache on logout and reports it when clear %s', async (_what, clear) => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const { storage } = await hostile({ clear })
    const { client, connection, persister } = session(storage)
    await connection.restored
    const cleared = clearPersistedCache(client, persister)
    await vi.advanceTimersByTimeAsync(1_000)
    await expect(cleared).resolves.toBeUndefined()
    expect(client.getQueryData(['good'])).toBeUndefined()
    expect(persister.stats().lastError?.reason).toBe('storage')
  })

  it('refuses a storage that lacks a method, at creation', () => {
    const { getAll: _, ...partial } = createMemoryStorage()
    expect(() => createIndexedDBPersister({ namespace: 'u1', storage: partial as PersistStorage })).toThrow(
      expect.objectContaining({ reason: 'options' }),
    )
  })
})
