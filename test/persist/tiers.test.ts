import { afterEach, describe, expect, it } from 'vitest'
import { createQueryKeys, defineQueries } from '../../src'
import { freshDbName, hashOf, persistInto, readDisk, stopAll } from './helpers'

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

afterEach(stopAll)

describe('tiers from defineQueries', () => {
  it('persists a long-tier query and never the sensitive or realtime ones', async () => {
    const dbName = freshDbName()
    const { client, connection } = persistInto(dbName)
    await connection.restored
    await client.fetchQuery(accountQueries.profile('a1'))
    await client.fetchQuery(accountQueries.iban('a1'))
    await client.fetchQuery(accountQueries.ticker())
    await connection.flush()
    const disk = await readDisk(dbName)
    expect([...disk.keys()]).toEqual([`u1/${hashOf(accountQueries.profile('a1').queryKey)}`])
    expect(JSON.stringify([...disk.values()])).not.toContain('DE00')
  })

  it('restores the tier meta with the data', async () => {
    const dbName = freshDbName()
    const { client, connection } = persistInto(dbName)
    await connection.restored
    await client.fetchQuery(accountQueries.profile('a1'))
    await connection.flush()
    const { client: fresh, connection: reader } = persistInto(dbName)
    await reader.restored
    const { queryKey, meta } = accountQueries.profile('a1')
    expect(fresh.getQueryData(queryKey)).toEqual({ id: 'a1', name: 'Ada' })
    expect(fresh.getQueryCache().find({ queryKey, exact: true })?.meta).toEqual(meta)
  })
})
