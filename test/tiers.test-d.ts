import { describe, expectTypeOf, it } from 'vitest'
import { createQueryKeys, defineQueries, defineTiers, hours, tiers } from '../src/index'
import type { BuiltInTierName, Tier, TierName } from '../src/index'

const appTiers = defineTiers({
  typedProfile: { staleTime: hours(1) },
  typedPrices: { staleTime: 1000, persist: false },
})

describe('tier types', () => {
  it('names the built-in tiers', () => {
    expectTypeOf<BuiltInTierName>().toEqualTypeOf<
      'realtime' | 'critical' | 'normal' | 'long' | 'static' | 'sensitive'
    >()
  })

  it('types each added tier by its name', () => {
    expectTypeOf(appTiers.typedProfile).toEqualTypeOf<Tier<'typedProfile'>>()
    expectTypeOf(appTiers.typedPrices.name).toEqualTypeOf<'typedPrices'>()
  })

  it('keeps the built-in tiers in the defineTiers result', () => {
    expectTypeOf(appTiers.normal).toEqualTypeOf(tiers.normal)
  })

  it('accepts a built-in tier name or a tier object in a definition', () => {
    const keys = createQueryKeys('typedTiers', { a: null, b: null })
    defineQueries(keys, {
      a: { tier: 'static', queryFn: () => 1 },
      b: { tier: appTiers.typedProfile, queryFn: () => 2 },
    })
  })

  it('rejects an unknown tier name in a definition', () => {
    const keys = createQueryKeys('typedTiersBad', { a: null })
    // @ts-expect-error "hourly" is not a tier
    defineQueries(keys, { a: { tier: 'hourly', queryFn: () => 1 } })
  })

  it('includes the built-in names in TierName', () => {
    expectTypeOf<'normal'>().toExtend<TierName>()
  })
})
