import type { Query, QueryClient } from '@tanstack/react-query'
import { expectTypeOf, it } from 'vitest'
import { syncTabs } from '../src/index'
import type {
  InvalidationSource,
  RefetchScope,
  ShareFetches,
  ShareFetchesOptions,
  ShareLocks,
  StopSyncTabs,
  SyncTabsOptions,
} from '../src/index'
import type { Scope, Source } from '../src/internal/invalidationRequest'

it('returns a stop function that also reads the drop count', () => {
  const stop = syncTabs({} as QueryClient, { channelName: 'app', jitterMs: 250 })
  expectTypeOf(stop).toEqualTypeOf<StopSyncTabs>()
  expectTypeOf(stop).toBeCallableWith()
  expectTypeOf(stop.dropped).returns.toEqualTypeOf<number>()
  expectTypeOf<SyncTabsOptions>().toEqualTypeOf<{
    channelName?: string
    jitterMs?: number
    shareFetches?: ShareFetches
  }>()
})

it("declares the public source and scope types as the engine's own", () => {
  expectTypeOf<InvalidationSource>().toEqualTypeOf<Source>()
  expectTypeOf<RefetchScope>().toEqualTypeOf<Scope>()
})

it('takes shareFetches as true, a predicate on the query, or its options', () => {
  const client = {} as QueryClient
  syncTabs(client, { shareFetches: true })
  syncTabs(client, { shareFetches: false })
  syncTabs(client, { shareFetches: (query) => query.queryKey[0] === 'projects' })
  syncTabs(client, { shareFetches: { sensitive: true, timeoutMs: 5000, maxSize: 1024 } })
  syncTabs(client, { shareFetches: { filter: (query) => query.isActive(), locks: navigator.locks } })
  expectTypeOf<ShareFetches>().toEqualTypeOf<boolean | ((query: Query) => boolean) | ShareFetchesOptions>()
  expectTypeOf<ShareFetchesOptions['filter']>().toEqualTypeOf<((query: Query) => boolean) | undefined>()
  expectTypeOf(navigator.locks).toExtend<ShareLocks>()
})

it('rejects a shareFetches of another type', () => {
  const client = {} as QueryClient
  // @ts-expect-error a string is not a setting
  syncTabs(client, { shareFetches: 'yes' })
  // @ts-expect-error the predicate returns a boolean
  syncTabs(client, { shareFetches: () => 'yes' })
  // @ts-expect-error timeoutMs is a number of ms
  syncTabs(client, { shareFetches: { timeoutMs: '5s' } })
})
