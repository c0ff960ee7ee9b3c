// What the metrics accept from outside: reports with junk, status stores that throw or lie, and
// scope and tier names that are Object.prototype's own.
import { QueryObserver } from '@tanstack/react-query'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createStore } from 'zustand/vanilla'
import { registerStream } from '../../src/live/internal/currentStream'
import type { StreamStatus } from '../../src/live/index'
import { getCacheMetrics } from '../../src/metrics/getCacheMetrics'
import { reportPersistence } from '../../src/metrics/reportPersistence'
import { reportStreamStatus } from '../../src/metrics/reportStreamStatus'
import { trackCacheMetrics } from '../../src/metrics/trackCacheMetrics'
import type { PersistenceMetrics, StreamMetrics } from '../../src/metrics/index'
import { MAX_NAME_LENGTH, MAX_NAMES, OTHER } from '../../src/metrics/internal/lookupNames'
import { createTestClient } from '../helpers/createTestClient'

const cleanups: Array<() => void> = []
beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => {})
})
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
  vi.restoreAllMocks()
})

const valid: StreamMetrics = { state: 'open', role: 'leader', received: 3, dropped: 0, retryCount: 0 }
const asStatus = (value: unknown) => value as StreamMetrics
const asFigures = (value: unknown) => value as Partial<PersistenceMetrics>

const throwing = new Proxy(
  {},
  {
    get() {
      throw new Error('hostile getter')
    },
  },
)

describe('reportStreamStatus with junk', () => {
  const junk: Array<[string, unknown]> = [
    ['null', null],
    ['a string', 'open'],
    ['an unknown state', { ...valid, state: 'exploded' }],
    ['an unknown role', { ...valid, role: 'king' }],
    ['a negative count', { ...valid, received: -1 }],
    ['NaN', { ...valid, dropped: Number.NaN }],
    ['Infinity', { ...valid, retryCount: Infinity }],
    ['a count as a string', { ...valid, received: '3' }],
    ['an object whose getters throw', throwing],
  ]

  it.each(junk)('drops %s, counts it and keeps the last valid status', (_name, value) => {
    const client = createTestClient()
    reportStreamStatus(client, valid)
    expect(() => reportStreamStatus(client, asStatus(value))).not.toThrow()
    expect(getCacheMetrics(client)).toMatchObject({ stream: valid, droppedReports: 1 })
  })

  it('says in development what it dropped', () => {
    reportStreamStatus(createTestClient(), asStatus({ state: 'exploded' }))
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining('[react-query-toolkit] reportStreamStatus'), {
      state: 'exploded',
    })
  })
})

describe('reportPersistence with junk', () => {
  const junk: Array<[string, unknown]> = [
    ['null', null],
    ['negative records', { records: -5 }],
    ['bytes as NaN', { bytes: Number.NaN }],
    ['records as a string', { records: '12' }],
    ['a restore report with a missing field', { lastRestore: { restored: 1, expired: 0, busted: 0, ms: 3 } }],
    ['a restore report of the wrong type', { lastRestore: 'yesterday' }],
    ['an object whose getters throw', throwing],
  ]

  it.each(junk)('drops %s whole, counts it and keeps the last figures', (_name, value) => {
    const client = createTestClient()
    reportPersistence(client, { records: 2, bytes: 40 })
    expect(() => reportPersistence(client, asFigures(value))).not.toThrow()
    expect(getCacheMetrics(client)).toMatchObject({ persistence: { records: 2, bytes: 40 }, droppedReports: 1 })
  })
})

describe('a followed stream that misbehaves', () => {
  const track = () => {
    const client = createTestClient()
    cleanups.push(trackCacheMetrics(client))
    return client
  }

  it('is not followed when its status store throws, and the drop is counted', () => {
    const client = track()
    const store = {
      getState: () => {
        throw new Error('broken store')
      },
      subscribe: () => () => {},
    }
    expect(() => cleanups.push(registerStream(store as never))).not.toThrow()
    expect(getCacheMetrics(client)).toMatchObject({ stream: undefined, droppedReports: 1 })
  })

  it('drops junk its store sends and keeps the last valid status', () => {
    const client = track()
    const store = createStore<StreamStatus>()(() => ({ ...valid, lastEventId: undefined, lastError: undefined }))
    cleanups.push(registerStream(store))
    store.setState(asStatus({ state: 'weird', received: -1 }) as never)
    expect(getCacheMetrics(client)).toMatchObject({ stream: valid, droppedReports: 1 })
  })
})

describe('the open-streams slot', () => {
  const SLOT = Symbol.for('react-query-toolkit.openStreams.v1')

  it('starts over when something else overwrote it, and streams are still followed', () => {
    ;(globalThis as Record<symbol, unknown>)[SLOT] = { streams: 'not a list' }
    const client = createTestClient()
    cleanups.push(trackCacheMetrics(client))
    const store = createStore<StreamStatus>()(() => ({ ...valid, lastEventId: undefined, lastError: undefined }))
    expect(() => cleanups.push(registerStream(store))).not.toThrow()
    expect(getCacheMetrics(client).stream).toEqual(valid)
  })
})

describe('scope and tier names', () => {
  it.each(['__proto__', 'constructor', 'hasOwnProperty'])(
    'counts a scope and a tier named %s as plain names',
    (name) => {
      const client = createTestClient()
      cleanups.push(trackCacheMetrics(client))
      const observer = new QueryObserver(client, { queryKey: [name], queryFn: () => 1, meta: { tier: name } })
      cleanups.push(observer.subscribe(() => {}))
      const { scopes, tiers } = getCacheMetrics(client)
      expect(Object.entries(scopes)).toEqual([[name, { hits: 0, staleHits: 0, misses: 1 }]])
      expect(Object.entries(tiers)).toEqual([[name, { hits: 0, staleHits: 0, misses: 1 }]])
      expect(({} as Record<string, unknown>).misses).toBeUndefined()
    },
  )
})

describe('floods and oversized names', () => {
  const tracked = () => {
    const client = createTestClient()
    cleanups.push(trackCacheMetrics(client))
    const mount = (options: ConstructorParameters<typeof QueryObserver>[1]) =>
      cleanups.push(new QueryObserver(client, { queryFn: () => 1, ...options }).subscribe(() => {}))
    return { client, mount }
  }

  it('keeps a bounded number of scopes and counts the rest under (other), losing no lookup', () => {
    const { client, mount } = tracked()
    for (let n = 0; n < MAX_NAMES + 50; n++) mount({ queryKey: [`user-input-${n}`] })
    const { scopes, misses } = getCacheMetrics(client)
    expect(Object.keys(scopes)).toHaveLength(MAX_NAMES + 1)
    expect(scopes[OTHER]).toEqual({ hits: 0, staleHits: 0, misses: 50 })
    expect(Object.values(scopes).reduce((sum, lookups) => sum + lookups.misses, 0)).toBe(misses)
  })

  it('keeps counting a known scope after the table is full', () => {
    const { client, mount } = tracked()
    for (let n = 0; n < MAX_NAMES + 5; n++) mount({ queryKey: [`scope-${n}`] })
    mount({ queryKey: ['scope-0', 'again'] })
    expect(getCacheMetrics(client).scopes['scope-0']).toEqual({ hits: 0, staleHits: 0, misses: 2 })
  })

  it('cuts an oversized scope name', () => {
    const { client, mount } = tracked()
    mount({ queryKey: ['x'.repeat(100_000)] })
    expect(Object.keys(getCacheMetrics(client).scopes)).toEqual([`${'x'.repeat(MAX_NAME_LENGTH)}…`])
  })

  it('counts a key JSON cannot write (a BigInt, with its own hash function) under (other) without throwing', () => {
    const { client, mount } = tracked()
    expect(() => mount({ queryKey: [10n], queryKeyHashFn: (key) => String(key[0]) })).not.toThrow()
    expect(getCacheMetrics(client).scopes[OTHER]).toEqual({ hits: 0, staleHits: 0, misses: 1 })
  })

  it('counts a tier that is not a string as untiered', () => {
    const { client, mount } = tracked()
    mount({
      queryKey: ['a'],
      meta: {
        tier: {
          toString: () => {
            throw new Error('hostile')
          },
        },
      },
    })
    expect(getCacheMetrics(client).tiers).toEqual({ untiered: { hits: 0, staleHits: 0, misses: 1 } })
  })
})
