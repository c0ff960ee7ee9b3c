// Re-renders the inspector after cache changes (once per TanStack notify batch) and every `refreshMs`,
// since queries turn stale with time alone.
import { notifyManager } from '@tanstack/react-query'
import type { QueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { everyRefresh } from './everyRefresh'

export function useCacheRevision(client: QueryClient, refreshMs: number): number {
  const [revision, setRevision] = useState(0)
  useEffect(() => {
    let active = true
    let scheduled = false
    const next = () => {
      scheduled = false
      if (active) setRevision((value) => value + 1)
    }
    const unsubscribe = client.getQueryCache().subscribe(() => {
      if (scheduled) return
      scheduled = true
      notifyManager.schedule(next)
    })
    const stop = everyRefresh(next, refreshMs)
    return () => {
      active = false
      unsubscribe()
      stop()
    }
  }, [client, refreshMs])
  return revision
}
