// Evictions, queries and estimated bytes per scope, and the outbox depth, as trackCacheMetrics counts them.
import type { QueryClient } from '@tanstack/react-query'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { limitCache } from '../../src/limitCache'
import { estimateBytes } from '../../src/limit/estimateBytes'
import { evictionRate } from '../../src/metrics/evictionRate'
import { getCacheMetrics } from '../../src/metrics/getCacheMetrics'
import { resetCacheMetrics } from '../../src/metrics/resetCacheMetrics'
import { trackCacheMetrics } from '../../src/metrics/trackCacheMetrics'
import { registerOutbox } from '../../src/openOutboxes'
import type { OpenOutbox } from '../../src/openOutboxes'
import { createTestClient } from '../helpers/createTestClient'

let client: QueryClient
let stops: Array<() => void>

beforeEach(() => {
  vi.useFakeTimers()
  client = createTestClient()
  stops = [trackCacheMetrics(client)]
})

afterEach(() => {
  for (const stop of stops.splice(0)) stop()
  client.clear()
  vi.useRealTimers()
})

const metrics = () => getCacheMetrics(client)
const passes = () => {
  for (let pass = 0; pass < 3; pass++) vi.advanceTimersByTime(1)
}

describe('memory per scope', () => {
  it('counts the queries of each scope and the estimated size of their data', () => {
    const list = [{ id: 1 }, { id: 2 }]
    client.setQueryData(['projects', 'list'], list)
    client.setQueryData(['projects', 'p1'], 'one')
    client.setQueryData(['users', 'me'], { name: 'Ada' })
    expect(metrics().memory.projects).toEqual({ queries: 2, bytes: estimateBytes(list) + 5, evictions: 0 })
    expect(metrics().memory.users).toEqual({ queries: 1, bytes: estimateBytes({ name: 'Ada' }), evictions: 0 })
  })

  it('follows a query whose data grows and shrinks', () => {
    client.setQueryData(['notes'], 'x'.repeat(100))
    client.setQueryData(['notes'], 'x'.repeat(10))
    expect(metrics().memory.notes).toMatchObject({ queries: 1, bytes: 12 })
  })

  it('drops a scope from the table once its last query is removed without eviction', () => {
    client.setQueryData(['drafts', 1], 'x')
    client.removeQueries({ queryKey: ['drafts'] })
    expect('drafts' in metrics().memory).toBe(false)
  })

  it('counts the queries already cached when tracking starts', () => {
    const other = createTestClient()
    other.setQueryData(['early'], 'cached')
    stops.push(trackCacheMetrics(other))
    expect(getCacheMetrics(other).memory.early).toEqual({ queries: 1, bytes: 8, evictions: 0 })
  })

  it('counts the queries of at most 100 scopes by name and the rest under (other)', () => {
    for (let scope = 0; scope < 105; scope++) client.setQueryData([`scope-${scope}`], 1)
    expect(Object.keys(metrics().memory)).toHaveLength(101)
    expect(metrics().memory['(other)']).toMatchObject({ queries: 5 })
  })
})

describe('evictions', () => {
  it('counts the queries limitCache evicts, by scope', () => {
    for (let at = 0; at < 4; at++) client.setQueryData(['items', at], at)
    stops.push(limitCache(client, { maxQueries: 1 }))
    passes()
    expect(metrics().evictions).toBe(3)
    expect(metrics().memory.items).toMatchObject({ queries: 1, evictions: 3 })
  })

  it('does not count a removal by removeQueries or clear as an eviction', () => {
    client.setQueryData(['items', 1], 1)
    client.removeQueries({ queryKey: ['items'] })
    client.setQueryData(['items', 2], 2)
    client.clear()
    expect(metrics().evictions).toBe(0)
  })

  it('keeps a scope with evictions in the table after its last query left', () => {
    client.setQueryData(['gone', 1], 1)
    stops.push(limitCache(client, { maxQueries: 0 }))
    passes()
    expect(metrics().memory.gone).toEqual({ queries: 0, bytes: 0, evictions: 1 })
  })

  it('sets evictions back to zero on reset and keeps what is in memory', () => {
    for (let at = 0; at < 3; at++) client.setQueryData(['items', at], at)
    stops.push(limitCache(client, { maxQueries: 1 }))
    passes()
    resetCacheMetrics(client)
    expect(metrics().evictions).toBe(0)
    expect(metrics().memory.items).toMatchObject({ queries: 1, evictions: 0 })
  })

  it('gives the eviction rate as evictions over lookups', () => {
    expect(evictionRate({ ...metrics(), evictions: 1, hits: 15, staleHits: 2, misses: 3 })).toBe(0.05)
    expect(evictionRate(metrics())).toBe(0)
  })
})

describe('outbox depth', () => {
  function outbox(depth: () => unknown, owner: object = client) {
    const listeners = new Set<() => void>()
    const registered: OpenOutbox = {
      client: owner,
      depth: depth as OpenOutbox['depth'],
      subscribe: (listener) => {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
    }
    stops.push(registerOutbox(registered))
    return { changed: () => listeners.forEach((listener) => listener()) }
  }

  it('reads the depth of the outbox registered for its client and follows its changes', () => {
    let depth = { pending: 2, failed: 0 }
    const box = outbox(() => depth)
    expect(metrics().outbox).toEqual({ pending: 2, failed: 0 })
    depth = { pending: 0, failed: 1 }
    box.changed()
    expect(metrics().outbox).toEqual({ pending: 0, failed: 1 })
  })

  it('ignores an outbox registered for another client', () => {
    outbox(() => ({ pending: 9, failed: 9 }), createTestClient())
    expect(metrics().outbox).toBeUndefined()
  })

  it('forgets the depth once the outbox is unregistered', () => {
    outbox(() => ({ pending: 1, failed: 0 }))
    stops.pop()!()
    expect(metrics().outbox).toBeUndefined()
  })

  const hostile: Array<[string, () => unknown]> = [
    ['junk', () => 'full'],
    ['negative counts', () => ({ pending: -1, failed: 0 })],
    ['NaN', () => ({ pending: Number.NaN, failed: 0 })],
    [
      'a throwing depth',
      () => {
        throw new Error('boom')
      },
    ],
    [
      'a throwing getter',
      () => ({
        get pending(): number {
          throw new Error('boom')
        },
        failed: 0,
      }),
    ],
  ]
  it.each(hostile)('drops and counts %s, keeping the last valid depth', (_, bad) => {
    let depth: () => unknown = () => ({ pending: 4, failed: 0 })
    const box = outbox(() => depth())
    depth = bad
    box.changed()
    expect(metrics().outbox).toEqual({ pending: 4, failed: 0 })
    expect(metrics().droppedReports).toBe(1)
  })
})
