// @vitest-environment node
// The engine: one announced pass, each query invalidated once, the widest scope per query handed to
// the scheduler the caller picked.
import { QueryClient } from '@tanstack/react-query'
import type { Query } from '@tanstack/react-query'
import { afterEach, expect, it, vi } from 'vitest'
import { subscribeInvalidations } from '../../src/internal/invalidationEvents'
import type { InvalidationRecord } from '../../src/internal/invalidationEvents'
import type { Level } from '../../src/internal/invalidationRequest'
import { tagsOption } from '../../src/internal/queryTags'
import { QueryKeyError } from '../../src/errors'
import { runInvalidation } from '../../src/internal/runInvalidation'

const cleanups: Array<() => void> = []

/** An app's hash function that cannot hash keys starting with 'x'. */
const hashUnlessX = (key: ReadonlyArray<unknown>) => {
  if (key[0] === 'x') throw new Error('cannot hash')
  return JSON.stringify(key)
}

afterEach(() => {
  cleanups.splice(0).forEach((cleanup) => cleanup())
})

function setup() {
  const client = new QueryClient()
  const cache = client.getQueryCache()
  const tagged = cache.build(client, { queryKey: ['items', 'list'], [tagsOption]: () => ['item:1'] } as never)
  tagged.setData([])
  client.setQueryData(['items', 'detail'], {})
  client.setQueryData(['other'], 1)
  const records: Array<InvalidationRecord> = []
  cleanups.push(subscribeInvalidations(client, (record) => records.push(record)))
  const handed: Array<Map<string, Level>> = []
  const scheduler = (reached: ReadonlyMap<Query, Level>) => {
    handed.push(new Map([...reached].map(([query, level]) => [query.queryHash, level])))
    return Promise.resolve()
  }
  const invalidations = vi.spyOn(tagged, 'invalidate')
  return { client, records, handed, scheduler, invalidations }
}

it('announces one record for a pass reaching a query by its key and by a tag, and invalidates it once', async () => {
  const { client, records, scheduler, invalidations } = setup()
  const request = [
    { key: ['items'], exact: false, refetch: 'active' as const },
    { tag: 'item:1', refetch: 'active' as const },
  ]
  await runInvalidation(client, request, { source: 'mutation', scheduler })
  expect(records).toEqual([{ source: 'mutation', request, matched: 2 }])
  expect(invalidations).toHaveBeenCalledTimes(1)
})

it('hands each query to the scheduler once, with the union of the scopes that reached it', async () => {
  const { client, handed, scheduler } = setup()
  await runInvalidation(
    client,
    [
      { key: ['items', 'list'], exact: true, refetch: 'active' },
      { tag: 'item:1', refetch: 'inactive' },
      { key: ['other'], exact: false, refetch: 'none' },
    ],
    { source: 'stream', scheduler },
  )
  expect(handed).toEqual([
    new Map([
      ['["items","list"]', 3],
      ['["other"]', 0],
    ]),
  ])
})

it('reaches every cached query for an all target', async () => {
  const { client, records, scheduler } = setup()
  await runInvalidation(client, [{ all: true, refetch: 'none' }], { source: 'stream', scheduler })
  expect(records[0]?.matched).toBe(3)
  expect(
    client
      .getQueryCache()
      .getAll()
      .every((query) => query.state.isInvalidated),
  ).toBe(true)
})

it('announces nothing for an empty request', async () => {
  const { client, records, scheduler } = setup()
  await runInvalidation(client, [], { source: 'manual', scheduler })
  expect(records).toEqual([])
})

it('throws before invalidating anything when a key cannot be matched and no onMatchError is given', () => {
  const { client, records, scheduler } = setup()
  client.setQueryDefaults(['custom'], { queryKeyHashFn: hashUnlessX })
  client.setQueryData(['custom'], 1)
  expect(() =>
    runInvalidation(
      client,
      [
        { key: ['other'], exact: false, refetch: 'none' },
        { key: ['x'], exact: true, refetch: 'none' },
      ],
      { source: 'manual', scheduler },
    ),
  ).toThrow(QueryKeyError)
  expect(records).toEqual([])
  expect(client.getQueryState(['other'])?.isInvalidated).toBe(false)
})

it('leaves out a key that cannot be matched, tells onMatchError, and applies the rest', async () => {
  const { client, records, scheduler } = setup()
  client.setQueryDefaults(['custom'], { queryKeyHashFn: hashUnlessX })
  client.setQueryData(['custom'], 1)
  const onMatchError = vi.fn()
  await runInvalidation(
    client,
    [
      { key: ['x'], exact: true, refetch: 'none' },
      { key: ['other'], exact: false, refetch: 'none' },
    ],
    {
      source: 'stream',
      scheduler,
      onMatchError,
    },
  )
  expect(onMatchError).toHaveBeenCalledTimes(1)
  expect(records).toEqual([
    { source: 'stream', request: [{ key: ['other'], exact: false, refetch: 'none' }], matched: 1 },
  ])
  expect(client.getQueryState(['other'])?.isInvalidated).toBe(true)
})

it('leaves a spared query valid, away from the scheduler and out of the matched count', async () => {
  const { client, records, handed, scheduler, invalidations } = setup()
  const request = [{ key: ['items'], exact: false, refetch: 'active' as const }]
  await runInvalidation(client, request, {
    source: 'mutation',
    scheduler,
    spare: (query) => query.queryKey[1] === 'list',
  })
  expect(invalidations).not.toHaveBeenCalled()
  expect(client.getQueryState(['items', 'detail'])?.isInvalidated).toBe(true)
  expect([...handed[0]!.keys()]).toEqual([JSON.stringify(['items', 'detail'])])
  expect(records[0]?.matched).toBe(1)
})
