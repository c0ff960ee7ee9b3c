// Invalidations relayed by other tabs (their mutations and manual calls), applied as the origin tab ran
// them (cancelling a fetch in flight), but coalesced: each one cancels and restarts the refetch of every
// query it reaches, so a burst of messages (a tab looping over mutations, or a hostile one) would start
// one fetch per message. The first message after a quiet window is applied at once; those that follow
// within the window are merged (keys deduplicated by hash, tags by name, one pass per refetch type).
import { hashKey } from '@tanstack/react-query'
import type { QueryClient } from '@tanstack/react-query'
import { invalidateTargets } from '../../internal/invalidateTargets'
import type { Invalidation, RefetchType, WireKey } from '../../internal/protocol'

const WINDOW_MS = 16

interface Group {
  prefixes: Map<string, WireKey>
  exactKeys: Map<string, WireKey>
  tags: Set<string>
}

export interface TabInvalidations {
  push: (inv: Invalidation) => void
  close: () => void
}

export function createTabInvalidations(client: QueryClient, now = () => Date.now()): TabInvalidations {
  let groups = new Map<RefetchType, Group>()
  let timer: ReturnType<typeof setTimeout> | undefined
  let last = -Infinity

  const flush = () => {
    timer = undefined
    last = now()
    const pending = groups
    groups = new Map()
    pending.forEach(({ prefixes, exactKeys, tags }, refetch) => {
      const targets = { prefixes: [...prefixes.values()], exactKeys: [...exactKeys.values()], tags: [...tags] }
      void invalidateTargets(client, targets, { source: 'tab', refetch, cancelRefetch: true })
    })
  }

  return {
    push: ({ keys, tags, exact, refetch }) => {
      let group = groups.get(refetch)
      if (!group) groups.set(refetch, (group = { prefixes: new Map(), exactKeys: new Map(), tags: new Set() }))
      const into = exact ? group.exactKeys : group.prefixes
      for (const key of keys) into.set(hashKey(key), key)
      for (const tag of tags) group.tags.add(tag)
      if (timer !== undefined) return
      const wait = last + WINDOW_MS - now()
      if (wait <= 0) flush()
      else timer = setTimeout(flush, wait)
    },
    close: () => clearTimeout(timer),
  }
}
