import { MutationObserver, QueryObserver } from '@tanstack/react-query'
import type { QueryClient } from '@tanstack/react-query'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineMutation, isToolkitError, limitCache } from '../src/index'
import { wasEvicted } from '../src/evictions'
import { createTestClient } from './helpers/createTestClient'

const stops: Array<() => void> = []
function limit(client: QueryClient, options: Parameters<typeof limitCache>[1]) {
  const stop = limitCache(client, options)
  stops.push(stop)
  return stop
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  for (const stop of stops.splice(0)) stop()
  vi.useRealTimers()
})

const keysOf = (client: QueryClient) =>
  client
    .getQueryCache()
    .getAll()
    .map((query) => query.queryKey[1])

/** Lets pending passes run (each spares what was used since the one before), long before TanStack's gc. */
const settle = () => {
  for (let pass = 0; pass < 4; pass++) vi.advanceTimersByTime(1)
}

function filled(count: number) {
  const client = createTestClient()
  for (let at = 0; at < count; at++) client.setQueryData(['item', at], { at })
  return client
}

describe('limitCache', () => {
  it('evicts the least recently used inactive queries beyond maxQueries', () => {
    const client = filled(5)
    limit(client, { maxQueries: 3 })
    settle()
    expect(keysOf(client)).toEqual([2, 3, 4])
  })

  it('keeps a query whose data was updated ahead of older ones', () => {
    const client = filled(4)
    limit(client, { maxQueries: 4 })
    client.setQueryData(['item', 0], { at: 0, again: true })
    client.setQueryData(['item', 4], { at: 4 })
    settle()
    expect(keysOf(client)).toEqual([0, 2, 3, 4])
  })

  it('counts an observer coming and going as a use', () => {
    const client = filled(4)
    limit(client, { maxQueries: 4 })
    const observer = new QueryObserver(client, { queryKey: ['item', 0], enabled: false })
    observer.subscribe(() => {})()
    client.setQueryData(['item', 4], { at: 4 })
    settle()
    expect(keysOf(client)).toEqual([0, 2, 3, 4])
  })

  it('never evicts a query with observers', () => {
    const client = filled(3)
    const unsubscribe = new QueryObserver(client, { queryKey: ['item', 0], enabled: false }).subscribe(() => {})
    limit(client, { maxQueries: 1 })
    settle()
    expect(keysOf(client)).toContain(0)
    unsubscribe()
  })

  it('never evicts a query whose fetch is in flight', () => {
    const client = filled(2)
    void client.prefetchQuery({ queryKey: ['item', 0], queryFn: () => new Promise<never>(() => {}) })
    limit(client, { maxQueries: 1 })
    settle()
    expect(keysOf(client)).toEqual([0])
  })

  it('never evicts a query held by a pending optimistic update', async () => {
    const client = filled(2)
    const useAdd = defineMutation({
      mutationFn: () => new Promise<never>(() => {}),
      optimistic: { key: () => ['item', 0], update: (list: unknown) => ({ list, optimistic: true }) },
    })
    void new MutationObserver(client, useAdd.options()).mutate(undefined)
    await vi.advanceTimersByTimeAsync(0)
    limit(client, { maxQueries: 0 })
    settle()
    expect(keysOf(client)).toEqual([0])
  })

  it('spares a query created since the last pass until the next one', () => {
    const client = filled(2)
    limit(client, { maxQueries: 1 })
    client.setQueryData(['item', 2], { at: 2 })
    client.getQueryCache().build(client, { queryKey: ['item', 3] })
    vi.advanceTimersToNextTimer()
    expect(keysOf(client)).toEqual([2, 3])
  })

  it('evicts a new query left without observers on the pass after the one that spared it', () => {
    const client = createTestClient()
    limit(client, { maxQueries: 0 })
    client.setQueryData(['item', 0], { at: 0 })
    vi.advanceTimersToNextTimer()
    expect(keysOf(client)).toEqual([0])
    vi.advanceTimersToNextTimer()
    expect(keysOf(client)).toEqual([])
  })

  it('evicts an inactive query whatever its gcTime', () => {
    const client = createTestClient({ defaultOptions: { queries: { gcTime: Infinity } } })
    for (let at = 0; at < 3; at++) client.setQueryData(['item', at], at)
    limit(client, { maxQueries: 1 })
    settle()
    expect(keysOf(client)).toEqual([2])
  })

  it('evicts beyond maxBytes by the estimated size of the data', () => {
    const client = createTestClient()
    for (let at = 0; at < 4; at++) client.setQueryData(['item', at], 'x'.repeat(98))
    limit(client, { maxQueries: Infinity, maxBytes: 250 })
    settle()
    expect(keysOf(client)).toEqual([2, 3])
  })

  it('marks its removals as evictions, and leaves other removals unmarked', () => {
    const client = filled(2)
    const removed: Array<boolean> = []
    client.getQueryCache().subscribe((event) => {
      if (event.type === 'removed') removed.push(wasEvicted(event.query))
    })
    limit(client, { maxQueries: 1 })
    settle()
    client.removeQueries({ queryKey: ['item', 1] })
    expect(removed).toEqual([true, false])
  })

  it('evicts nothing once stopped, even with a pass pending', () => {
    const client = filled(3)
    const stop = limit(client, { maxQueries: 1 })
    stop()
    client.setQueryData(['item', 3], { at: 3 })
    settle()
    expect(keysOf(client)).toEqual([0, 1, 2, 3])
  })

  it('leaves the cache alone when the bound is never reached', () => {
    const client = filled(3)
    limit(client, { maxQueries: 3 })
    client.setQueryData(['item', 2], { at: 2, again: true })
    settle()
    expect(keysOf(client)).toEqual([0, 1, 2])
  })
})

describe('limitCache options', () => {
  const hostile: Array<[string, unknown]> = [
    ['no options', undefined],
    ['null', null],
    ['a string bound', { maxQueries: '10' }],
    ['NaN', { maxQueries: Number.NaN }],
    ['a negative bound', { maxQueries: -1 }],
    ['a fractional maxQueries', { maxQueries: 1.5 }],
    ['a bigint', { maxQueries: 10n }],
    ['a negative maxBytes', { maxQueries: 1, maxBytes: -5 }],
    ['a string maxBytes', { maxQueries: 1, maxBytes: '1 MB' }],
    ['a null-prototype maxQueries', { maxQueries: Object.create(null) as unknown }],
  ]
  it.each(hostile)('refuses %s with an invalid-options error', (_, options) => {
    const client = createTestClient()
    let thrown: unknown
    try {
      limitCache(client, options as never)
    } catch (error) {
      thrown = error
    }
    expect(isToolkitError(thrown, 'invalid-options')).toBe(true)
    expect((thrown as Error).message).toMatch(/^\[react-query-toolkit\] limitCache/)
  })

  it('subscribes to nothing when it refuses its options', () => {
    const client = createTestClient()
    expect(() => limitCache(client, { maxQueries: -1 })).toThrow()
    expect(client.getQueryCache().hasListeners()).toBe(false)
  })
})
