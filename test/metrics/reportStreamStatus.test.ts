import { describe, expect, it } from 'vitest'
import { createStore } from 'zustand/vanilla'
import { getCacheMetrics } from '../../src/metrics/getCacheMetrics'
import { reportStreamStatus } from '../../src/metrics/reportStreamStatus'
import type { StreamStatus } from '../../src/live/index'
import { createTestClient } from '../helpers/createTestClient'

const status = (overrides: Partial<StreamStatus> = {}): StreamStatus => ({
  state: 'open',
  role: 'leader',
  lastEventId: '7',
  retryCount: 0,
  lastError: undefined,
  dropped: 1,
  received: 5,
  ...overrides,
})

describe('reportStreamStatus', () => {
  it('is undefined until a stream reports', () => {
    expect(getCacheMetrics(createTestClient()).stream).toBeUndefined()
  })

  it('keeps the plain fields of the live entry’s status', () => {
    const client = createTestClient()
    reportStreamStatus(client, status({ lastError: new Error('gone') }))
    expect(getCacheMetrics(client).stream).toEqual({
      state: 'open',
      role: 'leader',
      received: 5,
      dropped: 1,
      retryCount: 0,
    })
  })

  it('follows a status store it is subscribed to', () => {
    const client = createTestClient()
    const store = createStore<StreamStatus>()(() => status({ state: 'connecting', role: 'solo' }))
    const unsubscribe = store.subscribe((next) => reportStreamStatus(client, next))
    store.setState({ state: 'reconnecting', retryCount: 2 })
    unsubscribe()
    expect(getCacheMetrics(client).stream).toMatchObject({ state: 'reconnecting', role: 'solo', retryCount: 2 })
  })

  it('clears the stream when given undefined', () => {
    const client = createTestClient()
    reportStreamStatus(client, status())
    reportStreamStatus(client, undefined)
    expect(getCacheMetrics(client).stream).toBeUndefined()
  })
})
