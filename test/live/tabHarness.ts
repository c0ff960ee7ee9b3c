// Two tabs (two QueryClients) of one browser: a shared fake endpoint, fake Web Locks, and a raw
// BroadcastChannel on the stream's channel, so a test can speak as a third (hostile) tab.
import type { QueryClient } from '@tanstack/react-query'
import { expect, vi } from 'vitest'
import { connectInvalidationStream } from '../../src/live'
import type { InvalidationStreamOptions } from '../../src/live'
import { createFakeEndpoint, createFakeLocks, seededClient } from './helpers'

let testId = 0

export function tabHarness(cleanups: Array<() => void>) {
  const url = `http://test/tabs-${++testId}-${Math.random()}`
  const endpoint = createFakeEndpoint()
  const locks = createFakeLocks()
  const open = (client: QueryClient, options: Partial<InvalidationStreamOptions> = {}) => {
    const stream = connectInvalidationStream(client, {
      url,
      jitterMs: 0,
      retry: { initialDelayMs: 1, minDelayMs: 0 },
      fetch: endpoint.fetch,
      locks,
      resumeStorage: false,
      ...options,
    })
    cleanups.push(stream.close)
    return stream
  }
  const raw = new BroadcastChannel(`react-query-toolkit:live:${url}`)
  cleanups.push(() => raw.close())
  /** Posts `payload` in the live channel's envelope, as another tab would. */
  const postAsTab = (payload: unknown) => raw.postMessage({ rqt: 1, kind: 'live', payload })
  return { url, endpoint, locks, open, raw, postAsTab }
}

/** A leader tab A (keys a, shared) and a follower tab B (keys b, shared). */
export async function twoTabs(cleanups: Array<() => void>, options: Partial<InvalidationStreamOptions> = {}) {
  const harness = tabHarness(cleanups)
  const clientA = seededClient([['a'], ['shared']])
  const clientB = seededClient([['b'], ['shared']])
  const tabA = harness.open(clientA, options)
  await vi.waitFor(() => expect(tabA.status.getState().role).toBe('leader'))
  const tabB = harness.open(clientB, options)
  return { ...harness, clientA, clientB, tabA, tabB }
}
