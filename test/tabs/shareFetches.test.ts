// syncTabs({ shareFetches }): when several tabs need the same query at once, one fetches and the
// others settle with its answer; a waiting tab whose fetcher fails, dies or stalls fetches itself.
import { QueryObserver } from '@tanstack/react-query'
import { afterEach, expect, it, vi } from 'vitest'
import { createQueryKeys, defineQueries, invalidateKeys, tiers } from '../../src/index'
import { fetchLockName } from '../../src/tabs/shareFetches'
import { createApi, crossing, observe, queryOf, sharedTabs } from './helpers/sharedTabs'

const cleanups: Array<() => void> = []

afterEach(() => {
  cleanups.splice(0).forEach((cleanup) => cleanup())
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

const items = ['items'] as const

function mountAll(tabs: ReturnType<typeof sharedTabs>['tabs'], api: ReturnType<typeof createApi>) {
  return tabs.map((tab) => observe(cleanups, tab.client, { queryKey: items, queryFn: api.fetch }))
}

it('makes one request when two tabs mount the same query at once, and both show its data', async () => {
  const api = createApi()
  const { tabs } = sharedTabs(cleanups, 2)
  const [a, b] = mountAll(tabs, api)
  await vi.waitFor(() => expect(b!.current().data).toEqual({ version: 1 }))
  expect(a!.current().data).toEqual({ version: 1 })
  expect(api.requests).toBe(1)
})

it('makes one request when an invalidation reaches the active query in five tabs', async () => {
  const api = createApi()
  const { tabs } = sharedTabs(cleanups, 5)
  const observed = mountAll(tabs, api)
  await vi.waitFor(() => observed.forEach((tab) => expect(tab.current().data).toEqual({ version: 1 })))
  const before = api.requests
  api.version = 2
  await invalidateKeys(tabs[0]!.client, [items])
  await vi.waitFor(() => observed.forEach((tab) => expect(tab.current().data).toEqual({ version: 2 })))
  await crossing()
  expect(api.requests - before).toBe(1)
})

it('takes an answer that reached it before its jittered stream refetch', async () => {
  const api = createApi(1)
  const { tabs } = sharedTabs(cleanups, 3, {}, { jitterMs: 300 })
  const observed = mountAll(tabs, api)
  await vi.waitFor(() => observed.forEach((tab) => expect(tab.current().data).toEqual({ version: 1 })))
  api.version = 2
  await invalidateKeys(tabs[0]!.client, [items], { source: 'stream' })
  await vi.waitFor(() => observed.forEach((tab) => expect(tab.current().data).toEqual({ version: 2 })))
  expect(api.requests).toBe(2)
})

it('gives the waiting tab the fetching tab’s dataUpdatedAt', async () => {
  const api = createApi()
  const { tabs } = sharedTabs(cleanups, 2)
  const [a, b] = mountAll(tabs, api)
  await vi.waitFor(() => expect(b!.current().status).toBe('success'))
  await vi.waitFor(() => expect(a!.current().status).toBe('success'))
  expect(b!.current().dataUpdatedAt).toBe(a!.current().dataUpdatedAt)
})

it('shows the waiting tab’s query as fetching until the answer arrives', async () => {
  const api = createApi()
  const { tabs } = sharedTabs(cleanups, 2)
  api.pause()
  const a = observe(cleanups, tabs[0]!.client, { queryKey: items, queryFn: api.fetch })
  await vi.waitFor(() => expect(api.requests).toBe(1))
  const b = observe(cleanups, tabs[1]!.client, { queryKey: items, queryFn: api.fetch })
  await crossing()
  expect(b.current()).toMatchObject({ isFetching: true, status: 'pending' })
  api.resume()
  await vi.waitFor(() => expect(b.current()).toMatchObject({ isFetching: false, data: { version: 1 } }))
  expect(a.current().data).toEqual({ version: 1 })
  expect(api.requests).toBe(1)
})

it('fetches in the waiting tab itself when the fetching tab’s request fails', async () => {
  const api = createApi()
  const { tabs } = sharedTabs(cleanups, 2)
  api.pause()
  api.failNext = true
  const a = observe(cleanups, tabs[0]!.client, { queryKey: items, queryFn: api.fetch })
  await vi.waitFor(() => expect(api.requests).toBe(1))
  const b = observe(cleanups, tabs[1]!.client, { queryKey: items, queryFn: api.fetch })
  await crossing()
  expect(api.requests).toBe(1)
  api.resume()
  await vi.waitFor(() => expect(b.current().data).toEqual({ version: 1 }))
  expect(a.current().status).toBe('error')
  expect(api.requests).toBe(2)
})

it('fetches in the waiting tab itself when the fetching tab closes mid-request', async () => {
  const api = createApi()
  const { tabs } = sharedTabs(cleanups, 2)
  api.hang = true
  observe(cleanups, tabs[0]!.client, { queryKey: items, queryFn: api.fetch })
  await vi.waitFor(() => expect(api.requests).toBe(1))
  const b = observe(cleanups, tabs[1]!.client, { queryKey: items, queryFn: api.fetch })
  await crossing()
  expect(api.requests).toBe(1)
  api.hang = false
  tabs[0]!.kill()
  await vi.waitFor(() => expect(b.current().data).toEqual({ version: 1 }))
  expect(api.requests).toBe(2)
})

it('fetches in the waiting tab itself once the fetching tab has not answered within timeoutMs', async () => {
  const api = createApi()
  const { tabs } = sharedTabs(cleanups, 2, { timeoutMs: 200 })
  api.hang = true
  observe(cleanups, tabs[0]!.client, { queryKey: items, queryFn: api.fetch })
  await vi.waitFor(() => expect(api.requests).toBe(1))
  const b = observe(cleanups, tabs[1]!.client, { queryKey: items, queryFn: api.fetch })
  await crossing()
  api.hang = false
  expect(b.current().isFetching).toBe(true)
  expect(api.requests).toBe(1)
  await vi.waitFor(() => expect(b.current().data).toEqual({ version: 1 }))
  expect(api.requests).toBe(2)
})

it('does not take an answer to a fetch that began before this tab’s invalidation', async () => {
  const api = createApi()
  const { tabs } = sharedTabs(cleanups, 2)
  const [, b] = mountAll(tabs, api)
  await vi.waitFor(() => expect(b!.current().data).toEqual({ version: 1 }))
  // Tab A refetches (for its own reason); the data changes; then tab B is told, alone (TanStack's call).
  api.pause()
  void tabs[0]!.client.refetchQueries({ queryKey: items })
  await vi.waitFor(() => expect(api.requests).toBe(2))
  api.version = 2
  const invalidated = tabs[1]!.client.invalidateQueries({ queryKey: items })
  await crossing()
  api.resume()
  await invalidated
  expect(b!.current().data).toEqual({ version: 2 })
  expect(api.requests).toBe(3)
})

it('shares queries of defineQueries definitions', async () => {
  const api = createApi()
  const todoKeys = createQueryKeys('todos', { list: (owner: string) => [owner] })
  const todos = defineQueries(todoKeys, { list: { tier: 'normal', queryFn: () => api.fetch() } })
  const { tabs } = sharedTabs(cleanups, 2)
  const observers = tabs.map((tab) => {
    const observer = new QueryObserver(tab.client, todos.list('me'))
    cleanups.push(observer.subscribe(() => {}))
    return observer
  })
  await vi.waitFor(() => observers.forEach((o) => expect(o.getCurrentResult().data).toEqual({ version: 1 })))
  expect(api.requests).toBe(1)
})

it('does not share a query of the sensitive tier unless the app opts in', async () => {
  const api = createApi()
  const meta = { tier: tiers.sensitive.name, persist: false }
  const { tabs } = sharedTabs(cleanups, 2)
  for (const tab of tabs) {
    observe(cleanups, tab.client, { queryKey: items, queryFn: api.fetch, meta })
    observe(cleanups, tab.client, { queryKey: ['open'], queryFn: api.fetch })
  }
  await vi.waitFor(() => tabs.forEach((tab) => expect(queryOf(tab.client, items)?.state.status).toBe('success')))
  await vi.waitFor(() => tabs.forEach((tab) => expect(queryOf(tab.client, ['open'])?.state.status).toBe('success')))
  expect(api.requests).toBe(3)
})

it('shares a query of the sensitive tier with shareFetches: { sensitive: true }', async () => {
  const api = createApi()
  const meta = { tier: tiers.sensitive.name, persist: false }
  const { tabs } = sharedTabs(cleanups, 2, { sensitive: true })
  tabs.forEach((tab) => observe(cleanups, tab.client, { queryKey: items, queryFn: api.fetch, meta }))
  await vi.waitFor(() => tabs.forEach((tab) => expect(queryOf(tab.client, items)?.state.status).toBe('success')))
  expect(api.requests).toBe(1)
})

it('shares only the queries a filter accepts', async () => {
  const api = createApi()
  const { tabs } = sharedTabs(cleanups, 2, { filter: (query) => query.queryKey[0] === 'shared' })
  for (const tab of tabs) {
    observe(cleanups, tab.client, { queryKey: ['shared'], queryFn: api.fetch })
    observe(cleanups, tab.client, { queryKey: ['own'], queryFn: api.fetch })
  }
  await vi.waitFor(() => expect(queryOf(tabs[1]!.client, ['own'])?.state.status).toBe('success'))
  await vi.waitFor(() => expect(queryOf(tabs[1]!.client, ['shared'])?.state.status).toBe('success'))
  expect(api.requests).toBe(3)
})

it('fetches in every tab when Web Locks are missing', async () => {
  const api = createApi()
  vi.stubGlobal('navigator', {})
  const { tabs } = sharedTabs(cleanups, 2, true)
  mountAll(tabs, api)
  await vi.waitFor(() => tabs.forEach((tab) => expect(queryOf(tab.client, items)?.state.status).toBe('success')))
  expect(api.requests).toBe(2)
})

it('fetches in every tab again once the tabs stop syncing', async () => {
  const api = createApi()
  const { tabs } = sharedTabs(cleanups, 2)
  tabs.forEach((tab) => tab.stop())
  mountAll(tabs, api)
  await vi.waitFor(() => tabs.forEach((tab) => expect(queryOf(tab.client, items)?.state.status).toBe('success')))
  expect(api.requests).toBe(2)
  expect(Object.prototype.hasOwnProperty.call(tabs[0]!.client, 'defaultQueryOptions')).toBe(false)
})

it('never shares the pages of an infinite query', async () => {
  let requests = 0
  const { tabs } = sharedTabs(cleanups, 2)
  const fetchPage = async ({ pageParam }: { pageParam: number }) => {
    requests++
    await new Promise((resolve) => setTimeout(resolve, 10))
    return pageParam
  }
  const results = tabs.map((tab) =>
    tab.client.fetchInfiniteQuery({ queryKey: ['pages'], queryFn: fetchPage, initialPageParam: 0 }),
  )
  await expect(Promise.all(results)).resolves.toEqual([
    { pages: [0], pageParams: [0] },
    { pages: [0], pageParams: [0] },
  ])
  expect(requests).toBe(2)
})

it('dates its own invalidation from when the pass was posted, so a tab that fetched right after the post answers it', async () => {
  const api = createApi()
  const { tabs, manager, channelName, raw, answerAsTab } = sharedTabs(cleanups, 1)
  const a = observe(cleanups, tabs[0]!.client, { queryKey: items, queryFn: api.fetch })
  await vi.waitFor(() => expect(a.current().data).toEqual({ version: 1 }))
  // Another tab holds the lock: it heard the pass and began its fetch at once.
  void manager.tab().request(fetchLockName(channelName, '["items"]'), {}, () => new Promise(() => {}))
  const posted: Array<{ at: number }> = []
  raw.onmessage = (event: MessageEvent<{ kind: string; payload: { at: number } }>) => {
    if (event.data.kind === 'invalidations') posted.push(event.data.payload)
  }
  // The clock moves on between the post and this tab's invalidation (a busy tab).
  let clock = Date.now() + 1000
  vi.spyOn(Date, 'now').mockImplementation(() => (clock += 5))
  const refetched = invalidateKeys(tabs[0]!.client, [items])
  await vi.waitFor(() => expect(posted).toHaveLength(1))
  const at = posted[0]!.at
  answerAsTab({ hash: '["items"]', key: ['items'], data: { version: 2 }, startedAt: at, dataUpdatedAt: at + 1 })
  await vi.waitFor(() => expect(a.current().data).toEqual({ version: 2 }))
  await refetched
  expect(tabs[0]!.stop.dropped()).toBe(0)
  expect(api.requests).toBe(1)
})
