// Tracking observes the cache and must never change what TanStack fetches or renders.
import { QueryClientProvider, useQuery } from '@tanstack/react-query'
import type { QueryClient } from '@tanstack/react-query'
import { act, render, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { invalidateKeys } from '../../src/invalidateKeys'
import { trackCacheMetrics } from '../../src/metrics/trackCacheMetrics'
import { createTestClient } from '../helpers/createTestClient'

// Every step settles (no fetch in flight, TanStack's notifications delivered) before the next one,
// so the counts depend on what TanStack does, not on how fast the machine is.
async function settle(client: QueryClient) {
  await waitFor(() => expect(client.isFetching()).toBe(0))
  await act(() => new Promise((resolve) => setTimeout(resolve, 0)))
}

async function scenario(client: QueryClient) {
  let fetches = 0
  let renders = 0
  function Project({ id }: { id: string }) {
    renders++
    // `fetches` is the test's probe, not an input of the query.
    // eslint-disable-next-line @tanstack/query/exhaustive-deps
    const { data } = useQuery({
      queryKey: ['projects', 'detail', id],
      queryFn: async () => {
        fetches++
        return `project ${id} #${fetches}`
      },
      staleTime: 60_000,
    })
    return <li>{data ?? 'loading'}</li>
  }
  const view = (ids: Array<string>) => (
    <QueryClientProvider client={client}>
      <ul>
        {ids.map((id, i) => (
          <Project key={`${id}-${i}`} id={id} />
        ))}
      </ul>
    </QueryClientProvider>
  )
  const { rerender, unmount } = render(view(['p1', 'p2']))
  await settle(client)
  rerender(view(['p1', 'p2', 'p1']))
  await settle(client)
  await act(() => invalidateKeys(client, [['projects']]))
  await settle(client)
  await act(() => client.refetchQueries({ queryKey: ['projects', 'detail', 'p2'] }))
  await settle(client)
  await act(() => client.prefetchQuery({ queryKey: ['projects', 'detail', 'p3'], queryFn: () => 'p3' }))
  await settle(client)
  unmount()
  return { fetches, renders }
}

describe('tracking overhead', () => {
  it('leaves fetch and render counts as they are without tracking', async () => {
    const without = await scenario(createTestClient())
    const client = createTestClient()
    const stop = trackCacheMetrics(client)
    const withTracking = await scenario(client)
    stop()
    expect(withTracking).toEqual(without)
    expect(without.fetches).toBeGreaterThan(2)
    expect(without.renders).toBeGreaterThan(without.fetches)
  })
})
