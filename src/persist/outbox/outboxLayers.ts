// The optimistic layers the outbox applies itself: for records restored after a reload and records made in
// another tab, so the page shows every pending write. A replay takes its record's layer over, so the
// mutation rolls it back or settles it exactly as a live one does.
import type { QueryClient } from '@tanstack/react-query'
import { dropLayer, pushLayer } from '../../internal/optimisticLayers'
import { invalidateKeys } from '../../invalidateKeys'
import type { AppliedLayer, DurableDefinition } from '../../mutationOutboxHook'
import type { OutboxRecord } from './outboxRecord'

export interface OutboxLayers {
  /** Applies the record's optimistic update once; a definition that throws on the stored input is skipped. */
  apply: (record: OutboxRecord) => void
  /** Hands the record's layer to its replay. */
  take: (id: string) => AppliedLayer | undefined
  /** Rolls the record's layer back; `refetch` when the record settled elsewhere (the server has news). */
  drop: (id: string, refetch: boolean) => void
  dropAll: () => void
}

export function createOutboxLayers(
  client: QueryClient,
  definitions: ReadonlyMap<string, DurableDefinition>,
): OutboxLayers {
  const applied = new Map<string, AppliedLayer>()
  const take = (id: string): AppliedLayer | undefined => {
    const layer = applied.get(id)
    applied.delete(id)
    return layer
  }
  const drop = (id: string, refetch: boolean): void => {
    const layer = take(id)
    if (!layer) return
    dropLayer(client, layer.key, layer.layer)
    // Through the one engine, as a tab pass: counted as such, and never posted back to the other tabs.
    if (refetch) void invalidateKeys(client, [layer.key], { exact: true, source: 'tab' }).catch(() => {})
  }
  return {
    apply: (record) => {
      const optimistic = definitions.get(record.name)?.optimistic
      if (!optimistic || applied.has(record.id)) return
      const input = record.input as never
      try {
        const key = optimistic.key(input)
        // Stored input is data from outside: an update that throws on it leaves the query as it was.
        const update = (current: unknown): unknown => {
          try {
            return optimistic.update(current as never, input)
          } catch {
            return current
          }
        }
        applied.set(record.id, { key, layer: pushLayer(client, key, update) })
      } catch {
        // A key the stored input cannot build: nothing to show.
      }
    },
    take,
    drop,
    dropAll: () => {
      for (const id of [...applied.keys()]) drop(id, false)
    },
  }
}
