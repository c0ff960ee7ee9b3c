// @vitest-environment node
import { QueryObserver } from '@tanstack/react-query'
import type { QueryClient, QueryKey } from '@tanstack/react-query'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { subscribeInvalidations } from '../../src/internal/invalidationEvents'
import type { InvalidationRecord } from '../../src/internal/invalidationEvents'
import { tagsOption } from '../../src/internal/queryTags'
import { closeStreams, connectToFakeEndpoint, hello, isInvalidated, seededClient, sse, tick } from './helpers'

afterEach(() => {
  closeStreams()
  vi.useRealTimers()
  vi.restoreAllMocks()
})

const connect = connectToFakeEndpoint

function recordStream(client: QueryClient) {
  const records: Array<InvalidationRecord> = []
  subscribeInvalidations(client, (record) => {
    if (record.source === 'stream') records.push(record)
  })
  return records
}

function addTagged(client: QueryClient, key: QueryKey, tags: Array<string>) {
  const query = client.getQueryCache().build(client, {
    queryKey: key,
    queryFn: async () => 'fetched',
    [tagsOption]: () => tags,
  } as never)
  query.setData('cached')
}

function watch(client: QueryClient, key: QueryKey, queryFn: () => Promise<unknown>) {
  const observer = new QueryObserver(client, { queryKey: key, queryFn, staleTime: Infinity })
  return observer.subscribe(() => {})
}

const invalidate = (body: Record<string, unknown>, id?: string) => sse('invalidate', { v: 1, ...body }, id)

describe('applying events', () => {
  it('invalidates every query an invalidate key prefixes, and no other', async () => {
    const client = seededClient([['projects', 'list', 'o1'], ['projects', 'list', 'o2'], ['users']])
    const { endpoint } = connect(client)
    const connection = await endpoint.connection(1)
    connection.push(hello() + invalidate({ keys: [['projects', 'list', 'o1']] }))
    await vi.waitFor(() => expect(isInvalidated(client, ['projects', 'list', 'o1'])).toBe(true))
    expect(isInvalidated(client, ['projects', 'list', 'o2'])).toBe(false)
    expect(isInvalidated(client, ['users'])).toBe(false)
  })

  it('matches keys exactly when the event says exact', async () => {
    const client = seededClient([['projects'], ['projects', 'p1']])
    const { endpoint } = connect(client)
    ;(await endpoint.connection(1)).push(hello() + invalidate({ keys: [['projects']], exact: true }))
    await vi.waitFor(() => expect(isInvalidated(client, ['projects'])).toBe(true))
    expect(isInvalidated(client, ['projects', 'p1'])).toBe(false)
  })

  it('invalidates every query holding one of the tags', async () => {
    const client = seededClient([['other']])
    addTagged(client, ['projects', 'list', 'o1'], ['project:p1', 'org:o1'])
    addTagged(client, ['projects', 'detail', 'p2'], ['project:p2'])
    const { endpoint } = connect(client)
    ;(await endpoint.connection(1)).push(hello() + invalidate({ tags: ['project:p1'] }))
    await vi.waitFor(() => expect(isInvalidated(client, ['projects', 'list', 'o1'])).toBe(true))
    expect(isInvalidated(client, ['projects', 'detail', 'p2'])).toBe(false)
    expect(isInvalidated(client, ['other'])).toBe(false)
  })

  it.each(['reset', 'resync'])('invalidates every query on %s', async (name) => {
    const client = seededClient([['a'], ['b', 1], [{ c: true }]])
    const { endpoint } = connect(client)
    ;(await endpoint.connection(1)).push(hello() + sse(name, { v: 1 }))
    await vi.waitFor(() =>
      expect(
        client
          .getQueryCache()
          .getAll()
          .every((q) => q.state.isInvalidated),
      ).toBe(true),
    )
  })

  it('ignores hello and ping on the first connection', async () => {
    const client = seededClient([['a']])
    const { stream, endpoint } = connect(client)
    ;(await endpoint.connection(1)).push(hello(false) + sse('ping', { v: 1 }))
    await vi.waitFor(() => expect(stream.status.getState().received).toBe(2))
    await tick()
    expect(isInvalidated(client, ['a'])).toBe(false)
  })

  it('counts received events and records the last event id', async () => {
    const client = seededClient([])
    const { stream, endpoint } = connect(client)
    ;(await endpoint.connection(1)).push(hello() + invalidate({ keys: [['a']] }, '7') + sse('ping', { v: 1 }))
    await vi.waitFor(() => expect(stream.status.getState().received).toBe(3))
    expect(stream.status.getState().lastEventId).toBe('7')
    expect(stream.status.getState().state).toBe('open')
  })
})

describe('reconnecting', () => {
  it('sends the last event id as Last-Event-ID on reconnect', async () => {
    const client = seededClient([])
    const { endpoint } = connect(client, { retry: { initialDelayMs: 1, minDelayMs: 0 } })
    const first = await endpoint.connection(1)
    expect(first.headers.get('Last-Event-ID')).toBeNull()
    first.push(hello() + invalidate({ keys: [['a']] }, 'e-41'))
    await tick()
    first.end()
    const second = await endpoint.connection(2)
    expect(second.headers.get('Last-Event-ID')).toBe('e-41')
  })

  it('invalidates every query after a reconnect to a server that cannot replay', async () => {
    const client = seededClient([['a'], ['b']])
    const { endpoint } = connect(client, { retry: { initialDelayMs: 1, minDelayMs: 0 } })
    const first = await endpoint.connection(1)
    first.push(hello() + invalidate({ keys: [['zzz']] }, '1'))
    await tick()
    first.end()
    ;(await endpoint.connection(2)).push(hello(false))
    await vi.waitFor(() => expect(isInvalidated(client, ['a']) && isInvalidated(client, ['b'])).toBe(true))
  })

  it('keeps the cache after a reconnect to a server that replays from the sent id', async () => {
    const client = seededClient([['a']])
    const { stream, endpoint } = connect(client, { retry: { initialDelayMs: 1, minDelayMs: 0 } })
    const first = await endpoint.connection(1)
    first.push(hello() + invalidate({ keys: [['zzz']] }, '1'))
    await tick()
    first.end()
    ;(await endpoint.connection(2)).push(hello(true))
    await vi.waitFor(() => expect(stream.status.getState().received).toBe(3))
    await tick()
    expect(isInvalidated(client, ['a'])).toBe(false)
  })

  it('invalidates every query after a reconnect with no id to resume from, even if the server replays', async () => {
    const client = seededClient([['a']])
    const { endpoint } = connect(client, { retry: { initialDelayMs: 1, minDelayMs: 0 } })
    const first = await endpoint.connection(1)
    first.push(hello())
    await tick()
    first.end()
    ;(await endpoint.connection(2)).push(hello(true))
    await vi.waitFor(() => expect(isInvalidated(client, ['a'])).toBe(true))
  })
})

describe('coalescing', () => {
  it('applies a burst of 1,000 events in one pass with one record per kind', async () => {
    const keys = Array.from({ length: 500 }, (_, i) => ['item', i])
    const client = seededClient(keys)
    addTagged(client, ['tagged'], ['t:1'])
    const records = recordStream(client)
    const { endpoint } = connect(client)
    let burst = hello()
    for (let i = 0; i < 1000; i++) burst += invalidate({ keys: [['item', i % 500]], tags: ['t:1'] }, String(i))
    ;(await endpoint.connection(1)).push(burst)
    await vi.waitFor(() => expect(records.length).toBe(1))
    await tick()
    expect(records).toHaveLength(1)
    expect(records[0]?.matched).toBe(501)
    expect(records[0]?.request.filter((target) => 'key' in target)).toHaveLength(500)
    expect(records[0]?.request.filter((target) => 'tag' in target)).toEqual([{ tag: 't:1', refetch: 'active' }])
    expect(keys.every((key) => isInvalidated(client, key))).toBe(true)
  })

  it('emits one all record for reset, however many arrive together', async () => {
    const client = seededClient([['a'], ['b']])
    const records = recordStream(client)
    const { endpoint } = connect(client)
    ;(await endpoint.connection(1)).push(hello() + sse('reset', { v: 1 }) + sse('resync', { v: 1 }))
    await vi.waitFor(() => expect(records.length).toBe(1))
    await tick()
    expect(records).toEqual([{ source: 'stream', request: [{ all: true, refetch: 'active' }], matched: 2 }])
  })
})

describe('refetching', () => {
  it('refetches again after a fetch in flight when an event arrives during it', async () => {
    const client = seededClient([])
    let server = 'v1'
    const pending: Array<() => void> = []
    const queryFn = vi.fn(() => {
      const answer = server
      return new Promise<string>((resolve) => pending.push(() => resolve(answer)))
    })
    client.setQueryData(['item'], 'v0')
    const unsubscribe = watch(client, ['item'], queryFn)
    const { endpoint } = connect(client)
    const connection = await endpoint.connection(1)
    connection.push(hello() + invalidate({ keys: [['item']] }, '1'))
    await vi.waitFor(() => expect(queryFn).toHaveBeenCalledTimes(1))
    // The server changes while the first refetch is in flight: its answer is already out of date.
    server = 'v2'
    connection.push(invalidate({ keys: [['item']] }, '2'))
    await tick()
    pending.shift()!()
    await vi.waitFor(() => expect(queryFn).toHaveBeenCalledTimes(2))
    pending.shift()!()
    await vi.waitFor(() => expect(client.getQueryData(['item'])).toBe('v2'))
    expect(isInvalidated(client, ['item'])).toBe(false)
    unsubscribe()
  })

  it('refetches active queries and leaves inactive ones stale', async () => {
    const client = seededClient([])
    const inactiveFn = vi.fn(async () => 'fresh')
    await client.prefetchQuery({ queryKey: ['inactive'], queryFn: inactiveFn })
    const queryFn = vi.fn(async () => 'fresh')
    client.setQueryData(['active'], 'cached')
    const unsubscribe = watch(client, ['active'], queryFn)
    const { endpoint } = connect(client)
    ;(await endpoint.connection(1)).push(hello() + invalidate({ keys: [['active'], ['inactive']] }))
    await vi.waitFor(() => expect(client.getQueryData(['active'])).toBe('fresh'))
    await tick()
    expect(queryFn).toHaveBeenCalledTimes(1)
    expect(inactiveFn).toHaveBeenCalledTimes(1)
    expect(isInvalidated(client, ['inactive'])).toBe(true)
    unsubscribe()
  })

  it('refetches inactive fetched queries too when refetch is all', async () => {
    const client = seededClient([])
    const queryFn = vi.fn(async () => 'fresh')
    await client.prefetchQuery({ queryKey: ['inactive'], queryFn })
    const { endpoint } = connect(client)
    ;(await endpoint.connection(1)).push(hello() + invalidate({ keys: [['inactive']], refetch: 'all' }))
    await vi.waitFor(() => expect(queryFn).toHaveBeenCalledTimes(2))
  })

  it('refetches nothing when refetch is none', async () => {
    const client = seededClient([])
    const queryFn = vi.fn(async () => 'fresh')
    client.setQueryData(['active'], 'cached')
    const unsubscribe = watch(client, ['active'], queryFn)
    const { endpoint } = connect(client)
    ;(await endpoint.connection(1)).push(hello() + invalidate({ keys: [['active']], refetch: 'none' }))
    await vi.waitFor(() => expect(isInvalidated(client, ['active'])).toBe(true))
    await tick()
    expect(queryFn).not.toHaveBeenCalled()
    unsubscribe()
  })

  it('never cancels a fetch already in flight', async () => {
    const client = seededClient([])
    let calls = 0
    let finish!: (value: string) => void
    const queryFn = vi.fn(({ signal }: { signal: AbortSignal }) => {
      calls++
      return new Promise<string>((resolve, reject) => {
        finish = resolve
        signal.addEventListener('abort', () => reject(new Error('cancelled')))
      })
    })
    client.setQueryData(['active'], 'cached')
    const observer = new QueryObserver(client, { queryKey: ['active'], queryFn, staleTime: Infinity })
    const unsubscribe = observer.subscribe(() => {})
    const inFlight = observer.refetch()
    expect(calls).toBe(1)
    const { endpoint } = connect(client)
    ;(await endpoint.connection(1)).push(hello() + invalidate({ keys: [['active']] }))
    await vi.waitFor(() => expect(isInvalidated(client, ['active'])).toBe(true))
    await tick()
    expect(calls).toBe(1)
    finish('from the first fetch')
    expect((await inFlight).data).toBe('from the first fetch')
    // Its answer may predate the event: once it settled, the query is fetched again.
    await vi.waitFor(() => expect(calls).toBe(2))
    unsubscribe()
  })

  it('spreads refetches over the jitter window', async () => {
    vi.useFakeTimers()
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.5)
    const client = seededClient([])
    const queryFn = vi.fn(async () => 'fresh')
    client.setQueryData(['active'], 'cached')
    const unsubscribe = watch(client, ['active'], queryFn)
    const { endpoint } = connect(client, { jitterMs: 1000 })
    const connection = await endpoint.connection(1)
    connection.push(hello() + invalidate({ keys: [['active']] }))
    await vi.advanceTimersByTimeAsync(400)
    expect(isInvalidated(client, ['active'])).toBe(true)
    expect(queryFn).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(200)
    expect(queryFn).toHaveBeenCalledTimes(1)
    expect(random).toHaveBeenCalled()
    unsubscribe()
  })
})
