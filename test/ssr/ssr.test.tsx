// @vitest-environment node
// The core entry must load and render on a server: no browser global at import time, options that
// survive `dehydrate`, and hooks that render prefetched data through `renderToString`.
import { HydrationBoundary, QueryClient, QueryClientProvider, dehydrate, useQuery } from '@tanstack/react-query'
import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { setupRepositoryServer } from '../helpers/repository'

const browserGlobals = ['window', 'document', 'indexedDB', 'localStorage', 'sessionStorage', 'navigator'] as const

/**
 * Imports `load()` with every browser global replaced by a getter that records and throws, then puts
 * the globals back. Returns the names touched.
 */
async function importTrapped(load: () => Promise<unknown>): Promise<Array<string>> {
  const touched: Array<string> = []
  const saved = new Map<string, PropertyDescriptor | undefined>()
  for (const name of browserGlobals) {
    saved.set(name, Object.getOwnPropertyDescriptor(globalThis, name))
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        touched.push(name)
        throw new Error(`${name} touched while importing on the server`)
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
  return touched
}

describe('server-side import', () => {
  it('runs without a window', () => {
    expect(typeof window).toBe('undefined')
    expect(typeof document).toBe('undefined')
  })

  it('imports the core entry without touching a browser global', async () => {
    expect(await importTrapped(() => import('../../src/index'))).toEqual([])
  })

  it('imports the persist entry without touching a browser global', async () => {
    expect(await importTrapped(() => import('../../src/persist/index'))).toEqual([])
  })

  it('imports the live entry without touching a browser global', async () => {
    expect(await importTrapped(() => import('../../src/live/index'))).toEqual([])
  })
})

describe('server-side rendering', () => {
  const { serveRepository } = setupRepositoryServer()

  async function prefetchedProject() {
    const { createQueryKeys, defineQueries } = await import('../../src/index')
    const { db, repository } = serveRepository()
    const projectKeys = createQueryKeys('projects', { detail: (id: string) => [id] })
    const projectQueries = defineQueries(projectKeys, {
      detail: {
        tier: 'long',
        queryFn: (id: string, ctx) => repository.findProject(id, ctx.signal),
        tags: (project: { id: string }) => [`project:${project.id}`],
      },
    })
    const serverClient = new QueryClient()
    await serverClient.prefetchQuery(projectQueries.detail('p1'))
    return { serverClient, projectQueries, db }
  }

  it('serialises the dehydrated cache, tier meta included', async () => {
    const { serverClient } = await prefetchedProject()
    const json = JSON.stringify(dehydrate(serverClient))
    const [query] = JSON.parse(json).queries
    expect(query.queryKey).toEqual(['projects', 'detail', 'p1'])
    expect(query.meta).toEqual({ tier: 'long', persist: true })
    expect(query.state.data).toEqual({ id: 'p1', orgId: 'o1', name: 'Website' })
  })

  it('renders prefetched data through HydrationBoundary with renderToString', async () => {
    const { serverClient, projectQueries, db } = await prefetchedProject()
    const state = JSON.parse(JSON.stringify(dehydrate(serverClient)))

    function ProjectName() {
      const { data, status } = useQuery(projectQueries.detail('p1'))
      return <h1>{status === 'success' ? data.name : 'loading'}</h1>
    }
    const html = renderToString(
      <QueryClientProvider client={new QueryClient()}>
        <HydrationBoundary state={state}>
          <ProjectName />
        </HydrationBoundary>
      </QueryClientProvider>,
    )

    expect(html).toBe('<h1>Website</h1>')
    expect(db.requests).toEqual(['GET /projects/p1'])
  })
})
