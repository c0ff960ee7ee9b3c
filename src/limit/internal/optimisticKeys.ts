// Which queries a pending mutation's optimistic layer holds. The layers are private to
// `src/internal/optimisticLayers.ts`; a `defineMutation` run keeps `{ key, layer }` as its context from
// `onMutate` until it settles, so the mutation cache tells the same story without reaching into them.
import { hashKey } from '@tanstack/react-query'
import type { QueryClient } from '@tanstack/react-query'

/** Hashes (by `hashKey`) of the keys held by optimistic layers of pending mutations. */
export function optimisticKeys(client: QueryClient): Set<string> {
  const held = new Set<string>()
  for (const mutation of client.getMutationCache().getAll()) {
    if (mutation.state.status !== 'pending') continue
    const context = mutation.state.context as { key?: unknown; layer?: unknown } | undefined
    if (typeof context !== 'object' || context === null) continue
    if (Array.isArray(context.key) && typeof context.layer === 'number') {
      try {
        held.add(hashKey(context.key))
      } catch {
        // A context that merely looks like a layer's and cannot be hashed holds nothing.
      }
    }
  }
  return held
}
