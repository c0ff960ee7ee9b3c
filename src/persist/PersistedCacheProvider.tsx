// React binding: provides the client, restores the cache and holds queries back until the restore is done.
import { IsRestoringProvider, QueryClientProvider } from '@tanstack/react-query'
import type { QueryClient } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import type { ReactNode } from 'react'
import type { QueryPersister } from './QueryPersister'
import { persistQueryCache } from './persistQueryCache'
import type { RestoreReport } from './persistQueryCache'

export interface PersistedCacheProviderProps {
  client: QueryClient
  persister: QueryPersister
  /**
   * Called with the restore report once the cache is restored.
   * @default undefined
   * @example <PersistedCacheProvider client={qc} persister={p} onRestored={(r) => log(r.restored)}>
   */
  onRestored?: (report: RestoreReport) => void
  children?: ReactNode
}

/** `QueryClientProvider` that restores `persister` first; `useQuery` waits (via `useIsRestoring`), then runs. */
export function PersistedCacheProvider({ client, persister, onRestored, children }: PersistedCacheProviderProps) {
  // Which client and persister the restore has finished for: a new pair is restoring again, derived in render.
  const [restoredFor, setRestoredFor] = useState<{ client: QueryClient; persister: QueryPersister }>()
  const isRestoring = restoredFor?.client !== client || restoredFor.persister !== persister
  // onRestored is a notification: a new function identity must not restart persistence.
  const latestOnRestored = useRef(onRestored)
  useEffect(() => {
    latestOnRestored.current = onRestored
  })
  useEffect(() => {
    let active = true
    const { restored, stop } = persistQueryCache(client, persister)
    void restored.then((report) => {
      if (!active) return
      latestOnRestored.current?.(report)
      setRestoredFor({ client, persister })
    })
    return () => {
      active = false
      stop()
    }
  }, [client, persister])
  return (
    <QueryClientProvider client={client}>
      <IsRestoringProvider value={isRestoring}>{children}</IsRestoringProvider>
    </QueryClientProvider>
  )
}
