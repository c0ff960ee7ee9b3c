// React binding: provides the client, restores the cache and holds queries back until the restore is done.
import { IsRestoringProvider, QueryClientProvider } from '@tanstack/react-query'
import type { QueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
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
  const [isRestoring, setIsRestoring] = useState(true)
  useEffect(() => {
    let active = true
    setIsRestoring(true)
    const { restored, stop } = persistQueryCache(client, persister)
    void restored.then((report) => {
      if (!active) return
      onRestored?.(report)
      setIsRestoring(false)
    })
    return () => {
      active = false
      stop()
    }
    // onRestored is a notification: a new function identity must not restart persistence.
  }, [client, persister])
  return (
    <QueryClientProvider client={client}>
      <IsRestoringProvider value={isRestoring}>{children}</IsRestoringProvider>
    </QueryClientProvider>
  )
}
