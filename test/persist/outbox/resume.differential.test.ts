// TanStack's own paused-mutation persistence (dehydrate, hydrate into a new client, resumePausedMutations)
// against the outbox (record, new client and outbox over the same storage, replay), on the same writes made
// offline: the order each scope's writes reach the server, and that each is sent once, must agree.
import { QueryClient, dehydrate, hydrate } from '@tanstack/react-query'
import { afterEach, describe, expect, it } from 'vitest'
import { defineMutation } from '../../../src/defineMutation'
import { device, openTab, settle, setOnline, uniqueName } from './harness'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup()
  setOnline(true)
})

interface Write {
  scope: string
  name: string
}

const scenarios: Array<{ title: string; writes: Array<Write> }> = [
  { title: 'one scope', writes: ['a', 'b', 'c', 'd'].map((name) => ({ scope: 's1', name })) },
  {
    title: 'two interleaved scopes',
    writes: [
      { scope: 's1', name: 'a' },
      { scope: 's2', name: 'x' },
      { scope: 's1', name: 'b' },
      { scope: 's2', name: 'y' },
      { scope: 's1', name: 'c' },
    ],
  },
]

/** Per scope, the writes in the order the server received them. */
const byScope = (received: Array<Write>) => {
  const scopes = new Map<string, Array<string>>()
  for (const { scope, name } of received) scopes.set(scope, [...(scopes.get(scope) ?? []), name])
  return Object.fromEntries([...scopes].sort(([a], [b]) => (a < b ? -1 : 1)))
}

async function throughTanStack(writes: Array<Write>): Promise<Array<Write>> {
  const received: Array<Write> = []
  const defaults = (client: QueryClient) =>
    client.setMutationDefaults(['rename'], {
      mutationFn: async (input: Write) => {
        received.push(input)
        await settle(1)
        return input
      },
    })
  setOnline(false)
  const before = new QueryClient()
  defaults(before)
  for (const write of writes) {
    void before
      .getMutationCache()
      .build(before, { mutationKey: ['rename'], scope: { id: write.scope } })
      .execute(write)
      .catch(() => {})
  }
  await settle()
  const state = dehydrate(before)
  const after = new QueryClient()
  defaults(after)
  hydrate(after, state)
  setOnline(true)
  await after.resumePausedMutations()
  await settle()
  return received
}

async function throughOutbox(writes: Array<Write>): Promise<Array<Write>> {
  const received: Array<Write> = []
  const useRename = defineMutation({
    name: uniqueName('differential.rename'),
    durable: true,
    mutationFn: async (input: Write) => {
      received.push(input)
      await settle(1)
      return input
    },
  })
  const on = device()
  setOnline(false)
  const before = openTab(on, [useRename], cleanups)
  await before.outbox.ready
  for (const write of writes) {
    before.client
      .getMutationCache()
      .build(before.client, useRename.options({ scope: { id: write.scope } }))
      .execute(write)
      .catch(() => {})
  }
  await settle()
  before.outbox.stop()
  const after = openTab(on, [useRename], cleanups)
  await after.outbox.ready
  setOnline(true)
  await after.outbox.replay()
  await settle()
  return received
}

describe('resumed writes: the outbox against TanStack dehydrate + resumePausedMutations', () => {
  for (const { title, writes } of scenarios) {
    it(`sends each scope's writes in the same order, each once (${title})`, async () => {
      const tanstack = await throughTanStack(writes)
      const outbox = await throughOutbox(writes)
      expect(tanstack).toHaveLength(writes.length)
      expect(byScope(outbox)).toEqual(byScope(tanstack))
      expect(outbox).toHaveLength(tanstack.length)
    })
  }
})
