import { QueryClient } from '@tanstack/react-query'
import { describe, expectTypeOf, it } from 'vitest'
import { defineMutation } from '../../src/index'
import type { MutationFnContext } from '../../src/index'
import { createIndexedDBPersister, createMutationOutbox, useOutbox } from '../../src/persist'
import type { MutationOutbox, OutboxEntry, UseOutboxResult } from '../../src/persist'

declare const rename: (input: { id: string; name: string }, idempotencyKey: string) => Promise<{ id: string }>

describe('durable mutation types', () => {
  it('gives mutationFn an idempotency key in its second argument', () => {
    defineMutation({
      name: 'types.rename',
      durable: true,
      mutationFn: (input: { id: string; name: string }, context) => {
        expectTypeOf(context).toEqualTypeOf<MutationFnContext>()
        expectTypeOf(context.idempotencyKey).toEqualTypeOf<string>()
        expectTypeOf(context.client).toEqualTypeOf<QueryClient>()
        return rename(input, context.idempotencyKey)
      },
    })
  })

  it('rejects a durable mutation that is also sensitive, on its sensitive property', () => {
    defineMutation({
      name: 'types.secret',
      durable: true,
      // @ts-expect-error a sensitive input is never written to disk, so it cannot be durable
      sensitive: true,
      mutationFn: (input: { password: string }) => Promise.resolve(input),
    })
  })

  it('rejects a durable mutation without a name', () => {
    // @ts-expect-error durable records are stored by name
    defineMutation({
      durable: true,
      mutationFn: (input: { id: string }) => Promise.resolve(input),
    })
  })

  it('requires a name when durable is only known as a boolean', () => {
    const durable: boolean = Math.random() > 0.5
    // @ts-expect-error durable records are stored by name
    defineMutation({ durable, mutationFn: (input: { id: string }) => Promise.resolve(input) })
    defineMutation({ name: 'types.maybe', durable, mutationFn: (input: { id: string }) => Promise.resolve(input) })
  })

  it('accepts sensitive alone, and durable false with sensitive', () => {
    defineMutation({ sensitive: true, mutationFn: (input: { password: string }) => Promise.resolve(input) })
    defineMutation({ durable: false, sensitive: true, mutationFn: (input: string) => Promise.resolve(input) })
  })
})

describe('createMutationOutbox types', () => {
  it('returns an outbox whose snapshot lists entries, and useOutbox reads it with its actions', () => {
    const useRename = defineMutation({
      name: 'types.outbox.rename',
      durable: true,
      mutationFn: (input: { id: string; name: string }, { idempotencyKey }) => rename(input, idempotencyKey),
    })
    const outbox = createMutationOutbox(new QueryClient(), createIndexedDBPersister({ namespace: 'u1' }), {
      mutations: [useRename],
    })
    expectTypeOf(outbox).toEqualTypeOf<MutationOutbox>()
    expectTypeOf(outbox.getSnapshot().pending).toEqualTypeOf<ReadonlyArray<OutboxEntry>>()
    expectTypeOf(outbox.retry).parameter(0).toEqualTypeOf<string>()
    expectTypeOf(useOutbox).parameter(0).toEqualTypeOf<MutationOutbox>()
    expectTypeOf(useOutbox).returns.toEqualTypeOf<UseOutboxResult>()
    expectTypeOf<UseOutboxResult['failed']>().toEqualTypeOf<ReadonlyArray<OutboxEntry>>()
    expectTypeOf<UseOutboxResult['replaying']>().toEqualTypeOf<boolean>()
  })

  it('requires the mutations list', () => {
    // @ts-expect-error the outbox sends only the definitions it is given
    createMutationOutbox(new QueryClient(), createIndexedDBPersister({ namespace: 'u1' }), {})
  })
})
