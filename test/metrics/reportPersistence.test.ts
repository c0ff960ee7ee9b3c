import { afterEach, describe, expect, it } from 'vitest'
import { createIndexedDBPersister, persistQueryCache } from '../../src/persist/index'
import { getCacheMetrics } from '../../src/metrics/getCacheMetrics'
import { reportPersistence } from '../../src/metrics/reportPersistence'
import { resetCacheMetrics } from '../../src/metrics/resetCacheMetrics'
import { createTestClient } from '../helpers/createTestClient'
import { uniqueKey } from '../helpers/uniqueKey'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

describe('reportPersistence', () => {
  it('is undefined until something reports', () => {
    expect(getCacheMetrics(createTestClient()).persistence).toBeUndefined()
  })

  it('keeps the fields a later report leaves out', () => {
    const client = createTestClient()
    const lastRestore = { restored: 3, expired: 1, busted: 0, corrupt: 0, ms: 12 }
    reportPersistence(client, { records: 3, bytes: 300, lastRestore })
    reportPersistence(client, { records: 4, bytes: 420 })
    expect(getCacheMetrics(client).persistence).toEqual({ records: 4, bytes: 420, lastRestore })
  })

  it('survives a reset of the counters', () => {
    const client = createTestClient()
    reportPersistence(client, { records: 1, bytes: 10 })
    resetCacheMetrics(client)
    expect(getCacheMetrics(client).persistence).toEqual({ records: 1, bytes: 10, lastRestore: undefined })
  })

  it('takes the persist entry’s stats and restore report as they are', async () => {
    const namespace = uniqueKey('user')
    const writer = createTestClient()
    const persister = createIndexedDBPersister({ namespace, throttleMs: 0 })
    const writing = persistQueryCache(writer, persister)
    cleanups.push(writing.stop)
    await writing.restored
    writer.setQueryData([uniqueKey('projects')], [{ id: 'p1' }])
    await writing.flush()

    const reader = createTestClient()
    const readerPersister = createIndexedDBPersister({ namespace, throttleMs: 0 })
    const reading = persistQueryCache(reader, readerPersister)
    cleanups.push(reading.stop)
    const lastRestore = await reading.restored
    reportPersistence(reader, { ...readerPersister.stats(), lastRestore })

    const { persistence } = getCacheMetrics(reader)
    expect(persistence?.records).toBe(1)
    expect(persistence?.bytes).toBeGreaterThan(0)
    expect(persistence?.lastRestore?.restored).toBe(1)
  })
})
