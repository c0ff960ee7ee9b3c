// The key-tier registry (`src/internal/keyTiers.ts`): what `defineQueries` registers, and how a key finds it.
import { hashKey } from '@tanstack/react-query'
import { describe, expect, it } from 'vitest'
import { createQueryKeys, defineQueries, defineTiers, seconds } from '../src'
import {
  isPersistedKey,
  registerChildTier,
  registerKeyTier,
  registerPrefixTier,
  tiersOfKey,
} from '../src/internal/keyTiers'
import { pendingTiers } from '../src/internal/tierRegistrations'

const names = (key: ReadonlyArray<unknown>) =>
  tiersOfKey(key)
    .map((tier) => tier.name)
    .sort()
const sensitive = { name: 'sensitive', persist: false }
const normal = { name: 'normal', persist: true }

describe('the key-tier registry', () => {
  it('knows no tier for a key nothing registered', () => {
    expect(tiersOfKey(['registry-test', 'unknown', 1])).toEqual([])
    expect(isPersistedKey(['registry-test', 'unknown', 1], undefined)).toBe(true)
  })

  it('finds an exact key and nothing under or above it', () => {
    registerKeyTier(['registry-exact', 'a'], sensitive)
    expect(names(['registry-exact', 'a'])).toEqual(['sensitive'])
    expect(names(['registry-exact'])).toEqual([])
    expect(names(['registry-exact', 'a', 'b'])).toEqual([])
  })

  it('finds every key under a registered prefix, the prefix included', () => {
    registerPrefixTier(['registry-prefix', 'list'], sensitive)
    expect(names(['registry-prefix', 'list'])).toEqual(['sensitive'])
    expect(names(['registry-prefix', 'list', 'o1', { page: 2 }])).toEqual(['sensitive'])
    expect(names(['registry-prefix', 'detail', 'list'])).toEqual([])
  })

  it('finds a child name after a prefix, at any later position', () => {
    registerChildTier(['registry-child'], 'pin', sensitive)
    expect(names(['registry-child', 'c1', 'pin'])).toEqual(['sensitive'])
    expect(names(['registry-child', 'c1', 'x', 'pin', 'more'])).toEqual(['sensitive'])
    expect(names(['registry-child', 'c1'])).toEqual([])
    expect(names(['elsewhere', 'c1', 'pin'])).toEqual([])
  })

  it('tells the string "1" from the number 1', () => {
    registerKeyTier(['registry-types', 1], sensitive)
    expect(names(['registry-types', 1])).toEqual(['sensitive'])
    expect(names(['registry-types', '1'])).toEqual([])
  })

  it('matches object parts whatever the order of their properties, as hashKey does', () => {
    registerKeyTier(['registry-objects', { a: 1, b: { c: 2, d: 3 } }], sensitive)
    expect(names(['registry-objects', { b: { d: 3, c: 2 }, a: 1 }])).toEqual(['sensitive'])
    expect(names(['registry-objects', { a: 1, b: { c: 2 } }])).toEqual([])
  })

  it('treats the parts TanStack hashes alike as one part: a Date and its ISO string, undefined and null', () => {
    const day = new Date('2026-11-25T00:00:00.000Z')
    registerKeyTier(['registry-hash', day], sensitive)
    registerKeyTier(['registry-hash', undefined], sensitive)
    expect(names(['registry-hash', day.toISOString()])).toEqual(['sensitive'])
    expect(names(['registry-hash', null])).toEqual(['sensitive'])
    expect(hashKey(['registry-hash', day])).toBe(hashKey(['registry-hash', day.toISOString()]))
  })

  it('keeps every tier registered for one key, so the most private one wins', () => {
    registerPrefixTier(['registry-both'], normal)
    registerKeyTier(['registry-both', 'x'], sensitive)
    expect(names(['registry-both', 'x'])).toEqual(['normal', 'sensitive'])
    expect(isPersistedKey(['registry-both', 'x'], { tier: 'normal', persist: true })).toBe(false)
    expect(isPersistedKey(['registry-both', 'y'], { tier: 'normal', persist: true })).toBe(true)
    expect(isPersistedKey(['registry-both', 'y'], { tier: 'sensitive' })).toBe(false)
    expect(isPersistedKey(['registry-both', 'y'], { persist: false })).toBe(false)
  })

  it('finds one key among a thousand registered siblings', () => {
    for (let i = 0; i < 1000; i++) registerKeyTier(['registry-many', `k${i}`], normal)
    expect(names(['registry-many', 'k999'])).toEqual(['normal'])
    expect(names(['registry-many', 'k1000'])).toEqual([])
  })
})

describe('defineQueries registers the tier of the keys it builds', () => {
  const keys = createQueryKeys('registry-define', {
    all: null,
    list: (orgId: string) => [orgId],
    detail: { key: (id: string) => [id], children: { secret: null } },
  })
  const appTiers = defineTiers({ registryPrices: { staleTime: seconds(10), persist: false } })
  defineQueries(keys, {
    all: { tier: 'static', queryFn: () => 1 },
    list: { tier: appTiers.registryPrices, queryFn: (orgId: string) => orgId },
  })
  defineQueries(keys.detail, { secret: { tier: 'sensitive', queryFn: (id: string) => id } })

  it('registers a fixed key as itself, before any options are built', () => {
    expect(names(keys.all)).toEqual(['static'])
  })

  it('registers a key builder by its scope, before any options are built', () => {
    expect(tiersOfKey(keys.list('o1'))).toEqual([
      { name: 'registryPrices', persist: false, staleTime: seconds(10), gcTime: expect.any(Number) },
    ])
    expect(isPersistedKey(keys.list('o1'), undefined)).toBe(false)
  })

  it('registers a child builder under its parent scope by its name', () => {
    expect(names(keys.detail.secret('d1'))).toEqual(['sensitive'])
    expect(names(keys.detail('d1'))).toEqual([])
  })
})

describe('registrations wait in a queue until the first lookup', () => {
  it('keeps one queued entry for a key registered again and again, as a key builder without scope does per call', () => {
    lookUpOnce()
    for (let i = 0; i < 1000; i++) registerKeyTier(['registry-queue', 'same'], sensitive)
    expect(pendingTiers.size).toBe(1)
    expect(names(['registry-queue', 'same'])).toEqual(['sensitive'])
    expect(pendingTiers.size).toBe(0)
  })

  it('keeps one tier when a filed key is registered again after a lookup', () => {
    registerKeyTier(['registry-queue', 'again'], sensitive)
    expect(names(['registry-queue', 'again'])).toEqual(['sensitive'])
    registerKeyTier(['registry-queue', 'again'], sensitive)
    expect(names(['registry-queue', 'again'])).toEqual(['sensitive'])
  })

  it('drops a key TanStack cannot hash instead of throwing from the definition', () => {
    expect(() => registerKeyTier(['registry-queue', 1n], sensitive)).not.toThrow()
    expect(() => registerPrefixTier(['registry-queue', Symbol('s')], sensitive)).not.toThrow()
    expect(names(['registry-queue'])).toEqual([])
  })
})

function lookUpOnce() {
  tiersOfKey([])
}
