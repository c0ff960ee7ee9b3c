// Shared fetches with the live stream's roles: the leader applies the stream event, the follower the
// leader's pass (through syncTabs, with the stream's storm protection); one of them fetches, the other
// settles with its answer.
import { afterEach, expect, it, vi } from 'vitest'
import { syncTabs } from '../../src/shareFetches'
import { hello, sse } from '../live/helpers'
import { twoTabs } from '../live/tabHarness'
import { createApi, observe } from './helpers/sharedTabs'
import { createLockManager } from './helpers/webLocks'

const cleanups: Array<() => void> = []

afterEach(() => {
  cleanups.splice(0).forEach((cleanup) => cleanup())
})

it('makes one request when a stream event reaches the active query in the leader and a follower', async () => {
  const harness = await twoTabs(cleanups)
  const { clientA, clientB, tabA, tabB, endpoint } = harness
  const locks = createLockManager()
  for (const client of [clientA, clientB]) cleanups.push(syncTabs(client, { shareFetches: { locks: locks.tab() } }))
  await vi.waitFor(() => expect(tabB.status.getState().role).toBe('follower'))
  expect(tabA.status.getState().role).toBe('leader')
  const api = createApi()
  const seen = [clientA, clientB].map((client) =>
    observe(cleanups, client, { queryKey: ['counter'], queryFn: api.fetch }),
  )
  await vi.waitFor(() => seen.forEach((tab) => expect(tab.current().data).toEqual({ version: 1 })))
  const before = api.requests

  api.version = 2
  ;(await endpoint.connection(1)).push(hello() + sse('invalidate', { v: 1, keys: [['counter']] }, '1'))

  await vi.waitFor(() => seen.forEach((tab) => expect(tab.current().data).toEqual({ version: 2 })))
  await new Promise((resolve) => setTimeout(resolve, 50))
  expect(api.requests - before).toBe(1)
})
