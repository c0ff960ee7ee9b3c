import { QueryObserver } from '@tanstack/react-query'
import type { QueryClient, QueryKey } from '@tanstack/react-query'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { getQueryIndex, invalidateKeys } from '../src/index'
import { subscribeInvalidations } from '../src/internal/invalidationEvents'
import { createTestClient, deferred } from './helpers/createTestClient'

const cachedKeys: Array<QueryKey> = [
  ['projects'],
  ['projects', 'list', 'o1'],
  ['projects', 'list', 'o2'],
  ['projects', 'list', { orgId: 'o1', page: 1 }],
  ['projects', 'list', { orgId: 'o1', page: 2 }],
  ['projects', 'detail', 'p1'],
  ['projects', 'detail', 'p1', 'members'],
  ['projects', 'detail', 2],
  ['users', { v: 2 }, 'me'],
  ['users', { v: 1 }, 'me'],
  ['flags', true, null],
  ['flags', false, null],
  ['tags', ['a', 'b']],
]

const filters: Array<[QueryKey, boolean]> = [
  [['projects'], false],
  [['projects'], true],
  [['projects', 'list'], false],
  [['projects', 'list', { orgId: 'o1' }], false],
  [['projects', 'list', { orgId: 'o1', page: 2 }], true],
  [['projects', 'detail', 'p1'], false],
  [['projects', 'detail', 'p1'], true],
  [['projects', 'detail', '2'], false],
  [['users', { v: 2 }], false],
  [['users', {}], false],
  [['flags', true], false],
  [['flags', false, null], true],
  [['tags', ['a']], false],
  [[], false],
  [['nothing'], false],
]

function fill(client: QueryClient): void {
  for (const key of cachedKeys) client.setQueryData(key, { key })
}

const cleanups: Array<() => void> = []
afterEach(() => {
  cleanups.splice(0).forEach((cleanup) => cleanup())
})

function observe(client: QueryClient, queryKey: QueryKey, queryFn: () => unknown) {
  cleanups.push(
    new QueryObserver(client, { queryKey, queryFn, staleTime: Number.POSITIVE_INFINITY }).subscribe(() => {}),
  )
}

describe('invalidateKeys', () => {
  it.each(filters)('marks the queries invalidateQueries marks for %j with exact %s', async (filter, exact) => {
    const ours = createTestClient()
    const theirs = createTestClient()
    fill(ours)
    fill(theirs)

    await invalidateKeys(ours, [filter], { exact })
    await theirs.invalidateQueries({ queryKey: filter, exact })

    const flags = (client: QueryClient) => cachedKeys.map((key) => client.getQueryState(key)?.isInvalidated)
    expect(flags(ours)).toEqual(flags(theirs))
  })

  it('invalidates the union of several keys', async () => {
    const client = createTestClient()
    fill(client)
    await invalidateKeys(client, [
      ['projects', 'detail'],
      ['flags', true],
    ])
    const invalidated = cachedKeys.filter((key) => client.getQueryState(key)?.isInvalidated)
    expect(invalidated).toEqual([
      ['projects', 'detail', 'p1'],
      ['projects', 'detail', 'p1', 'members'],
      ['projects', 'detail', 2],
      ['flags', true, null],
    ])
  })

  it('refetches an active query once even when several keys match it', async () => {
    const client = createTestClient()
    fill(client)
    const queryFn = vi.fn(() => 'fresh')
    observe(client, ['projects', 'detail', 'p1'], queryFn)

    await invalidateKeys(client, [['projects'], ['projects', 'detail'], ['projects', 'detail', 'p1']])

    expect(queryFn).toHaveBeenCalledTimes(1)
    expect(client.getQueryData(['projects', 'detail', 'p1'])).toBe('fresh')
    expect(client.getQueryState(['projects', 'detail', 'p1'])?.isInvalidated).toBe(false)
  })

  it('resolves once the refetch of active queries has finished', async () => {
    const client = createTestClient()
    const gate = deferred<string>()
    client.setQueryData(['slow'], 'old')
    observe(client, ['slow'], () => gate.promise)

    let resolved = false
    const done = invalidateKeys(client, [['slow']]).then(() => {
      resolved = true
    })
    await Promise.resolve()
    expect(resolved).toBe(false)
    gate.resolve('new')
    await done
    expect(client.getQueryData(['slow'])).toBe('new')
  })

  it('leaves inactive queries invalidated without refetching them', async () => {
    const client = createTestClient()
    const queryFn = vi.fn(() => 'fresh')
    await client.prefetchQuery({ queryKey: ['inactive'], queryFn })
    queryFn.mockClear()

    await invalidateKeys(client, [['inactive']])

    expect(queryFn).not.toHaveBeenCalled()
    expect(client.getQueryState(['inactive'])?.isInvalidated).toBe(true)
  })

  it("refetches nothing with refetch: 'none'", async () => {
    const client = createTestClient()
    client.setQueryData(['active'], 'old')
    const queryFn = vi.fn(() => 'fresh')
    observe(client, ['active'], queryFn)

    await invalidateKeys(client, [['active']], { refetch: 'none' })

    expect(queryFn).not.toHaveBeenCalled()
    expect(client.getQueryState(['active'])?.isInvalidated).toBe(true)
  })

  it("refetches inactive queries too with refetch: 'all'", async () => {
    const client = createTestClient()
    const queryFn = vi.fn(() => 'fresh')
    await client.prefetchQuery({ queryKey: ['inactive'], queryFn })
    queryFn.mockClear()

    await invalidateKeys(client, [['inactive']], { refetch: 'all' })

    expect(queryFn).toHaveBeenCalledTimes(1)
  })

  it('matches only equal keys with exact', async () => {
    const client = createTestClient()
    fill(client)
    await invalidateKeys(client, [['projects', 'detail', 'p1']], { exact: true })
    expect(client.getQueryState(['projects', 'detail', 'p1'])?.isInvalidated).toBe(true)
    expect(client.getQueryState(['projects', 'detail', 'p1', 'members'])?.isInvalidated).toBe(false)
  })

  it('cancels a fetch in flight and starts over by default', async () => {
    const client = createTestClient()
    client.setQueryData(['busy'], 'old')
    const queryFn = vi.fn(() => new Promise<string>((resolve) => setTimeout(() => resolve('new'), 1)))
    observe(client, ['busy'], queryFn)
    void client.refetchQueries({ queryKey: ['busy'] })

    await invalidateKeys(client, [['busy']])

    expect(queryFn).toHaveBeenCalledTimes(2)
  })

  it('joins a fetch in flight with cancelRefetch: false', async () => {
    const client = createTestClient()
    client.setQueryData(['busy'], 'old')
    const queryFn = vi.fn(() => new Promise<string>((resolve) => setTimeout(() => resolve('new'), 1)))
    observe(client, ['busy'], queryFn)
    void client.refetchQueries({ queryKey: ['busy'] })

    await invalidateKeys(client, [['busy']], { cancelRefetch: false })

    expect(queryFn).toHaveBeenCalledTimes(1)
    expect(client.getQueryData(['busy'])).toBe('new')
  })

  it('finds its queries without scanning the cache once the index exists', async () => {
    const client = createTestClient()
    fill(client)
    getQueryIndex(client)
    const cache = client.getQueryCache()
    const getAll = vi.spyOn(cache, 'getAll')
    const findAll = vi.spyOn(cache, 'findAll')
    const find = vi.spyOn(cache, 'find')
    observe(client, ['projects', 'detail', 'p1'], () => 'fresh')

    await invalidateKeys(client, [['projects'], ['users', { v: 2 }]])
    await invalidateKeys(client, [['flags', true, null]], { exact: true, refetch: 'all' })

    expect(getAll).not.toHaveBeenCalled()
    expect(findAll).not.toHaveBeenCalled()
    expect(find).not.toHaveBeenCalled()
  })

  it('announces the invalidation with its keys, source and match count', async () => {
    const client = createTestClient()
    fill(client)
    const records: Array<unknown> = []
    cleanups.push(subscribeInvalidations(client, (record) => records.push(record)))

    await invalidateKeys(client, [['projects', 'detail']], { source: 'tab', refetch: 'none' })

    expect(records).toEqual([
      { source: 'tab', request: [{ key: ['projects', 'detail'], exact: false, refetch: 'none' }], matched: 3 },
    ])
  })

  it("refetches only the inactive queries with refetch: 'inactive', as TanStack's refetchType does", async () => {
    const client = createTestClient()
    const inactiveFn = vi.fn(() => 'fresh')
    await client.prefetchQuery({ queryKey: ['scope', 'inactive'], queryFn: inactiveFn })
    client.setQueryData(['scope', 'active'], 'old')
    const activeFn = vi.fn(() => 'fresh')
    observe(client, ['scope', 'active'], activeFn)
    inactiveFn.mockClear()

    await invalidateKeys(client, [['scope']], { refetch: 'inactive' })

    expect(inactiveFn).toHaveBeenCalledTimes(1)
    expect(activeFn).not.toHaveBeenCalled()
    expect(client.getQueryState(['scope', 'active'])?.isInvalidated).toBe(true)
  })

  it('rejects an unknown refetch value with an invalid-options ToolkitError before invalidating anything', () => {
    const client = createTestClient()
    fill(client)
    const refetch = 'inactiv' as unknown as 'active'

    expect(() => invalidateKeys(client, [['projects']], { refetch })).toThrow(
      /refetch must be one of .*'inactive'.*got "inactiv"/,
    )
    expect(cachedKeys.some((key) => client.getQueryState(key)?.isInvalidated)).toBe(false)
  })
})

describe('invalidateKeys with a listener that throws', () => {
  it('still invalidates, tells the other listeners, and reports the error', async () => {
    const client = createTestClient()
    fill(client)
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const heard: Array<string> = []
    cleanups.push(() => error.mockRestore())
    cleanups.push(
      subscribeInvalidations(client, () => {
        throw new Error('listener broke')
      }),
    )
    cleanups.push(subscribeInvalidations(client, (record) => heard.push(record.source)))

    await invalidateKeys(client, [['projects', 'detail', 'p1']], { exact: true })

    expect(client.getQueryState(['projects', 'detail', 'p1'])?.isInvalidated).toBe(true)
    expect(heard).toEqual(['manual'])
    expect(error).toHaveBeenCalledWith('[react-query-toolkit] an invalidation listener threw', expect.any(Error))
  })
})
