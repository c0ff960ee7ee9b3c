// Differential harness: one scenario built on two fresh QueryClients, then acted on through the
// toolkit on one and through TanStack's own API on the other. What each ends with (which queries are
// invalidated, how often each query function ran, the data) is returned for the test to compare.
import type { QueryClient, QueryClientConfig } from '@tanstack/react-query'
import { createTestClient } from '../helpers/createTestClient'

/** Counts calls of query functions per key, for one client. */
export interface FetchLog {
  /** A query function for `name` that counts its calls and returns `value` (default: the call count). */
  fn: (name: string, value?: unknown) => () => unknown
  counts: () => Record<string, number>
}

export interface Outcome {
  /** queryHash → isInvalidated, for every query in the cache. */
  invalidated: Record<string, boolean>
  /** Query function calls by name, after the action. */
  fetches: Record<string, number>
  /** queryHash → data. */
  data: Record<string, unknown>
  /** queryHash → status and the error's message, if any. */
  status: Record<string, string>
}

export interface Twin {
  ours: Outcome
  theirs: Outcome
}

function createFetchLog(): FetchLog {
  const counts: Record<string, number> = {}
  return {
    fn: (name, value) => () => {
      counts[name] = (counts[name] ?? 0) + 1
      return value === undefined ? counts[name] : value
    },
    counts: () => ({ ...counts }),
  }
}

function outcomeOf(client: QueryClient, log: FetchLog): Outcome {
  const invalidated: Record<string, boolean> = {}
  const data: Record<string, unknown> = {}
  const status: Record<string, string> = {}
  for (const query of client.getQueryCache().getAll()) {
    invalidated[query.queryHash] = query.state.isInvalidated
    data[query.queryHash] = query.state.data
    status[query.queryHash] = query.state.error
      ? `${query.state.status}: ${query.state.error.message}`
      : query.state.status
  }
  return { invalidated, fetches: log.counts(), data, status }
}

/**
 * Builds `scenario` on two clients, runs `ours` on the first and `theirs` on the second, waits for
 * both, and returns both outcomes. `scenario` may return a cleanup (observers to unsubscribe), run
 * after the action as TanStack's tests do.
 */
export async function runTwin(
  scenario: (client: QueryClient, log: FetchLog) => Promise<(() => void) | void> | (() => void) | void,
  ours: (client: QueryClient) => Promise<unknown>,
  theirs: (client: QueryClient) => Promise<unknown>,
  config: QueryClientConfig = {},
): Promise<Twin> {
  const run = async (act: (client: QueryClient) => Promise<unknown>) => {
    const client = createTestClient(config)
    const log = createFetchLog()
    const cleanup = await scenario(client, log)
    await act(client)
    cleanup?.()
    const outcome = outcomeOf(client, log)
    client.clear()
    return outcome
  }
  return { ours: await run(ours), theirs: await run(theirs) }
}
