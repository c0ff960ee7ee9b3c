import { describe, expect, it } from 'vitest'
import { createQueryKeys, defineQueries, defineTiers, hours, minutes, resolveTier, tiers } from '../src/index'
import { DEFAULT_PERSIST_MAX_AGE } from '../src/tiers'
import { createTestClient } from './helpers/createTestClient'
import { uniqueKey } from './helpers/uniqueKey'

describe('built-in tiers', () => {
  it('refetches realtime data always and never persists it', () => {
    expect(tiers.realtime).toMatchObject({ name: 'realtime', staleTime: 0, persist: false })
  })

  it('keeps critical data fresh for one minute and persists it', () => {
    expect(tiers.critical).toMatchObject({ staleTime: minutes(1), persist: true })
  })

  it('keeps normal data fresh for five minutes and persists it', () => {
    expect(tiers.normal).toMatchObject({ staleTime: minutes(5), persist: true })
  })

  it('keeps long data fresh for one hour and persists it', () => {
    expect(tiers.long).toMatchObject({ staleTime: hours(1), persist: true })
  })

  it('keeps static data fresh for 24 hours, a finite time, and persists it', () => {
    expect(tiers.static.staleTime).toBe(hours(24))
    expect(Number.isFinite(tiers.static.staleTime)).toBe(true)
    expect(tiers.static.persist).toBe(true)
  })

  it('never persists sensitive data, always refetches it and collects it soon', () => {
    expect(tiers.sensitive).toMatchObject({ staleTime: 0, persist: false })
    expect(tiers.sensitive.gcTime).toBeLessThanOrEqual(minutes(5))
  })

  it('keeps every persisted tier in memory at least as long as the persister keeps it on disk', () => {
    const persisted = Object.values(tiers).filter((tier) => tier.persist)
    expect(persisted.map((tier) => tier.name)).toEqual(['critical', 'normal', 'long', 'static'])
    for (const tier of persisted) expect(tier.gcTime).toBeGreaterThanOrEqual(DEFAULT_PERSIST_MAX_AGE)
    expect(DEFAULT_PERSIST_MAX_AGE).toBe(hours(24))
  })

  it('resolves no tier to the normal tier', () => {
    expect(resolveTier(undefined)).toBe(tiers.normal)
  })

  it('resolves a tier by name', () => {
    expect(resolveTier('long')).toBe(tiers.long)
  })

  it('throws on an unknown tier name', () => {
    expect(() => resolveTier('nope' as never)).toThrow(/unknown tier "nope"/)
  })
})

describe('defineTiers', () => {
  it('adds app tiers next to the built-in ones', () => {
    const name = uniqueKey('profile')
    const appTiers = defineTiers({ [name]: { staleTime: hours(1) } })
    expect(appTiers.normal).toBe(tiers.normal)
    expect(appTiers[name]).toEqual({ name, staleTime: hours(1), gcTime: hours(24), persist: true })
  })

  it('makes an added tier resolvable by name', () => {
    const name = uniqueKey('prices')
    const appTiers = defineTiers({ [name]: { staleTime: 10_000, persist: false } })
    expect(resolveTier(name as never)).toBe(appTiers[name])
  })

  it('gives an unpersisted app tier a short default gcTime', () => {
    const name = uniqueKey('prices')
    const appTiers = defineTiers({ [name]: { staleTime: 10_000, persist: false } })
    expect(appTiers[name]?.gcTime).toBe(minutes(5))
  })

  it('holds a gcTime beyond the longest timer at that limit, so an unused query is not collected at once', () => {
    const [month, forever] = [uniqueKey('archive'), uniqueKey('pinned')]
    const appTiers = defineTiers({
      [month]: { staleTime: hours(1), gcTime: hours(24 * 30) },
      [forever]: { staleTime: hours(1), gcTime: Infinity },
    })
    expect(appTiers[month]?.gcTime).toBe(2 ** 31 - 1)
    expect(appTiers[forever]?.gcTime).toBe(Infinity)
  })

  it('rejects redefining a built-in tier', () => {
    expect(() => defineTiers({ normal: { staleTime: 1 } })).toThrow(/built in/)
  })

  it('rejects a persisted tier whose gcTime is under 24 hours', () => {
    expect(() => defineTiers({ [uniqueKey('short')]: { staleTime: 0, gcTime: hours(1) } })).toThrow(/at least 24 h/)
  })

  it('accepts an unpersisted tier with a short gcTime', () => {
    expect(() => defineTiers({ [uniqueKey('short')]: { staleTime: 0, gcTime: 1000, persist: false } })).not.toThrow()
  })

  it('rejects an infinite staleTime', () => {
    expect(() => defineTiers({ [uniqueKey('forever')]: { staleTime: Number.POSITIVE_INFINITY } })).toThrow(/finite/)
  })
})

describe('tier meta', () => {
  const keys = createQueryKeys(uniqueKey('accounts'), { balance: (id: string) => [id], plan: (id: string) => [id] })
  const queries = defineQueries(keys, {
    balance: { tier: 'sensitive', queryFn: (id: string) => ({ id, cents: 100 }) },
    plan: { queryFn: (id: string) => ({ id, plan: 'pro' }) },
  })

  it('carries the tier in the options meta', () => {
    expect(queries.balance('a1').meta).toEqual({ tier: 'sensitive', persist: false })
  })

  it('sets staleTime and gcTime from the tier', () => {
    const options = queries.balance('a1')
    expect(options.staleTime).toBe(tiers.sensitive.staleTime)
    expect(options.gcTime).toBe(tiers.sensitive.gcTime)
  })

  it('uses the normal tier when a definition names none', () => {
    expect(queries.plan('a1').meta).toEqual({ tier: 'normal', persist: true })
    expect(queries.plan('a1').staleTime).toBe(minutes(5))
  })

  it('carries the tier in the meta of the cached query', async () => {
    const client = createTestClient()
    await client.prefetchQuery(queries.balance('a1'))
    const query = client.getQueryCache().find({ queryKey: queries.balance('a1').queryKey, exact: true })
    expect(query?.meta).toEqual({ tier: 'sensitive', persist: false })
    expect(query?.options.gcTime).toBe(tiers.sensitive.gcTime)
  })

  it('carries an app tier object in meta', () => {
    const name = uniqueKey('profile')
    const appTiers = defineTiers({ [name]: { staleTime: hours(2) } })
    const profileKeys = createQueryKeys(uniqueKey('profiles'), { me: null })
    const profile = defineQueries(profileKeys, { me: { tier: appTiers[name], queryFn: () => ({ name: 'Ada' }) } })
    expect(profile.me().meta).toEqual({ tier: name, persist: true })
    expect(profile.me().staleTime).toBe(hours(2))
  })

  it('throws when a definition names an unknown tier', () => {
    const unknownKeys = createQueryKeys(uniqueKey('x'), { all: null })
    expect(() => defineQueries(unknownKeys, { all: { tier: 'nope' as never, queryFn: () => 1 } })).toThrow(
      /unknown tier/,
    )
  })
})
