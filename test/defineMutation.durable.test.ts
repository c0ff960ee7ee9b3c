import { QueryClient } from '@tanstack/react-query'
import { describe, expect, it, vi } from 'vitest'
import { defineMutation } from '../src/defineMutation'
import { isToolkitError } from '../src/errors'

let count = 0
const uniqueName = () => `durable.test.${++count}.${Math.random()}`

describe('defineMutation durable and sensitive', () => {
  it('throws ToolkitError invalid-options for a durable mutation that is also sensitive', () => {
    const define = () =>
      defineMutation({
        name: uniqueName(),
        durable: true,
        sensitive: true,
        mutationFn: (input: string) => Promise.resolve(input),
      } as never)
    expect(define).toThrow(/sensitive mutation cannot be durable/)
    try {
      define()
    } catch (error) {
      expect(isToolkitError(error, 'invalid-options')).toBe(true)
    }
  })

  it('throws ToolkitError invalid-options for a durable mutation without a name', () => {
    expect(() =>
      defineMutation({ durable: true, mutationFn: (input: string) => Promise.resolve(input) } as never),
    ).toThrow(expect.objectContaining({ code: 'invalid-options', message: expect.stringMatching(/needs a name/) }))
  })

  it('gives a mutation that is not durable a fresh idempotency key on each call, beside TanStack’s context', async () => {
    const mutationFn = vi.fn((input: string, _context: { idempotencyKey: string }) => Promise.resolve(input))
    const useSave = defineMutation({ mutationFn })
    const client = new QueryClient()
    await client.getMutationCache().build(client, useSave.options()).execute('a')
    await client.getMutationCache().build(client, useSave.options()).execute('b')
    const [first, second] = mutationFn.mock.calls.map(([, context]) => context)
    expect(first).toMatchObject({ client, idempotencyKey: expect.any(String) })
    expect(first!.idempotencyKey).not.toBe(second!.idempotencyKey)
  })

  it('keeps one key across TanStack’s own retries of one call', async () => {
    const keys: Array<string> = []
    const useSave = defineMutation({
      mutationFn: async (input: string, { idempotencyKey }) => {
        keys.push(idempotencyKey)
        if (keys.length === 1) throw new Error('flaky')
        return input
      },
    })
    const client = new QueryClient()
    await client
      .getMutationCache()
      .build(client, useSave.options({ retry: 1, retryDelay: 0 }))
      .execute('a')
    expect(keys).toHaveLength(2)
    expect(keys[0]).toBe(keys[1])
  })

  it('runs a durable mutation as a plain one when no outbox is attached to its client', async () => {
    const mutationFn = vi.fn((input: string) => Promise.resolve(input.toUpperCase()))
    const useSave = defineMutation({ name: uniqueName(), durable: true, mutationFn })
    const client = new QueryClient()
    expect(await client.getMutationCache().build(client, useSave.options()).execute('a')).toBe('A')
    expect(mutationFn).toHaveBeenCalledTimes(1)
  })
})
