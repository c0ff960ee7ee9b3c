// React binding of `connectInvalidationStream`: connects on mount, closes on unmount.
import { useIsRestoring, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef } from 'react'
import { connectInvalidationStream } from './connectInvalidationStream'
import type { InvalidationStreamOptions } from './connectInvalidationStream'

/**
 * Keeps the `QueryClient` of the nearest provider connected to an invalidation stream while the
 * component is mounted. A new `url`, `share` or client reconnects; other options are read when a
 * connection starts (a `headers` function always sees its latest version). Under a provider that restores
 * a persisted cache (`PersistedCacheProvider`), it connects once the restore is done, so events replayed
 * on connect reach the restored queries. The cache metrics of the client (and `<CacheInspector />`)
 * follow the stream's status without further wiring.
 * @example useInvalidationStream('/api/invalidations', { headers: async () => ({ Authorization: await token() }) })
 */
export function useInvalidationStream(url: string, options: Omit<InvalidationStreamOptions, 'url'> = {}): void {
  const client = useQueryClient()
  const latest = useRef(options)
  // The connection reads options through this ref (headers are fetched per attempt), so a new options
  // object on each render neither reconnects nor leaves the connection with stale values.
  // eslint-disable-next-line react-hooks/refs
  latest.current = options
  const { share } = options
  const isRestoring = useIsRestoring()
  useEffect(() => {
    if (isRestoring) return
    const stream = connectInvalidationStream(client, {
      ...latest.current,
      url,
      headers: async () => {
        const headers = latest.current.headers
        return typeof headers === 'function' ? headers() : (headers ?? {})
      },
    })
    return stream.close
  }, [client, url, share, isRestoring])
}
