import type { QueryClient } from '@tanstack/react-query'
import { expectTypeOf, it } from 'vitest'
import { syncTabs } from '../src/index'
import type { InvalidationSource, RefetchScope, StopSyncTabs, SyncTabsOptions } from '../src/index'
import type { Scope, Source } from '../src/internal/invalidationRequest'

it('returns a stop function that also reads the drop count', () => {
  const stop = syncTabs({} as QueryClient, { channelName: 'app', jitterMs: 250 })
  expectTypeOf(stop).toEqualTypeOf<StopSyncTabs>()
  expectTypeOf(stop).toBeCallableWith()
  expectTypeOf(stop.dropped).returns.toEqualTypeOf<number>()
  expectTypeOf<SyncTabsOptions>().toEqualTypeOf<{ channelName?: string; jitterMs?: number }>()
})

it("declares the public source and scope types as the engine's own", () => {
  expectTypeOf<InvalidationSource>().toEqualTypeOf<Source>()
  expectTypeOf<RefetchScope>().toEqualTypeOf<Scope>()
})
