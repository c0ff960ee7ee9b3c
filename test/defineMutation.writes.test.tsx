import { QueryObserver } from '@tanstack/react-query'
import type { QueryClient, QueryKey } from '@tanstack/react-query'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createQueryKeys, defineMutation, defineQueries, isToolkitError } from '../src/index'
import { subscribeInvalidations } from '../src/internal/invalidationEvents'
import { createTestClient, deferred } from './helpers/createTestClient'
import { freshDbName, persistInto, readDisk, stopAll } from './persist/helpers'

interface Item {
  id: string
  name: string
}

const itemKeys = createQueryKeys('write-items', {
  list: (listId: string) => [listId],
  detail: (id: string) => [id],
  secret: (id: string) => [id],
})
const itemQueries = defineQueries(itemKeys, {
  list: { queryFn: (): Array<Item> => [] },
  detail: { tier: 'long', queryFn: (id: string): Item => ({ id, name: 'fetched' }) },
  secret: { tier: 'sensitive', queryFn: (id: string) => ({ id, pin: '0000' }) },
})
const detailKey = (id: string) => itemQueries.detail(id).queryKey
const listKey = (id: string) => itemQueries.list(id).queryKey

const cleanups: Array<() => void> = []
afterEach(() => {
  cleanups.splice(0).forEach((cleanup) => cleanup())
  stopAll()
  vi.restoreAllMocks()
  vi.unstubAllEnvs()
})

/** An active observer of `queryKey` whose fetches are counted; the data is fresh until invalidated. */
function observe(client: QueryClient, queryKey: QueryKey, data: unknown) {
  const queryFn = vi.fn(() => data)
  cleanups.push(new QueryObserver(client, { queryKey, queryFn, staleTime: Infinity }).subscribe(() => {}))
  return queryFn
}

/** Runs a definition outside React, through the mutation cache. */
function run<TData, TInput>(client: QueryClient, hook: { options: () => object }, input: TInput): Promise<TData> {
  const options = hook.options() as Parameters<ReturnType<QueryClient['getMutationCache']>['build']>[1]
  return client.getMutationCache().build(client, options).execute(input) as Promise<TData>
}

const renameItem = async (input: Item): Promise<Item> => ({ ...input, name: input.name.toUpperCase() })
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('defineMutation writes', () => {
  it('writes the server answer into the listed entry', async () => {
    const client = createTestClient()
    client.setQueryData(detailKey('a'), { id: 'a', name: 'old' })
    const useRename = defineMutation({
      mutationFn: renameItem,
      writes: (item) => [[detailKey(item.id), item]],
    })

    await run(client, useRename, { id: 'a', name: 'new' })

    expect(client.getQueryData(detailKey('a'))).toEqual({ id: 'a', name: 'NEW' })
  })

  it('passes the cached value to an updater and writes what it returns', async () => {
    const client = createTestClient()
    client.setQueryData(listKey('l1'), [{ id: 'a', name: 'old' }])
    const useRename = defineMutation({
      mutationFn: renameItem,
      writes: (item) => [
        [
          listKey('l1'),
          (list: Array<Item> | undefined) => (list ?? []).map((each) => (each.id === item.id ? item : each)),
        ],
      ],
    })

    await run(client, useRename, { id: 'a', name: 'new' })

    expect(client.getQueryData(listKey('l1'))).toEqual([{ id: 'a', name: 'NEW' }])
  })

  it('writes before the invalidation pass starts', async () => {
    const client = createTestClient()
    const order: Array<string> = []
    cleanups.push(
      client.getQueryCache().subscribe((event) => {
        if (event.type === 'updated' && event.action.type === 'success') order.push(`write ${event.query.queryHash}`)
      }),
      subscribeInvalidations(client, () => order.push('invalidation')),
    )
    const useRename = defineMutation({
      mutationFn: renameItem,
      writes: (item) => [[detailKey(item.id), item]],
      invalidates: [listKey('l1')],
    })

    await run(client, useRename, { id: 'a', name: 'new' })

    expect(order).toEqual([`write ${JSON.stringify(detailKey('a'))}`, 'invalidation'])
  })

  it('does not refetch or invalidate a written entry that invalidates reaches only by a prefix or a tag', async () => {
    const client = createTestClient()
    const detailFetch = observe(client, detailKey('a'), { id: 'a', name: 'fetched' })
    const listFetch = observe(client, listKey('l1'), [])
    await settle()
    const useRename = defineMutation({
      mutationFn: renameItem,
      writes: (item) => [[detailKey(item.id), item]],
      invalidates: [itemKeys.scope],
    })

    await run(client, useRename, { id: 'a', name: 'new' })
    await settle()

    expect(listFetch).toHaveBeenCalledTimes(2)
    expect(detailFetch).toHaveBeenCalledTimes(1)
    expect(client.getQueryState(detailKey('a'))?.isInvalidated).toBe(false)
    expect(client.getQueryData(detailKey('a'))).toEqual({ id: 'a', name: 'NEW' })
  })

  it('refetches a written entry when invalidates names its key', async () => {
    const client = createTestClient()
    const detailFetch = observe(client, detailKey('a'), { id: 'a', name: 'fetched' })
    await settle()
    const useRename = defineMutation({
      mutationFn: renameItem,
      writes: (item) => [[detailKey(item.id), item]],
      invalidates: (item) => [{ key: detailKey(item!.id), exact: true }],
    })

    await run(client, useRename, { id: 'a', name: 'new' })
    await settle()

    expect(detailFetch).toHaveBeenCalledTimes(2)
  })

  it('replaces the optimistic layer by the server answer without going back to the snapshot or refetching', async () => {
    const client = createTestClient()
    const detailFetch = observe(client, detailKey('a'), { id: 'a', name: 'snapshot' })
    await settle()
    const seen: Array<unknown> = []
    cleanups.push(client.getQueryCache().subscribe(() => seen.push(client.getQueryData(detailKey('a')))))
    const answer = deferred<Item>()
    const useRename = defineMutation({
      mutationFn: (_input: Item) => answer.promise,
      optimistic: { key: (input) => detailKey(input.id), update: (_current: Item | undefined, input) => input },
      writes: (item) => [[detailKey(item.id), item]],
    })

    const done = run(client, useRename, { id: 'a', name: 'optimistic' })
    answer.resolve({ id: 'a', name: 'server' })
    await done
    await settle()

    const names = seen.map((data) => (data as Item | undefined)?.name).filter((name, i, all) => name !== all[i - 1])
    expect(names).toEqual(['optimistic', 'server'])
    expect(detailFetch).toHaveBeenCalledTimes(1)
  })

  it('never writes a sensitive entry to IndexedDB', async () => {
    const dbName = freshDbName()
    const { client, connection } = persistInto(dbName, createTestClient())
    await connection.restored
    const useReveal = defineMutation({
      mutationFn: async (id: string) => ({ id, pin: '9876' }),
      writes: (answer) => [
        [itemQueries.secret(answer.id).queryKey, answer],
        [detailKey(answer.id), { id: answer.id, name: 'visible' }],
      ],
    })

    await run(client, useReveal, 'a')
    await connection.flush()

    const disk = JSON.stringify([...(await readDisk(dbName)).entries()])
    expect(client.getQueryData(itemQueries.secret('a').queryKey)).toEqual({ id: 'a', pin: '9876' })
    expect(disk).toContain('visible')
    expect(disk).not.toContain('9876')
  })
})

describe('defineMutation writes that fail', () => {
  it('keeps the success, warns and still invalidates when writes throws', async () => {
    const client = createTestClient()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const listFetch = observe(client, listKey('l1'), [])
    await settle()
    const useRename = defineMutation({
      mutationFn: renameItem,
      writes: (): Array<[QueryKey, unknown]> => {
        throw new Error('bad writes')
      },
      invalidates: [listKey('l1')],
    })

    await expect(run(client, useRename, { id: 'a', name: 'new' })).resolves.toEqual({ id: 'a', name: 'NEW' })
    await settle()

    expect(warn).toHaveBeenCalledWith(expect.stringContaining('[react-query-toolkit]'), expect.any(Error))
    expect(listFetch).toHaveBeenCalledTimes(2)
  })

  it('skips a junk entry and writes the others', async () => {
    const client = createTestClient()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const useRename = defineMutation({
      mutationFn: renameItem,
      writes: (item) =>
        [
          ['not', 'a', 'pair'],
          [detailKey(item.id), item],
        ] as never,
    })

    await run(client, useRename, { id: 'a', name: 'new' })

    expect(warn).toHaveBeenCalledTimes(1)
    expect(client.getQueryData(detailKey('a'))).toEqual({ id: 'a', name: 'NEW' })
  })

  it('skips a writes result that is not an array', async () => {
    const client = createTestClient()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const useRename = defineMutation({ mutationFn: renameItem, writes: () => ({ length: 1, 0: 'x' }) as never })

    await expect(run(client, useRename, { id: 'a', name: 'new' })).resolves.toBeDefined()

    expect(warn).toHaveBeenCalledTimes(1)
  })

  it('skips an entry whose updater throws and writes the others', async () => {
    const client = createTestClient()
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const useRename = defineMutation({
      mutationFn: renameItem,
      writes: (item) => [
        [
          listKey('l1'),
          (): Array<Item> => {
            throw new Error('updater')
          },
        ],
        [detailKey(item.id), item],
      ],
    })

    await run(client, useRename, { id: 'a', name: 'new' })

    expect(client.getQueryData(detailKey('a'))).toEqual({ id: 'a', name: 'NEW' })
    expect(client.getQueryCache().find({ queryKey: listKey('l1'), exact: true })).toBeUndefined()
  })
})

describe('defineMutation name', () => {
  it('throws an invalid-options ToolkitError for a duplicate name in development', () => {
    defineMutation({ name: 'writes-test.duplicate', mutationFn: renameItem })

    let thrown: unknown
    try {
      defineMutation({ name: 'writes-test.duplicate', mutationFn: renameItem })
    } catch (error) {
      thrown = error
    }

    expect(isToolkitError(thrown, 'invalid-options')).toBe(true)
    expect((thrown as Error).message).toMatch(/^\[react-query-toolkit\] .*writes-test\.duplicate/)
  })

  it('takes a definition run again from the same place (hot module reload) as a new version, not a duplicate', () => {
    const defineFromOnePlace = () => defineMutation({ name: 'writes-test.reloaded', mutationFn: renameItem })
    defineFromOnePlace()

    expect(() => defineFromOnePlace()).not.toThrow()
    expect(() => defineMutation({ name: 'writes-test.reloaded', mutationFn: renameItem })).toThrow(/unique/)
  })

  it('does not check names in production', () => {
    vi.stubEnv('NODE_ENV', 'production')
    defineMutation({ name: 'writes-test.production', mutationFn: renameItem })

    expect(() => defineMutation({ name: 'writes-test.production', mutationFn: renameItem })).not.toThrow()
  })

  it('uses the name as the mutation key', async () => {
    const client = createTestClient()
    const useRename = defineMutation({ name: 'writes-test.key', mutationFn: renameItem })

    await run(client, useRename, { id: 'a', name: 'new' })

    expect(client.getMutationCache().find({ mutationKey: ['writes-test.key'] })).toBeDefined()
  })
})

describe('defineMutation writes against TanStack', () => {
  it('leaves the cache as the documented onSuccess setQueryData pattern does', async () => {
    const ours = createTestClient()
    const theirs = createTestClient()
    for (const client of [ours, theirs]) client.setQueryData(detailKey('a'), { id: 'a', name: 'old' }, { updatedAt: 5 })
    vi.useFakeTimers({ now: 1_000 })
    try {
      const useRename = defineMutation({ mutationFn: renameItem, writes: (item) => [[detailKey(item.id), item]] })
      await run(ours, useRename, { id: 'a', name: 'new' })
      await theirs
        .getMutationCache()
        .build(theirs, {
          mutationFn: renameItem,
          onSuccess: (item: Item) => theirs.setQueryData(detailKey(item.id), item),
        })
        .execute({ id: 'a', name: 'new' })
    } finally {
      vi.useRealTimers()
    }

    const { fetchMeta: _ours, ...ourState } = ours.getQueryState(detailKey('a'))!
    const { fetchMeta: _theirs, ...theirState } = theirs.getQueryState(detailKey('a'))!
    expect(ourState).toEqual(theirState)
  })
})

describe('defineMutation writes from a hostile answer', () => {
  it('skips an entry whose key cannot be hashed (a cycle) and writes the others', async () => {
    const client = createTestClient()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    const useRename = defineMutation({
      mutationFn: renameItem,
      writes: (item) => [
        [['write-items', cyclic], item],
        [detailKey(item.id), item],
      ],
    })

    await expect(run(client, useRename, { id: 'a', name: 'new' })).resolves.toBeDefined()

    expect(warn).toHaveBeenCalledTimes(1)
    expect(client.getQueryData(detailKey('a'))).toEqual({ id: 'a', name: 'NEW' })
  })

  it('keeps the success when the returned array throws on every read', async () => {
    const client = createTestClient()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const hostile = new Proxy([], {
      get: () => {
        throw new Error('hostile read')
      },
    })
    const useRename = defineMutation({ mutationFn: renameItem, writes: () => hostile as never })

    await expect(run(client, useRename, { id: 'a', name: 'new' })).resolves.toEqual({ id: 'a', name: 'NEW' })

    expect(warn).toHaveBeenCalledTimes(1)
  })

  it('writes nothing and holds nothing back when an updater returns undefined', async () => {
    const client = createTestClient()
    const listFetch = observe(client, listKey('l1'), [])
    await settle()
    const useRename = defineMutation({
      mutationFn: renameItem,
      writes: () => [[listKey('l1'), (): Array<Item> | undefined => undefined] as never],
      invalidates: [itemKeys.scope],
    })

    await run(client, useRename, { id: 'a', name: 'new' })
    await settle()

    expect(listFetch).toHaveBeenCalledTimes(2)
  })
})

describe('defineMutation writes with overlapping optimistic mutations', () => {
  it('refetches a written key that a later rollback overwrote before the pass', async () => {
    const client = createTestClient()
    const listFetch = observe(client, listKey('l1'), [{ id: 'server', name: 'list' }])
    await settle()
    const answers = [deferred<Array<Item>>(), deferred<Array<Item>>()]
    let call = 0
    const useAdd = defineMutation({
      mutationFn: (_input: Item) => answers[call++]!.promise,
      optimistic: {
        key: () => listKey('l1'),
        update: (list: Array<Item> | undefined, input) => [...(list ?? []), input],
      },
      writes: (list) => [[listKey('l1'), list]],
    })

    const first = run(client, useAdd, { id: 'a', name: 'A' })
    const second = run(client, useAdd, { id: 'b', name: 'B' }).catch(() => {})
    await settle()
    answers[0]!.resolve([{ id: 'a', name: 'saved' }])
    await first
    answers[1]!.reject(new Error('refused'))
    await second
    await settle()

    expect(listFetch).toHaveBeenCalledTimes(2)
    expect(client.getQueryData(listKey('l1'))).toEqual([{ id: 'server', name: 'list' }])
  })
})
