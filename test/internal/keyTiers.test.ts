// What a tier lookup costs: a full restore looks up every record's key once, so the walk stops where the
// registrations stop. (What it finds is specified in `test/tiers.registry.test.ts`.)
import { describe, expect, it, vi } from 'vitest'
import { registerChildTier, registerPrefixTier, tiersOfKey } from '../../src/internal/keyTiers'

const normal = { name: 'normal', persist: true }

/** A key part that counts how often it is serialised (`hashKey` serialises what it hashes). */
const counted = () => ({ toJSON: vi.fn(() => 'part') })

describe('a tier lookup', () => {
  it('hashes no key part past the last registered node on its path', () => {
    registerPrefixTier(['cost-leaf'], normal)
    const part = counted()
    expect(tiersOfKey(['cost-leaf', part, 'x']).map((tier) => tier.name)).toEqual(['normal'])
    expect(part.toJSON).not.toHaveBeenCalled()
  })

  it('still hashes a part where a registered key continues the path', () => {
    registerPrefixTier(['cost-branch', 'part', 'deeper'], normal)
    const part = counted()
    expect(tiersOfKey(['cost-branch', part, 'deeper']).map((tier) => tier.name)).toEqual(['normal'])
    expect(part.toJSON).toHaveBeenCalled()
  })

  it('finds a child name registered under a prefix it walked past', () => {
    registerChildTier(['cost-child'], 'secret', { name: 'sensitive', persist: false })
    expect(tiersOfKey(['cost-child', 'a', 'b', 'secret']).map((tier) => tier.name)).toEqual(['sensitive'])
    expect(tiersOfKey(['cost-child', 'a', 'b', 'public'])).toEqual([])
  })
})
