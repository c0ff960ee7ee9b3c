// The engine's one request shape. Every edge converts to it once: a mutation's `invalidates`, a manual
// `invalidateKeys`/`invalidateTags` call, a stream event, a message from another tab. Each target
// carries its own refetch scope, so passes coalesced from several events keep the widest per query.
import type { QueryKey } from '@tanstack/react-query'

/** Who asked (the core entry exports this as `InvalidationSource`). */
export type Source = 'mutation' | 'stream' | 'tab' | 'manual'

export const sources: ReadonlyArray<Source> = ['mutation', 'stream', 'tab', 'manual']

/** Which invalidated queries to refetch (the core entry exports this as `RefetchScope`). */
export type Scope = 'active' | 'inactive' | 'all' | 'none'

export const scopes: ReadonlyArray<Scope> = ['active', 'inactive', 'all', 'none']

export type RequestTarget =
  | { key: QueryKey; exact: boolean; refetch: Scope }
  | { tag: string; refetch: Scope }
  /** Every cached query (a stream `reset`/`resync`, a missed replay). */
  | { all: true; refetch: Scope }

export type InvalidationRequest = ReadonlyArray<RequestTarget>

/**
 * A scope as bits, 1 for active queries and 2 for inactive ones: a query reached by several targets is
 * refetched as widely as their union (`active` + `inactive` is `all`).
 */
export type Level = 0 | 1 | 2 | 3

const levels: ReadonlyArray<Scope> = ['none', 'active', 'inactive', 'all']

export const levelOf = (scope: Scope): Level => levels.indexOf(scope) as Level

export const scopeOf = (level: Level): Scope => levels[level]!

/** Whether a query reached at `level` is in scope for a refetch (TanStack's `refetchType` filter). */
export const inScope = (active: boolean, level: Level): boolean => (level & (active ? 1 : 2)) !== 0
