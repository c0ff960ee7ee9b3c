import { QueryObserver, useMutation } from '@tanstack/react-query'
import type { QueryClient, QueryKey } from '@tanstack/react-query'
import { act, renderHook } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createQueryKeys, defineMutation } from '../src/index'
import { createTestClient, providerFor } from './helpers/createTestClient'

interface Item {
  id: string
  name: string
}

const itemKeys = createQueryKeys('option-items', { list: (listId: string) => [listId] })

const cleanups: Array<() => void> = []
afterEach(() => {
  cleanups.splice(0).forEach((cleanup) => cleanup())
  vi.restoreAllMocks()
})

function observe(client: QueryClient, queryKey: QueryKey) {
  const queryFn = vi.fn(() => [])
  cleanups.push(new QueryObserver(client, { queryKey, queryFn, staleTime: Infinity }).subscribe(() => {}))
  return queryFn
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

/** A definition using every callback, and the log of what it did to the cache. */
function loggedDefinition(log: Array<string>, fail = false) {
  return defineMutation({
    mutationFn: async (input: Item): Promise<Item> => {
      log.push('mutationFn')
      if (fail) throw new Error('refused')
      return { ...input, name: 'saved' }
    },
    optimistic: {
      key: () => itemKeys.list('l1'),
      update: (list: Array<Item> | undefined, input) => [...(list ?? []), input],
    },
    writes: (item) => [[['option-items', 'detail', item.id], item]],
    invalidates: [itemKeys.list('l1')],
  })
}

describe('defineMutation options()', () => {
  it('runs in useMutation as the hook does: optimistic write, writes, invalidation, callbacks', async () => {
    const viaHook = createTestClient()
    const viaOptions = createTestClient()
    const fetches = [observe(viaHook, itemKeys.list('l1')), observe(viaOptions, itemKeys.list('l1'))]
    await settle()
    const calls: Array<Array<string>> = [[], []]
    const useAdd = loggedDefinition([])
    const overrides = (log: Array<string>) => ({
      onMutate: () => void log.push('onMutate'),
      onSuccess: () => void log.push('onSuccess'),
      onSettled: () => void log.push('onSettled'),
    })
    const hook = renderHook(() => useAdd(overrides(calls[0]!)), { wrapper: providerFor(viaHook) })
    const plain = renderHook(() => useMutation(useAdd.options(overrides(calls[1]!))), {
      wrapper: providerFor(viaOptions),
    })

    await act(() => hook.result.current.mutateAsync({ id: 'b', name: 'B' }))
    await act(() => plain.result.current.mutateAsync({ id: 'b', name: 'B' }))
    await settle()

    expect(calls[1]).toEqual(calls[0])
    expect(viaOptions.getQueryData(['option-items', 'detail', 'b'])).toEqual(
      viaHook.getQueryData(['option-items', 'detail', 'b']),
    )
    expect(fetches[1]).toHaveBeenCalledTimes(fetches[0]!.mock.calls.length)
    expect(plain.result.current.data).toEqual(hook.result.current.data)
  })

  it('runs outside React through the mutation cache, writing and invalidating', async () => {
    const client = createTestClient()
    const listFetch = observe(client, itemKeys.list('l1'))
    await settle()
    const useAdd = loggedDefinition([])

    const answer = await client.getMutationCache().build(client, useAdd.options()).execute({ id: 'b', name: 'B' })
    await settle()

    expect(answer).toEqual({ id: 'b', name: 'saved' })
    expect(client.getQueryData(['option-items', 'detail', 'b'])).toEqual(answer)
    expect(listFetch).toHaveBeenCalledTimes(2)
  })

  it('rolls the optimistic write back outside React when the mutation fails', async () => {
    const client = createTestClient()
    client.setQueryData(itemKeys.list('l1'), [{ id: 'a', name: 'A' }])
    const before = client.getQueryData(itemKeys.list('l1'))
    const useAdd = loggedDefinition([], true)

    await expect(
      client.getMutationCache().build(client, useAdd.options()).execute({ id: 'b', name: 'B' }),
    ).rejects.toThrow('refused')

    expect(client.getQueryData(itemKeys.list('l1'))).toBe(before)
  })

  it('calls the overrides after the definition, with the optimistic context', async () => {
    const client = createTestClient()
    const onError = vi.fn()
    const useAdd = loggedDefinition([], true)

    await client
      .getMutationCache()
      .build(client, useAdd.options({ onError }))
      .execute({ id: 'b', name: 'B' })
      .catch(() => {})

    expect(onError).toHaveBeenCalledWith(
      expect.any(Error),
      { id: 'b', name: 'B' },
      { key: itemKeys.list('l1'), layer: expect.any(Number) },
      expect.objectContaining({ client }),
    )
  })

  it('gives the mutation key of the name', () => {
    const useRename = defineMutation({ name: 'options-test.rename', mutationFn: async (input: Item) => input })

    expect(useRename.options().mutationKey).toEqual(['options-test.rename'])
  })

  it('keeps an explicit mutationKey over the name', () => {
    const useRename = defineMutation({
      name: 'options-test.keyed',
      mutationKey: ['explicit'],
      mutationFn: async (input: Item) => input,
    })

    expect(useRename.options().mutationKey).toEqual(['explicit'])
  })

  it('keeps the definition mutationFn over an override', () => {
    const mutationFn = async (input: Item) => input
    const useRename = defineMutation({ mutationFn })

    expect(useRename.options({ mutationFn: vi.fn() } as never).mutationFn).toBe(mutationFn)
  })
})
