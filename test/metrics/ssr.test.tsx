// @vitest-environment node
// The metrics entry on a server: it loads without a browser global, counts what a server-side render
// fetches, writes it as Prometheus text, and its hook renders through renderToString.
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query'
import { renderToString } from 'react-dom/server'
import { afterEach, describe, expect, it } from 'vitest'

const browserGlobals = [
  'window',
  'document',
  'indexedDB',
  'localStorage',
  'sessionStorage',
  'navigator',
  'BroadcastChannel',
] as const

/** Runs `load()` while every browser global throws when read; returns the names read. */
async function browserGlobalsRead(load: () => Promise<unknown>): Promise<Array<string>> {
  const read: Array<string> = []
  const saved = browserGlobals.map((name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)] as const)
  for (const name of browserGlobals) {
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        read.push(name)
        throw new Error(`${name} read on the server`)
      },
    })
  }
  try {
    await load()
  } finally {
    for (const [name, descriptor] of saved) {
      if (descriptor) Object.defineProperty(globalThis, name, descriptor)
      else delete (globalThis as Record<string, unknown>)[name]
    }
  }
  return read
}

const stops: Array<() => void> = []
afterEach(() => {
  while (stops.length) stops.pop()!()
})

describe('the metrics entry on a server', () => {
  it('imports without reading a browser global', async () => {
    expect(await browserGlobalsRead(() => import('../../src/metrics/index'))).toEqual([])
  })

  it('counts a server-side prefetch as a fetch and writes it as Prometheus text', async () => {
    const { getCacheMetrics, toPrometheus, trackCacheMetrics } = await import('../../src/metrics/index')
    const serverClient = new QueryClient()
    stops.push(trackCacheMetrics(serverClient))

    await serverClient.prefetchQuery({ queryKey: ['projects', 'p1'], queryFn: async () => ({ name: 'Website' }) })

    expect(getCacheMetrics(serverClient)).toMatchObject({ fetches: 1, errors: 0, hits: 0, misses: 0 })
    expect(toPrometheus(getCacheMetrics(serverClient))).toMatch(/^cache_fetches_total 1$/m)
  })

  it('renders useCacheMetrics through renderToString beside a query served from the cache', async () => {
    const { trackCacheMetrics, useCacheMetrics } = await import('../../src/metrics/index')
    const serverClient = new QueryClient()
    stops.push(trackCacheMetrics(serverClient))
    await serverClient.prefetchQuery({
      queryKey: ['projects', 'p1'],
      queryFn: async () => 'Website',
      staleTime: Infinity,
    })

    function Page() {
      const { data } = useQuery({ queryKey: ['projects', 'p1'], queryFn: async () => 'refetched', staleTime: Infinity })
      const lookups = useCacheMetrics((metrics) => metrics.hits + metrics.staleHits + metrics.misses)
      return <p>{`${data} ${lookups}`}</p>
    }
    const html = renderToString(
      <QueryClientProvider client={serverClient}>
        <Page />
      </QueryClientProvider>,
    )

    // A server render subscribes no observer, so it makes no lookup; the hook reads the store's first
    // snapshot, the one a hydrating client's own store starts from, so hydration matches.
    expect(html).toBe('<p>Website 0</p>')
  })
})
