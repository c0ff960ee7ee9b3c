// The core entry's `syncTabs`: the invalidation sync of `./syncTabs` plus, when asked, one fetch per
// browser (`./tabs/shareFetches`). It lives apart so that the stream's entry, which starts the sync for
// its client without sharing fetches, does not carry the sharing code.
import type { QueryClient } from '@tanstack/react-query'
import { countDropped, DEFAULT_CHANNEL, syncTabs as syncInvalidations } from './syncTabs'
import type { StopSyncTabs, SyncTabsOptions } from './syncTabs'
import { shareFetches } from './tabs/shareFetches'

/**
 * Shares `client`'s invalidations with the app's other tabs and, with `shareFetches`, its fetches.
 * Calling it again for the same client and channel returns a handle on the same sync (nothing is applied
 * twice). Without BroadcastChannel (SSR, old browsers) it does nothing.
 * @example const stop = syncTabs(queryClient, { shareFetches: true })
 */
export function syncTabs(client: QueryClient, options: SyncTabsOptions = {}): StopSyncTabs {
  const name = options.channelName ?? DEFAULT_CHANNEL
  const stopSync = syncInvalidations(client, options)
  const stopSharing = shareFetches(client, name, options.shareFetches, () => countDropped(client, name))
  return Object.assign(
    () => {
      stopSharing()
      stopSync()
    },
    { dropped: stopSync.dropped },
  )
}
