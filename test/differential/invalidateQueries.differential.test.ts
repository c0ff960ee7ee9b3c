// TanStack Query's own `invalidateQueries` scenarios (query-core's queryClient tests), each run through
// `invalidateKeys` on one client and `queryClient.invalidateQueries` on a twin: the same queries must
// end invalidated and the same query functions must run as often.
import { QueryObserver, onlineManager, skipToken } from '@tanstack/react-query'
import type { QueryClient, QueryKey } from '@tanstack/react-query'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { invalidateKeys, invalidateTags } from '../../src/index'
import { tagsOption } from '../../src/internal/queryTags'
import type { RefetchScope } from '../../src/invalidateKeys'
import { runTwin } from './twin'
import type { FetchLog } from './twin'

function observe(client: QueryClient, options: ConstructorParameters<typeof QueryObserver>[1]): () => void {
  return new QueryObserver(client, options).subscribe(() => {})
}

/** Two fetched queries, `one` and `two`; `one` gets an observer built from `observer` (or none). */
function twoQueries(
  observer?: (log: FetchLog) => Partial<ConstructorParameters<typeof QueryObserver>[1]>,
  keepObserver = true,
) {
  return async (client: QueryClient, log: FetchLog) => {
    await client.fetchQuery({ queryKey: ['one'], queryFn: log.fn('one') })
    await client.fetchQuery({ queryKey: ['two'], queryFn: log.fn('two') })
    if (!observer) return
    const unsubscribe = observe(client, { queryKey: ['one'], staleTime: Number.POSITIVE_INFINITY, ...observer(log) })
    if (!keepObserver) return unsubscribe()
    return unsubscribe
  }
}

const withFn = (log: FetchLog) => ({ queryFn: log.fn('one') })

async function both(
  scenario: Parameters<typeof runTwin>[0],
  keys: Array<QueryKey>,
  refetch?: RefetchScope,
  exact = false,
) {
  return runTwin(
    scenario,
    (client) => invalidateKeys(client, keys, { exact, ...(refetch ? { refetch } : {}) }),
    (client) =>
      Promise.all(keys.map((queryKey) => client.invalidateQueries({ queryKey, exact, refetchType: refetch }))),
  )
}

describe('invalidateKeys against invalidateQueries, on TanStack scenarios', () => {
  it('refetches an active query by default and leaves the others alone', async () => {
    const { ours, theirs } = await both(twoQueries(withFn), [['one']])
    expect(ours).toEqual(theirs)
    expect(ours.fetches).toEqual({ one: 2, two: 1 })
  })

  it('does not refetch a query whose only observer is disabled', async () => {
    const { ours, theirs } = await both(
      twoQueries(() => ({ enabled: false })),
      [['one']],
    )
    expect(ours).toEqual(theirs)
    expect(ours.fetches).toEqual({ one: 1, two: 1 })
  })

  it("does not refetch an active query with refetch 'none', yet marks it invalidated", async () => {
    const { ours, theirs } = await both(twoQueries(withFn), [['one']], 'none')
    expect(ours).toEqual(theirs)
    expect(ours.invalidated['["one"]']).toBe(true)
    expect(ours.fetches).toEqual({ one: 1, two: 1 })
  })

  it("refetches a query that lost its observer with refetch 'inactive'", async () => {
    const scenario = twoQueries((log) => ({ queryFn: log.fn('one'), refetchOnMount: false }), false)
    const { ours, theirs } = await both(scenario, [['one']], 'inactive')
    expect(ours).toEqual(theirs)
    expect(ours.fetches).toEqual({ one: 2, two: 1 })
  })

  it("does not refetch an active query with refetch 'inactive'", async () => {
    const { ours, theirs } = await both(twoQueries(withFn), [['one']], 'inactive')
    expect(ours).toEqual(theirs)
    expect(ours.fetches).toEqual({ one: 1, two: 1 })
  })

  it("refetches active and inactive queries with refetch 'all'", async () => {
    const { ours, theirs } = await both(twoQueries(withFn), [[]], 'all')
    expect(ours).toEqual(theirs)
    expect(ours.fetches).toEqual({ one: 2, two: 2 })
  })

  it("never refetches a query that was only ever observed disabled, even with refetch 'all'", async () => {
    const scenario = (client: QueryClient, log: FetchLog) => {
      observe(client, {
        queryKey: ['off'],
        queryFn: log.fn('off'),
        enabled: false,
        staleTime: Number.POSITIVE_INFINITY,
      })()
    }
    const { ours, theirs } = await both(scenario, [[]], 'all')
    expect(ours).toEqual(theirs)
    expect(ours.fetches).toEqual({})
  })

  it("never refetches a query whose queryFn is skipToken, even with refetch 'all'", async () => {
    const scenario = (client: QueryClient) => {
      const unsubscribe = observe(client, {
        queryKey: ['skip'],
        queryFn: skipToken,
        staleTime: Number.POSITIVE_INFINITY,
      })
      client.setQueryData(['skip'], 'data')
      unsubscribe()
    }
    const { ours, theirs } = await both(scenario, [[]], 'all')
    expect(ours).toEqual(theirs)
    expect(ours.data).toEqual({ '["skip"]': 'data' })
  })

  it("does not refetch a query observed with staleTime 'static'", async () => {
    const scenario = async (client: QueryClient, log: FetchLog) => {
      await client.fetchQuery({ queryKey: ['static'], queryFn: log.fn('static') })
      return observe(client, { queryKey: ['static'], queryFn: log.fn('static'), staleTime: 'static' })
    }
    const { ours, theirs } = await both(scenario, [[]])
    expect(ours).toEqual(theirs)
    expect(ours.fetches).toEqual({ static: 1 })
  })

  it('refetches a query once at least one of its observers is enabled', async () => {
    const scenario = async (client: QueryClient, log: FetchLog) => {
      await client.fetchQuery({ queryKey: ['mixed'], queryFn: log.fn('mixed') })
      const off = observe(client, { queryKey: ['mixed'], queryFn: log.fn('mixed'), enabled: false })
      const on = observe(client, { queryKey: ['mixed'], queryFn: log.fn('mixed'), staleTime: Number.POSITIVE_INFINITY })
      return () => (off(), on())
    }
    const { ours, theirs } = await both(scenario, [['mixed']])
    expect(ours).toEqual(theirs)
    expect(ours.fetches).toEqual({ mixed: 2 })
  })

  it('invalidates a query made by setQueryData but never fetches it, having no query function', async () => {
    const scenario = (client: QueryClient) => void client.setQueryData(['set'], 'by hand')
    for (const refetch of ['active', 'inactive', 'all', 'none'] as const) {
      const { ours, theirs } = await both(scenario, [['set']], refetch)
      expect(ours, refetch).toEqual(theirs)
      expect(ours.invalidated).toEqual({ '["set"]': true })
    }
  })

  it('resolves when a refetch fails, leaving the same error state', async () => {
    const scenario = async (client: QueryClient, log: FetchLog) => {
      await client.fetchQuery({ queryKey: ['flaky'], queryFn: log.fn('flaky') })
      const count = log.fn('flaky')
      const failing = () => {
        count()
        return Promise.reject(new Error('down'))
      }
      return observe(client, { queryKey: ['flaky'], queryFn: failing, staleTime: Number.POSITIVE_INFINITY })
    }
    const { ours, theirs } = await both(scenario, [['flaky']])
    expect(ours).toEqual(theirs)
    expect(ours.fetches).toEqual({ flaky: 2 })
    expect(ours.status).toEqual({ '["flaky"]': 'error: down' })
  })

  it('matches exact keys the same way for every refetch scope', async () => {
    const scenario = async (client: QueryClient, log: FetchLog) => {
      await client.fetchQuery({ queryKey: ['p', 1], queryFn: log.fn('p1') })
      await client.fetchQuery({ queryKey: ['p', 1, 'x'], queryFn: log.fn('p1x') })
      return observe(client, { queryKey: ['p', 1, 'x'], queryFn: log.fn('p1x'), staleTime: Number.POSITIVE_INFINITY })
    }
    for (const refetch of ['active', 'inactive', 'all', 'none'] as const) {
      for (const exact of [true, false]) {
        const { ours, theirs } = await both(scenario, [['p', 1]], refetch, exact)
        expect(ours, `${refetch} exact ${exact}`).toEqual(theirs)
      }
    }
  })
})

describe('invalidateKeys against invalidateQueries, offline', () => {
  afterEach(() => {
    onlineManager.setOnline(true)
  })

  const offlineScenario = (networkMode: 'online' | 'always') => async (client: QueryClient, log: FetchLog) => {
    onlineManager.setOnline(true)
    await client.fetchQuery({ queryKey: ['net'], queryFn: log.fn('net'), networkMode })
    const unsubscribe = observe(client, {
      queryKey: ['net'],
      queryFn: log.fn('net'),
      networkMode,
      staleTime: Number.POSITIVE_INFINITY,
    })
    onlineManager.setOnline(false)
    return unsubscribe
  }

  it('resolves at once for a query whose refetch is paused offline, and does not run it', async () => {
    const { ours, theirs } = await runTwin(
      offlineScenario('online'),
      (client) => invalidateKeys(client, [['net']]),
      (client) => client.invalidateQueries({ queryKey: ['net'] }),
    )
    expect(ours).toEqual(theirs)
    expect(ours.fetches).toEqual({ net: 1 })
  })

  it("refetches offline a query with networkMode 'always'", async () => {
    const { ours, theirs } = await runTwin(
      offlineScenario('always'),
      (client) => invalidateKeys(client, [['net']]),
      (client) => client.invalidateQueries({ queryKey: ['net'] }),
    )
    expect(ours).toEqual(theirs)
    expect(ours.fetches).toEqual({ net: 2 })
  })
})

describe('invalidateTags against invalidateQueries, every refetch scope', () => {
  // A tag has no TanStack counterpart; a query holding it is selected as by its exact key, and from
  // there the refetch must follow invalidateQueries' rules.
  const tagged = (tag: string) => () => [tag]
  const scenario = async (client: QueryClient, log: FetchLog) => {
    await client.fetchQuery({ queryKey: ['active'], queryFn: log.fn('active'), [tagsOption]: tagged('t') } as never)
    await client.fetchQuery({ queryKey: ['inactive'], queryFn: log.fn('inactive'), [tagsOption]: tagged('t') } as never)
    await client.fetchQuery({ queryKey: ['other'], queryFn: log.fn('other'), [tagsOption]: tagged('u') } as never)
    // The observer carries the definition's tags too, as `defineQueries` options always do.
    const options = {
      queryKey: ['active'],
      queryFn: log.fn('active'),
      staleTime: Number.POSITIVE_INFINITY,
      [tagsOption]: tagged('t'),
    }
    return observe(client, options as never)
  }

  it.each(['active', 'inactive', 'all', 'none'] as const)(
    "refetches as invalidateQueries does with refetch '%s'",
    async (refetch) => {
      const { ours, theirs } = await runTwin(
        scenario,
        (client) => invalidateTags(client, ['t'], { refetch }),
        (client) =>
          client.invalidateQueries({
            predicate: (query) => ['["active"]', '["inactive"]'].includes(query.queryHash),
            refetchType: refetch,
          }),
      )
      expect(ours).toEqual(theirs)
    },
  )
})

describe('invalidateKeys against invalidateQueries, a fetch already in flight', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  async function inFlight(cancelRefetch: boolean) {
    const scenario = (client: QueryClient, log: FetchLog) => {
      const count = log.fn('slow')
      const unsubscribe = observe(client, {
        queryKey: ['slow'],
        initialData: 1,
        queryFn: () => {
          count()
          return new Promise((resolve) => setTimeout(() => resolve(5), 10))
        },
      })
      return unsubscribe
    }
    const settle = async (promise: Promise<unknown>) => {
      await vi.advanceTimersByTimeAsync(10)
      await promise
    }
    return runTwin(
      scenario,
      (client) => settle(invalidateKeys(client, [['slow']], { cancelRefetch })),
      (client) => settle(client.invalidateQueries({ queryKey: ['slow'] }, { cancelRefetch })),
    )
  }

  it('cancels the fetch in flight and starts over by default', async () => {
    const { ours, theirs } = await inFlight(true)
    expect(ours).toEqual(theirs)
    expect(ours.fetches).toEqual({ slow: 2 })
  })

  it('joins the fetch in flight with cancelRefetch false', async () => {
    const { ours, theirs } = await inFlight(false)
    expect(ours).toEqual(theirs)
    expect(ours.fetches).toEqual({ slow: 1 })
  })
})
