// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest'
import type { InvalidationStreamOptions, ResumeStorage } from '../../src/live'
import { closeStreams, connectToFakeEndpoint, hello, isInvalidated, seededClient, sse, tick } from './helpers'

afterEach(closeStreams)

function memoryStorage(entries: Record<string, string> = {}): ResumeStorage & { entries: Map<string, string> } {
  const map = new Map(Object.entries(entries))
  return { entries: map, getItem: (key) => map.get(key) ?? null, setItem: (key, value) => void map.set(key, value) }
}

const key = 'react-query-toolkit:live:http://test/stream:last-event-id'

function connect(options: Partial<InvalidationStreamOptions>, cached: Array<Array<string>> = []) {
  const client = seededClient(cached)
  return { client, ...connectToFakeEndpoint(client, options) }
}

describe('resuming across page loads', () => {
  it('sends the id kept by an earlier page as Last-Event-ID on the first connection', async () => {
    const { endpoint } = connect({ resumeStorage: memoryStorage({ [key]: 'k1.41' }) })
    expect((await endpoint.connection(1)).headers.get('Last-Event-ID')).toBe('k1.41')
  })

  it('keeps the id of every event it receives', async () => {
    const storage = memoryStorage()
    const { endpoint, stream } = connect({ resumeStorage: storage })
    ;(await endpoint.connection(1)).push(hello() + sse('invalidate', { v: 1, keys: [['a']] }, 'k1.7'))
    await tick()
    expect(stream.status.getState().lastEventId).toBe('k1.7')
    expect(storage.entries.get(key)).toBe('k1.7')
  })

  it('invalidates every query when the server cannot replay from the kept id', async () => {
    const { client, endpoint } = connect({ resumeStorage: memoryStorage({ [key]: 'k0.9' }) }, [['a'], ['b']])
    ;(await endpoint.connection(1)).push(sse('hello', { v: 1, replay: false }))
    await tick()
    expect(isInvalidated(client, ['a'])).toBe(true)
    expect(isInvalidated(client, ['b'])).toBe(true)
  })

  it('keeps the cache when the server replays from the kept id', async () => {
    const { client, endpoint } = connect({ resumeStorage: memoryStorage({ [key]: 'k1.9' }) }, [['a']])
    ;(await endpoint.connection(1)).push(hello())
    await tick()
    expect(isInvalidated(client, ['a'])).toBe(false)
  })

  it('writes the storage once for a burst of events in one chunk', async () => {
    const storage = memoryStorage()
    const writes: Array<string> = []
    const setItem = storage.setItem
    storage.setItem = (name, value) => {
      writes.push(value)
      setItem(name, value)
    }
    const { endpoint } = connect({ resumeStorage: storage })
    let burst = hello()
    for (let i = 1; i <= 100; i++) burst += sse('invalidate', { v: 1, keys: [['a']] }, `k1.${i}`)
    ;(await endpoint.connection(1)).push(burst)
    await tick()
    expect(writes).toEqual(['k1.100'])
  })

  it('ignores a kept value that cannot be an event id', async () => {
    const { endpoint, stream } = connect({ resumeStorage: memoryStorage({ [key]: 'x'.repeat(10_000) }) })
    expect((await endpoint.connection(1)).headers.get('Last-Event-ID')).toBeNull()
    expect(stream.status.getState().lastEventId).toBeUndefined()
  })

  it('keeps working when the storage throws', async () => {
    const throwing: ResumeStorage = {
      getItem: () => {
        throw new Error('denied')
      },
      setItem: () => {
        throw new Error('quota')
      },
    }
    const { endpoint, stream } = connect({ resumeStorage: throwing })
    ;(await endpoint.connection(1)).push(hello() + sse('invalidate', { v: 1, keys: [['a']] }, 'k1.1'))
    await tick()
    expect(stream.status.getState().lastEventId).toBe('k1.1')
  })

  it('reads and writes nothing with resumeStorage: false', async () => {
    const storage = memoryStorage({ [key]: 'k1.3' })
    const { endpoint } = connect({ resumeStorage: false })
    const connection = await endpoint.connection(1)
    expect(connection.headers.get('Last-Event-ID')).toBeNull()
    connection.push(hello() + sse('invalidate', { v: 1, keys: [['a']] }, 'k1.4'))
    await tick()
    expect(storage.entries.get(key)).toBe('k1.3')
  })
})

describe('the default storage', () => {
  it('resumes within the page when merely reading localStorage throws', async () => {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'localStorage')
    Object.defineProperty(globalThis, 'localStorage', {
      configurable: true,
      get: () => {
        throw new DOMException('denied', 'SecurityError')
      },
    })
    try {
      const { endpoint, stream } = connect({ retry: { minDelayMs: 0 } })
      const first = await endpoint.connection(1)
      first.push(hello() + sse('reset', { v: 1 }, 'k1.2'))
      await tick()
      first.end()
      expect((await endpoint.connection(2)).headers.get('Last-Event-ID')).toBe('k1.2')
      expect(stream.status.getState().lastEventId).toBe('k1.2')
    } finally {
      if (descriptor) Object.defineProperty(globalThis, 'localStorage', descriptor)
      else delete (globalThis as { localStorage?: unknown }).localStorage
    }
  })
})
