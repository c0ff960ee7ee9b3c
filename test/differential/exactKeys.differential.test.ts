// Item 17 of issue 11: `invalidateKeys(…, { exact: true })` selects what `invalidateQueries({ queryKey,
// exact: true })` selects, including keys that hash equal without being equal element by element, under
// the client's and each query's own `queryKeyHashFn`.
import type { QueryClient, QueryKey } from '@tanstack/react-query'
import { describe, expect, it } from 'vitest'
import { invalidateKeys } from '../../src/index'
import { createTestClient } from '../helpers/createTestClient'

describe('invalidateKeys with exact, keys that hash equal', () => {
  const when = new Date('2026-01-02T03:04:05.000Z')

  async function bothSelect(cached: QueryKey, filter: QueryKey, config: Parameters<typeof createTestClient>[0] = {}) {
    const ours = createTestClient(config)
    const theirs = createTestClient(config)
    for (const client of [ours, theirs]) client.setQueryData(cached, 'cached')
    await invalidateKeys(ours, [filter], { exact: true })
    await theirs.invalidateQueries({ queryKey: filter, exact: true })
    return [ours.getQueryState(cached)?.isInvalidated, theirs.getQueryState(cached)?.isInvalidated]
  }

  it('matches a cached Date with its ISO string, as a key that came over the wire as JSON', async () => {
    expect(await bothSelect(['events', when], ['events', when.toISOString()])).toEqual([true, true])
  })

  it('matches a cached object with toJSON with the value it serialises to', async () => {
    const id = { toJSON: () => 'id-7' }
    expect(await bothSelect(['item', id], ['item', 'id-7'])).toEqual([true, true])
  })

  it('matches a cached plain object with its keys in another order', async () => {
    expect(await bothSelect(['list', { b: 2, a: 1 }], ['list', { a: 1, b: 2 }])).toEqual([true, true])
  })

  it("uses the client's default queryKeyHashFn", async () => {
    const queryKeyHashFn = (key: QueryKey) => JSON.stringify(key).toLowerCase()
    const config = { defaultOptions: { queries: { queryKeyHashFn } } }
    expect(await bothSelect(['Users', 'ME'], ['users', 'me'], config)).toEqual([true, true])
  })

  it("uses a query's own queryKeyHashFn", async () => {
    const queryKeyHashFn = (key: QueryKey) => String(key[0])
    const ours = createTestClient()
    const theirs = createTestClient()
    for (const client of [ours, theirs]) {
      await client.prefetchQuery({ queryKey: ['report', 2026], queryFn: () => 'r', queryKeyHashFn })
      client.setQueryData(['report', 2025], 'plain')
    }

    await invalidateKeys(ours, [['report', 'any']], { exact: true })
    await theirs.invalidateQueries({ queryKey: ['report', 'any'], exact: true })

    const flags = (client: QueryClient) =>
      client
        .getQueryCache()
        .getAll()
        .map((query) => [query.queryHash, query.state.isInvalidated])
    expect(flags(ours)).toEqual(flags(theirs))
    expect(flags(ours)).toEqual([
      ['report', true],
      ['["report",2025]', false],
    ])
  })

  it('still tells apart keys that do not hash equal', async () => {
    expect(await bothSelect(['events', when], ['events', '2026-01-02'])).toEqual([false, false])
  })
})
