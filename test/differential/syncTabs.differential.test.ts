// A pass received from another tab against TanStack's own `invalidateQueries` run in the receiving tab:
// the same queries end invalidated and the same query functions run as often, on TanStack's scenarios.
import { QueryClient, QueryObserver } from '@tanstack/react-query'
import type { QueryKey } from '@tanstack/react-query'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { invalidateKeys } from '../../src/index'
import type { RefetchScope } from '../../src/invalidateKeys'
import { subscribeInvalidations } from '../../src/internal/invalidationEvents'
import { syncTabs } from '../../src/syncTabs'
import { runTwin } from './twin'
import type { FetchLog } from './twin'

const cleanups: Array<() => void> = []
let channels = 0

afterEach(() => {
  cleanups.splice(0).forEach((cleanup) => cleanup())
})

/** Queries `one` (observed as `observer` says, or not at all), `two`, and `one`'s child. */
function scenario(observer?: 'active' | 'disabled' | 'gone') {
  return async (client: QueryClient, log: FetchLog) => {
    await client.fetchQuery({ queryKey: ['one'], queryFn: log.fn('one') })
    await client.fetchQuery({ queryKey: ['one', 'child'], queryFn: log.fn('child') })
    await client.fetchQuery({ queryKey: ['two'], queryFn: log.fn('two') })
    if (!observer) return
    const unsubscribe = new QueryObserver(client, {
      queryKey: ['one'],
      queryFn: log.fn('one'),
      staleTime: Number.POSITIVE_INFINITY,
      enabled: observer !== 'disabled',
    }).subscribe(() => {})
    if (observer === 'gone') return unsubscribe()
    return unsubscribe
  }
}

/** Invalidates `keys` in another tab; resolves once this tab has applied the pass and its refetches settled. */
async function fromOtherTab(client: QueryClient, keys: Array<QueryKey>, refetch: RefetchScope, exact: boolean) {
  const channelName = `differential-${++channels}`
  const stopHere = syncTabs(client, { channelName })
  const otherTab = new QueryClient()
  const stopThere = syncTabs(otherTab, { channelName })
  cleanups.push(stopHere, stopThere)
  const applied = new Promise<void>((resolve) => {
    const stop = subscribeInvalidations(client, (record) => record.source === 'tab' && resolve())
    cleanups.push(stop)
  })
  await invalidateKeys(otherTab, keys, { refetch, exact })
  await applied
  await vi.waitFor(() => expect(client.isFetching()).toBe(0))
}

const cases: Array<[string, Parameters<typeof scenario>[0], Array<QueryKey>, RefetchScope, boolean]> = [
  ['an active query, by prefix', 'active', [['one']], 'active', false],
  ['an active query, exactly', 'active', [['one']], 'active', true],
  ['inactive queries only', 'active', [['one'], ['two']], 'inactive', false],
  ['every query', 'active', [[]], 'all', false],
  ['nothing refetched', 'active', [['one']], 'none', false],
  ['a disabled query, refetching all', 'disabled', [['one']], 'all', false],
  ['a query whose observer left', 'gone', [['one']], 'active', false],
  ['no observer at all, refetching all', undefined, [['one'], ['two']], 'all', false],
]

describe('a pass from another tab against invalidateQueries in this tab', () => {
  it.each(cases)('selects and refetches the same for %s', async (_, observer, keys, refetch, exact) => {
    const { ours, theirs } = await runTwin(
      scenario(observer),
      (client) => fromOtherTab(client, keys, refetch, exact),
      (client) =>
        Promise.all(keys.map((queryKey) => client.invalidateQueries({ queryKey, exact, refetchType: refetch }))),
    )
    expect(ours).toEqual(theirs)
  })
})
