import { QueryObserver } from '@tanstack/react-query'
import type { QueryClient, QueryKey } from '@tanstack/react-query'
import { act, renderHook, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createQueryKeys, defineMutation, defineQueries } from '../src/index'
import { subscribeInvalidations } from '../src/internal/invalidationEvents'
import { createTestClient, deferred, providerFor } from './helpers/createTestClient'

interface Item {
  id: string
  name: string
}

const itemKeys = createQueryKeys('items', {
  list: (listId: string) => [listId],
  detail: (id: string) => [id],
  other: null,
})

const cleanups: Array<() => void> = []
afterEach(() => {
  cleanups.splice(0).forEach((cleanup) => cleanup())
  vi.restoreAllMocks()
})

function observe(client: QueryClient, queryKey: QueryKey, queryFn: () => unknown) {
  cleanups.push(
    new QueryObserver(client, { queryKey, queryFn, staleTime: Number.POSITIVE_INFINITY }).subscribe(() => {}),
  )
}

/** A mutation function whose calls the test settles one by one. */
function controlledMutation() {
  const calls: Array<ReturnType<typeof deferred<Item>>> = []
  const mutationFn = vi.fn((_input: Item) => {
    const call = deferred<Item>()
    calls.push(call)
    return call.promise
  })
  return { calls, mutationFn }
}

const addItem = (current: Array<Item> | undefined, input: Item) => [...(current ?? []), input]

/** Optimistic adds to list l1 that the server accepts, and that it refuses. */
const useAcceptedAdd = defineMutation({
  mutationFn: async (input: Item) => input,
  optimistic: { key: () => itemKeys.list('l1'), update: addItem },
})
const useRefusedAdd = defineMutation({
  mutationFn: async (_input: Item): Promise<Item> => {
    throw new Error('refused')
  },
  optimistic: { key: () => itemKeys.list('l1'), update: addItem },
})

function renderMutation<TResult>(client: QueryClient, hook: () => TResult) {
  return renderHook(hook, { wrapper: providerFor(client) })
}

/**
 * Adds item b to list l1 through an optimistic mutation and has the server refuse it once the
 * optimistic write is in the cache; resolves when the mutation has failed.
 */
async function refusedOptimisticAdd(client: QueryClient) {
  const { mutationFn, calls } = controlledMutation()
  const useAdd = defineMutation({ mutationFn, optimistic: { key: () => itemKeys.list('l1'), update: addItem } })
  const { result } = renderMutation(client, () => useAdd())
  act(() => result.current.mutate({ id: 'b', name: 'B' }))
  await waitFor(() => expect(calls).toHaveLength(1))
  expect(client.getQueryData(itemKeys.list('l1'))).toContainEqual({ id: 'b', name: 'B' })
  calls[0]!.reject(new Error('refused'))
  await waitFor(() => expect(result.current.isError).toBe(true))
}

const invalidated = (client: QueryClient, key: QueryKey) => client.getQueryState(key)?.isInvalidated

describe('defineMutation optimistic updates', () => {
  it('writes the optimistic data before the server answers', async () => {
    const client = createTestClient()
    client.setQueryData(itemKeys.list('l1'), [{ id: 'a', name: 'A' }])
    const { mutationFn } = controlledMutation()
    const useAdd = defineMutation({ mutationFn, optimistic: { key: () => itemKeys.list('l1'), update: addItem } })
    const { result } = renderMutation(client, () => useAdd())

    act(() => result.current.mutate({ id: 'b', name: 'B' }))

    await waitFor(() => expect(mutationFn).toHaveBeenCalled())
    expect(client.getQueryData(itemKeys.list('l1'))).toEqual([
      { id: 'a', name: 'A' },
      { id: 'b', name: 'B' },
    ])
  })

  it('cancels an in-flight fetch of the optimistic key before writing', async () => {
    const client = createTestClient()
    client.setQueryData(itemKeys.list('l1'), [{ id: 'a', name: 'A' }])
    let fetchSignal: AbortSignal | undefined
    const staleAnswer = deferred<Array<Item>>()
    void client
      .fetchQuery({
        queryKey: itemKeys.list('l1'),
        queryFn: ({ signal }) => {
          fetchSignal = signal
          return staleAnswer.promise
        },
      })
      .catch(() => {})
    const { mutationFn } = controlledMutation()
    const useAdd = defineMutation({ mutationFn, optimistic: { key: () => itemKeys.list('l1'), update: addItem } })
    const { result } = renderMutation(client, () => useAdd())

    act(() => result.current.mutate({ id: 'b', name: 'B' }))
    await waitFor(() => expect(mutationFn).toHaveBeenCalled())
    staleAnswer.resolve([])
    await Promise.resolve()

    expect(fetchSignal?.aborted).toBe(true)
    expect(client.getQueryState(itemKeys.list('l1'))?.fetchStatus).toBe('idle')
    expect(client.getQueryData(itemKeys.list('l1'))).toHaveLength(2)
  })

  it('restores the data and its update time exactly when the mutation fails', async () => {
    const client = createTestClient()
    client.setQueryData(itemKeys.list('l1'), [{ id: 'a', name: 'A' }], { updatedAt: 1_000 })
    const before = client.getQueryData(itemKeys.list('l1'))

    await refusedOptimisticAdd(client)

    expect(client.getQueryData(itemKeys.list('l1'))).toBe(before)
    expect(client.getQueryState(itemKeys.list('l1'))?.dataUpdatedAt).toBe(1_000)
  })

  it('removes the query again when the mutation fails and nothing was cached before', async () => {
    const client = createTestClient()

    await refusedOptimisticAdd(client)

    expect(client.getQueryCache().find({ queryKey: itemKeys.list('l1'), exact: true })).toBeUndefined()
  })

  it('resets a query that existed without data when the mutation fails', async () => {
    const client = createTestClient()
    client.getQueryCache().build(client, { queryKey: itemKeys.list('l1') })

    await refusedOptimisticAdd(client)

    const state = client.getQueryState(itemKeys.list('l1'))
    expect(state?.data).toBeUndefined()
    expect(state?.status).toBe('pending')
    expect(state?.dataUpdatedAt).toBe(0)
  })

  it('invalidates the optimistic key when the mutation succeeds', async () => {
    const client = createTestClient()
    client.setQueryData(itemKeys.list('l1'), [])
    const { result } = renderMutation(client, () => useAcceptedAdd())

    await act(() => result.current.mutateAsync({ id: 'b', name: 'B' }))

    await waitFor(() => expect(invalidated(client, itemKeys.list('l1'))).toBe(true))
  })

  it('invalidates the optimistic key when the mutation fails', async () => {
    const client = createTestClient()
    client.setQueryData(itemKeys.list('l1'), [])
    const { result } = renderMutation(client, () => useRefusedAdd())

    await act(() => result.current.mutateAsync({ id: 'b', name: 'B' }).catch(() => {}))

    await waitFor(() => expect(invalidated(client, itemKeys.list('l1'))).toBe(true))
    expect(client.getQueryData(itemKeys.list('l1'))).toEqual([])
  })

  describe('two overlapping mutations on one key', () => {
    async function overlap() {
      const client = createTestClient()
      client.setQueryData(itemKeys.list('l1'), [{ id: 'a', name: 'A' }])
      const listFetch = vi.fn(() => [
        { id: 'a', name: 'A' },
        { id: 'second', name: 'Second' },
      ])
      observe(client, itemKeys.list('l1'), listFetch)
      const { mutationFn, calls } = controlledMutation()
      const useAdd = defineMutation({ mutationFn, optimistic: { key: () => itemKeys.list('l1'), update: addItem } })
      const first = renderMutation(client, () => useAdd())
      const second = renderMutation(client, () => useAdd())
      act(() => first.result.current.mutate({ id: 'first', name: 'First' }))
      await waitFor(() => expect(calls).toHaveLength(1))
      act(() => second.result.current.mutate({ id: 'second', name: 'Second' }))
      await waitFor(() => expect(calls).toHaveLength(2))
      return { client, calls, first, second, listFetch }
    }

    const ids = (client: QueryClient) => client.getQueryData<Array<Item>>(itemKeys.list('l1'))?.map((item) => item.id)

    it('shows both optimistic items while both are pending', async () => {
      const { client } = await overlap()
      expect(ids(client)).toEqual(['a', 'first', 'second'])
    })

    it('keeps the second item and drops the first when the first fails while the second is pending', async () => {
      const { client, calls, first } = await overlap()

      calls[0]!.reject(new Error('refused'))
      await waitFor(() => expect(first.result.current.isError).toBe(true))

      expect(ids(client)).toEqual(['a', 'second'])
    })

    it('holds back the invalidation of the key until both have settled', async () => {
      const { client, calls, first, second, listFetch } = await overlap()

      calls[0]!.reject(new Error('refused'))
      await waitFor(() => expect(first.result.current.isError).toBe(true))
      expect(invalidated(client, itemKeys.list('l1'))).toBe(false)
      expect(listFetch).not.toHaveBeenCalled()

      calls[1]!.resolve({ id: 'second', name: 'Second' })
      await waitFor(() => expect(second.result.current.isSuccess).toBe(true))
      await waitFor(() => expect(listFetch).toHaveBeenCalled())
      await waitFor(() => expect(client.isFetching()).toBe(0))
      expect(listFetch).toHaveBeenCalledTimes(1)
      expect(ids(client)).toEqual(['a', 'second'])
    })
  })
})

describe('defineMutation refetches', () => {
  it('refetches an active query once when both invalidates and the optimistic key reach it', async () => {
    const client = createTestClient()
    client.setQueryData(itemKeys.list('l1'), [])
    const listFetch = vi.fn(() => [{ id: 'b', name: 'B' }])
    observe(client, itemKeys.list('l1'), listFetch)
    const useAdd = defineMutation({
      mutationFn: async (input: Item) => input,
      invalidates: [itemKeys.list.scope, { tag: 'nothing' }],
      optimistic: { key: () => itemKeys.list('l1'), update: addItem },
    })
    const { result } = renderMutation(client, () => useAdd())

    await act(() => result.current.mutateAsync({ id: 'b', name: 'B' }))
    await waitFor(() => expect(listFetch).toHaveBeenCalled())
    await waitFor(() => expect(client.isFetching()).toBe(0))

    expect(listFetch).toHaveBeenCalledTimes(1)
  })

  it('announces its invalidations with the mutation source', async () => {
    const client = createTestClient()
    client.setQueryData(itemKeys.list('l1'), [])
    const records: Array<unknown> = []
    cleanups.push(subscribeInvalidations(client, (record) => records.push(record)))
    const useAdd = defineMutation({
      mutationFn: async (input: Item) => input,
      invalidates: [{ tag: 'item:b' }],
      optimistic: { key: () => itemKeys.list('l1'), update: addItem },
    })
    const { result } = renderMutation(client, () => useAdd())

    await act(() => result.current.mutateAsync({ id: 'b', name: 'B' }))

    await waitFor(() =>
      expect(records).toEqual([
        {
          source: 'mutation',
          request: [
            { key: itemKeys.list('l1'), exact: true, refetch: 'active' },
            { tag: 'item:b', refetch: 'active' },
          ],
          matched: 1,
        },
      ]),
    )
  })
})

describe('defineMutation invalidates', () => {
  async function settle(options: {
    fail?: boolean
    invalidates: Parameters<typeof defineMutation<Item, Item>>[0]['invalidates']
  }) {
    const client = createTestClient()
    client.setQueryData(itemKeys.list('l1'), [])
    client.setQueryData(itemKeys.list('l2'), [])
    client.setQueryData(itemKeys.detail('i1'), { id: 'i1', name: 'One' })
    client.setQueryData([...itemKeys.detail('i1'), 'comments'], [])
    client.setQueryData(itemKeys.other, 1)
    const useSave = defineMutation<Item, Item>({
      mutationFn: async (input) => {
        if (options.fail) throw new Error('refused')
        return input
      },
      invalidates: options.invalidates,
    })
    const { result } = renderMutation(client, () => useSave())
    await act(() => result.current.mutateAsync({ id: 'i1', name: 'One' }).catch(() => {}))
    return client
  }

  it('invalidates a key and every key it prefixes', async () => {
    const client = await settle({ invalidates: [itemKeys.list.scope] })
    await waitFor(() => expect(invalidated(client, itemKeys.list('l1'))).toBe(true))
    expect(invalidated(client, itemKeys.list('l2'))).toBe(true)
    expect(invalidated(client, itemKeys.detail('i1'))).toBe(false)
  })

  it('invalidates an exact key only', async () => {
    const client = await settle({ invalidates: [{ key: itemKeys.detail('i1'), exact: true }] })
    await waitFor(() => expect(invalidated(client, itemKeys.detail('i1'))).toBe(true))
    expect(invalidated(client, [...itemKeys.detail('i1'), 'comments'])).toBe(false)
  })

  it('invalidates the holders of a tag', async () => {
    const client = createTestClient()
    const queries = defineQueries(itemKeys, {
      detail: { queryFn: (id: string) => ({ id, name: 'One' }), tags: (_item: Item, id) => [`item:${id}`] },
    })
    await client.prefetchQuery(queries.detail('i1'))
    const useSave = defineMutation({ mutationFn: async (input: Item) => input, invalidates: [{ tag: 'item:i1' }] })
    const { result } = renderMutation(client, () => useSave())

    await act(() => result.current.mutateAsync({ id: 'i1', name: 'One' }))

    await waitFor(() => expect(invalidated(client, queries.detail('i1').queryKey)).toBe(true))
  })

  it('computes targets from the result and the input', async () => {
    const spy = vi.fn((item: Item | undefined, input: Item) => [itemKeys.detail(item?.id ?? input.id)])
    const client = await settle({ invalidates: spy })
    await waitFor(() => expect(invalidated(client, itemKeys.detail('i1'))).toBe(true))
    expect(spy).toHaveBeenCalledWith({ id: 'i1', name: 'One' }, { id: 'i1', name: 'One' })
  })

  it('invalidates after a failure too, with undefined data', async () => {
    const spy = vi.fn((_item: Item | undefined, input: Item) => [itemKeys.detail(input.id)])
    const client = await settle({ fail: true, invalidates: spy })
    await waitFor(() => expect(invalidated(client, itemKeys.detail('i1'))).toBe(true))
    expect(spy).toHaveBeenCalledWith(undefined, { id: 'i1', name: 'One' })
  })

  it('settles as a success and reports the error when invalidates throws', async () => {
    const client = createTestClient()
    const onInvalidateError = vi.fn()
    const failure = new Error('bad targets')
    const useSave = defineMutation({
      mutationFn: async (input: Item) => input,
      invalidates: () => {
        throw failure
      },
      onInvalidateError,
    })
    const { result } = renderMutation(client, () => useSave())

    await act(() => result.current.mutateAsync({ id: 'i1', name: 'One' }))

    await waitFor(() => expect(result.current.status).toBe('success'))
    expect(onInvalidateError).toHaveBeenCalledWith(failure, { id: 'i1', name: 'One' })
  })

  it('logs the error with console.error when invalidates throws and no handler is given', async () => {
    const client = createTestClient()
    const log = vi.spyOn(console, 'error').mockImplementation(() => {})
    const useSave = defineMutation({
      mutationFn: async (input: Item) => input,
      invalidates: () => {
        throw new Error('bad targets')
      },
    })
    const { result } = renderMutation(client, () => useSave())

    await act(() => result.current.mutateAsync({ id: 'i1', name: 'One' }))

    await waitFor(() => expect(result.current.status).toBe('success'))
    expect(log).toHaveBeenCalledWith(expect.stringContaining('could not invalidate'), expect.any(Error))
  })

  it('reports an invalid target and still settles', async () => {
    const client = createTestClient()
    const onInvalidateError = vi.fn()
    const useSave = defineMutation({
      mutationFn: async (input: Item) => input,
      invalidates: [null as never],
      onInvalidateError,
    })
    const { result } = renderMutation(client, () => useSave())

    await act(() => result.current.mutateAsync({ id: 'i1', name: 'One' }))

    await waitFor(() => expect(result.current.status).toBe('success'))
    await waitFor(() => expect(onInvalidateError).toHaveBeenCalled())
  })
})

describe('defineMutation overrides', () => {
  it('calls the overrides callbacks on success with the optimistic context', async () => {
    const client = createTestClient()
    client.setQueryData(itemKeys.list('l1'), [])
    const onMutate = vi.fn()
    const onSuccess = vi.fn()
    const onError = vi.fn()
    const onSettled = vi.fn()
    const { result } = renderMutation(client, () => useAcceptedAdd({ onMutate, onSuccess, onError, onSettled }))

    await act(() => result.current.mutateAsync({ id: 'b', name: 'B' }))

    const input = { id: 'b', name: 'B' }
    expect(onMutate).toHaveBeenCalledWith(input, expect.objectContaining({ client }))
    const optimisticContext = { key: itemKeys.list('l1'), layer: expect.any(Number) }
    expect(onSuccess).toHaveBeenCalledWith(input, input, optimisticContext, expect.objectContaining({ client }))
    expect(onSettled).toHaveBeenCalledWith(input, null, input, optimisticContext, expect.objectContaining({ client }))
    expect(onError).not.toHaveBeenCalled()
  })

  it('calls the overrides onError after the rollback', async () => {
    const client = createTestClient()
    client.setQueryData(itemKeys.list('l1'), [])
    let seenInOnError: unknown
    const onError = vi.fn(() => {
      seenInOnError = client.getQueryData(itemKeys.list('l1'))
    })
    const onSettled = vi.fn()
    const { result } = renderMutation(client, () => useRefusedAdd({ onError, onSettled }))

    await act(() => result.current.mutateAsync({ id: 'b', name: 'B' }).catch(() => {}))

    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'refused' }),
      { id: 'b', name: 'B' },
      { key: itemKeys.list('l1'), layer: expect.any(Number) },
      expect.objectContaining({ client }),
    )
    expect(seenInOnError).toEqual([])
    expect(onSettled).toHaveBeenCalledTimes(1)
  })

  it('runs the optimistic write before the overrides onMutate', async () => {
    const client = createTestClient()
    client.setQueryData(itemKeys.list('l1'), [])
    let seen: unknown
    const { result } = renderMutation(client, () =>
      useAcceptedAdd({ onMutate: () => void (seen = client.getQueryData(itemKeys.list('l1'))) }),
    )

    await act(() => result.current.mutateAsync({ id: 'b', name: 'B' }))

    expect(seen).toEqual([{ id: 'b', name: 'B' }])
  })

  it('keeps the mutationKey of the definition', async () => {
    const client = createTestClient()
    const gate = deferred<Item>()
    const useSave = defineMutation({ mutationFn: (_input: Item) => gate.promise, mutationKey: ['items', 'save'] })
    const { result } = renderMutation(client, () => useSave())

    act(() => result.current.mutate({ id: 'i1', name: 'One' }))

    await waitFor(() => expect(client.isMutating({ mutationKey: ['items', 'save'] })).toBe(1))
    gate.resolve({ id: 'i1', name: 'One' })
  })
})
