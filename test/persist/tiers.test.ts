import { dehydrate, hydrate, QueryClient } from '@tanstack/react-query'
import { act, renderHook, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { createQueryKeys, defineMutation, defineQueries } from '../../src'
import { providerFor } from '../helpers/createTestClient'
import { freshDbName, hashOf, newClient, persistInto, readDisk, stopAll, writeRaw } from './helpers'

const accountKeys = createQueryKeys('accounts', {
  profile: (id: string) => [id],
  iban: (id: string) => [id],
  ticker: null,
})
const accountQueries = defineQueries(accountKeys, {
  profile: { tier: 'long', queryFn: (id: string) => ({ id, name: 'Ada' }) },
  iban: { tier: 'sensitive', queryFn: (id: string) => ({ id, iban: 'DE00 0000' }) },
  ticker: { tier: 'realtime', queryFn: () => 42 },
})

// A parent key whose child is sensitive while the parent is not.
const cardKeys = createQueryKeys('cards', {
  detail: { key: (id: string) => [id], children: { pin: null } },
})
defineQueries(cardKeys, { detail: { tier: 'normal', queryFn: (id: string) => ({ id }) } })
defineQueries(cardKeys.detail, { pin: { tier: 'sensitive', queryFn: (id: string) => ({ id, pin: '1234' }) } })

// Keys from a hand-written factory (no `scope`): known once the definition builds them.
const handKeys = { secret: (id: string) => ['hand-made', 'secret', id] as const }
const handQueries = defineQueries(handKeys, {
  secret: { tier: 'sensitive', queryFn: (id: string) => ({ id, secret: 's3' }) },
})

const secret = { id: 'a1', iban: 'DE00 0000' }

afterEach(stopAll)

async function restoredClient() {
  const dbName = freshDbName()
  const { client, connection } = persistInto(dbName)
  await connection.restored
  return { dbName, client, connection }
}

async function diskText(dbName: string, connection: { flush: () => Promise<void> }): Promise<string> {
  await connection.flush()
  return JSON.stringify([...(await readDisk(dbName)).entries()])
}

describe('tiers from defineQueries', () => {
  it('persists a long-tier query and never the sensitive or realtime ones', async () => {
    const { dbName, client, connection } = await restoredClient()
    await client.fetchQuery(accountQueries.profile('a1'))
    await client.fetchQuery(accountQueries.iban('a1'))
    await client.fetchQuery(accountQueries.ticker())
    await connection.flush()
    const disk = await readDisk(dbName)
    expect([...disk.keys()]).toEqual([`u1/${hashOf(accountQueries.profile('a1').queryKey)}`])
    expect(JSON.stringify([...disk.values()])).not.toContain('DE00')
  })

  it('restores the tier meta with the data', async () => {
    const { dbName, client, connection } = await restoredClient()
    await client.fetchQuery(accountQueries.profile('a1'))
    await connection.flush()
    const { client: fresh, connection: reader } = persistInto(dbName)
    await reader.restored
    const { queryKey, meta } = accountQueries.profile('a1')
    expect(fresh.getQueryData(queryKey)).toEqual({ id: 'a1', name: 'Ada' })
    expect(fresh.getQueryCache().find({ queryKey, exact: true })?.meta).toEqual(meta)
  })
})

describe('the sensitive tier never reaches disk, by any path', () => {
  it('keeps setQueryData on a sensitive key that was never fetched off disk', async () => {
    const { dbName, client, connection } = await restoredClient()
    client.setQueryData(accountQueries.iban('a1').queryKey, secret)
    expect(await diskText(dbName, connection)).not.toContain('DE00')
  })

  it('keeps a key built by the key factory alone off disk once its definition exists', async () => {
    const { dbName, client, connection } = await restoredClient()
    // The definition never built this key: its tier is known from the builder's scope.
    client.setQueryData(accountKeys.iban('never-built'), secret)
    expect(await diskText(dbName, connection)).not.toContain('DE00')
  })

  it('keeps an optimistic write on a sensitive key that is not cached off disk', async () => {
    const { dbName, client, connection } = await restoredClient()
    const useSetIban = defineMutation({
      mutationFn: (_input: { id: string; iban: string }) => new Promise<{ id: string; iban: string }>(() => undefined),
      optimistic: { key: (input) => accountKeys.iban(input.id), update: (_current, input) => input },
    })
    const { result } = renderHook(() => useSetIban(), { wrapper: providerFor(client) })
    act(() => result.current.mutate({ id: 'a9', iban: 'DE00 0000' }))
    await waitFor(() => expect(client.getQueryData(accountKeys.iban('a9'))).toBeDefined())
    expect(await diskText(dbName, connection)).not.toContain('DE00')
  })

  it('keeps fetchQuery, prefetchQuery and ensureQueryData with plain options on a sensitive key off disk', async () => {
    const { dbName, client, connection } = await restoredClient()
    await client.fetchQuery({ queryKey: accountKeys.iban('f1'), queryFn: () => secret })
    await client.prefetchQuery({ queryKey: accountKeys.iban('f2'), queryFn: () => secret })
    await client.ensureQueryData({ queryKey: accountKeys.iban('f3'), queryFn: () => secret })
    expect(await diskText(dbName, connection)).not.toContain('DE00')
  })

  it('keeps data hydrated from a dehydrated state without meta off disk', async () => {
    const server = new QueryClient()
    server.setQueryData(accountKeys.iban('h1'), secret)
    const dbName = freshDbName()
    const client = newClient()
    // Hydrated before the restore: the restore writes out what memory holds newer than disk.
    hydrate(client, dehydrate(server))
    const { connection } = persistInto(dbName, client)
    await connection.restored
    expect(client.getQueryData(accountKeys.iban('h1'))).toEqual(secret)
    expect(await diskText(dbName, connection)).not.toContain('DE00')
  })

  it('keeps a sensitive child key of a persisted parent off disk, and persists the parent', async () => {
    const { dbName, client, connection } = await restoredClient()
    client.setQueryData(cardKeys.detail.pin('c1'), { pin: '1234' })
    client.setQueryData(cardKeys.detail('c1'), { id: 'c1' })
    await connection.flush()
    const disk = await readDisk(dbName)
    expect([...disk.keys()]).toEqual([`u1/${hashOf(cardKeys.detail('c1'))}`])
  })

  it('keeps a key of a hand-written factory off disk once the definition built it', async () => {
    const { dbName, client, connection } = await restoredClient()
    const { queryKey } = handQueries.secret('x1')
    client.setQueryData(queryKey, { id: 'x1', secret: 's3' })
    expect(await diskText(dbName, connection)).not.toContain('s3')
  })

  it('lets the most private side win when the query meta says normal on a sensitive key', async () => {
    const { dbName, client, connection } = await restoredClient()
    await client.fetchQuery({
      queryKey: accountKeys.iban('m1'),
      queryFn: () => secret,
      meta: { tier: 'normal', persist: true },
    })
    expect(await diskText(dbName, connection)).not.toContain('DE00')
  })

  it('lets the most private side win when the query meta says sensitive on a persisted key', async () => {
    const { dbName, client, connection } = await restoredClient()
    await client.fetchQuery({
      queryKey: accountKeys.profile('m2'),
      queryFn: () => secret,
      meta: { tier: 'sensitive', persist: false },
    })
    expect(await diskText(dbName, connection)).not.toContain('DE00')
  })

  it('refuses and deletes a stored record of a sensitive key instead of restoring it', async () => {
    const dbName = freshDbName()
    const key = accountKeys.iban('old')
    const record = { v: 1, buster: '', key, hash: hashOf(key), updatedAt: Date.now() - 1000, data: secret }
    await writeRaw(dbName, [['u1', hashOf(key), JSON.stringify(record)]])
    const { client, connection } = persistInto(dbName)
    expect(await connection.restored).toMatchObject({ restored: 0, refused: 1 })
    expect(client.getQueryData(key)).toBeUndefined()
    expect(await diskText(dbName, connection)).not.toContain('DE00')
  })
})
