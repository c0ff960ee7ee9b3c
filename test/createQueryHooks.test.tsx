import { renderHook, screen, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { createQueryHooks, createQueryKeys, defineQueries, hours } from '../src/index'
import { createTestClient, providerFor, renderSuspended } from './helpers/createTestClient'
import { setupRepositoryServer } from './helpers/repository'

const { serveRepository } = setupRepositoryServer()

function setup() {
  const { db, repository } = serveRepository()
  const projectKeys = createQueryKeys('projects', {
    all: null,
    list: (orgId: string) => [orgId],
    detail: (id: string) => [id],
    search: (filter: { orgId: string; text: string }) => [filter],
  })
  const projectQueries = defineQueries(projectKeys, {
    all: {
      queryFn: async (ctx) => [
        ...(await repository.findProjects('o1', ctx.signal)),
        ...(await repository.findProjects('o2', ctx.signal)),
      ],
    },
    list: { queryFn: (orgId: string, ctx) => repository.findProjects(orgId, ctx.signal) },
    detail: { tier: 'long', queryFn: (id: string, ctx) => repository.findProject(id, ctx.signal) },
    search: {
      queryFn: async (filter, ctx) =>
        (await repository.findProjects(filter.orgId, ctx.signal)).filter((project) =>
          project.name.includes(filter.text),
        ),
    },
  })
  const client = createTestClient()
  return { db, client, projectQueries, hooks: createQueryHooks(projectQueries), wrapper: providerFor(client) }
}

describe('createQueryHooks', () => {
  it('generates a use and a useSuspense hook per definition', () => {
    const { hooks } = setup()
    expect(Object.keys(hooks).sort()).toEqual([
      'useAll',
      'useDetail',
      'useList',
      'useSearch',
      'useSuspenseAll',
      'useSuspenseDetail',
      'useSuspenseList',
      'useSuspenseSearch',
    ])
  })

  it('fetches with the key arguments', async () => {
    const { hooks, wrapper, db } = setup()
    const { result } = renderHook(() => hooks.useList('o2'), { wrapper })
    await waitFor(() => expect(result.current.isSuccess).toBe(true))
    expect(result.current.data?.map((project) => project.id)).toEqual(['p3'])
    expect(db.requests).toEqual(['GET /organizations/o2/projects'])
  })

  it('caches under the key of the definition', async () => {
    const { hooks, wrapper, client, projectQueries } = setup()
    const { result } = renderHook(() => hooks.useDetail('p1'), { wrapper })
    await waitFor(() => expect(result.current.isSuccess).toBe(true))
    expect(client.getQueryData(projectQueries.detail('p1').queryKey)).toEqual(result.current.data)
  })

  it('fetches a definition with no key arguments', async () => {
    const { hooks, wrapper } = setup()
    const { result } = renderHook(() => hooks.useAll(), { wrapper })
    await waitFor(() => expect(result.current.isSuccess).toBe(true))
    expect(result.current.data).toHaveLength(3)
  })

  it('reads the first argument of a definition with no key arguments as overrides', async () => {
    const { hooks, wrapper, db } = setup()
    const { result } = renderHook(() => hooks.useAll({ enabled: false }), { wrapper })
    expect(result.current.fetchStatus).toBe('idle')
    expect(db.requests).toEqual([])
  })

  it('applies a select override to the result', async () => {
    const { hooks, wrapper } = setup()
    const { result } = renderHook(() => hooks.useList('o1', { select: (projects) => projects.length }), { wrapper })
    await waitFor(() => expect(result.current.isSuccess).toBe(true))
    expect(result.current.data).toBe(2)
  })

  it('does not fetch when enabled is false', async () => {
    const { hooks, wrapper, db, client } = setup()
    const { result } = renderHook(() => hooks.useDetail('p1', { enabled: false }), { wrapper })
    expect(result.current.status).toBe('pending')
    expect(result.current.fetchStatus).toBe('idle')
    await client.prefetchQuery({ queryKey: ['unrelated'], queryFn: () => 1 })
    expect(db.requests).toEqual([])
  })

  it('does not mistake an object key argument for overrides', async () => {
    const { hooks, wrapper, client } = setup()
    const { result } = renderHook(() => hooks.useSearch({ orgId: 'o1', text: 'Mobile' }), { wrapper })
    await waitFor(() => expect(result.current.isSuccess).toBe(true))
    expect(result.current.data?.map((project) => project.id)).toEqual(['p2'])
    expect(
      client
        .getQueryCache()
        .getAll()
        .map((query) => query.queryKey),
    ).toEqual([['projects', 'search', { orgId: 'o1', text: 'Mobile' }]])
  })

  it('reads the argument after an object key argument as overrides', async () => {
    const { hooks, wrapper } = setup()
    const { result } = renderHook(
      () =>
        hooks.useSearch({ orgId: 'o1', text: 'e' }, { select: (projects) => projects.map((project) => project.name) }),
      { wrapper },
    )
    await waitFor(() => expect(result.current.isSuccess).toBe(true))
    expect(result.current.data).toEqual(['Website', 'Mobile app'])
  })

  it('lets an override replace the staleTime of the tier', async () => {
    const { hooks, wrapper, client, projectQueries } = setup()
    const { result } = renderHook(() => hooks.useDetail('p1', { staleTime: hours(5) }), { wrapper })
    await waitFor(() => expect(result.current.isSuccess).toBe(true))
    const query = client.getQueryCache().find({ queryKey: projectQueries.detail('p1').queryKey, exact: true })
    expect(query?.observers[0]?.options.staleTime).toBe(hours(5))
  })

  it('keeps the tier meta when an override adds meta of its own', async () => {
    const { hooks, wrapper, client, projectQueries } = setup()
    const { result } = renderHook(() => hooks.useDetail('p1', { meta: { screen: 'dashboard' } }), { wrapper })
    await waitFor(() => expect(result.current.isSuccess).toBe(true))
    const query = client.getQueryCache().find({ queryKey: projectQueries.detail('p1').queryKey, exact: true })
    expect(query?.meta).toEqual({ screen: 'dashboard', tier: 'long', persist: true })
  })

  it('never lets overrides replace the key or the query function', async () => {
    const { hooks, wrapper, client } = setup()
    const queryFn = vi.fn(() => 'hijacked')
    const overrides = { queryKey: ['other'], queryFn } as never
    const { result } = renderHook(() => hooks.useDetail('p2', overrides), { wrapper })
    await waitFor(() => expect(result.current.isSuccess).toBe(true))
    expect(queryFn).not.toHaveBeenCalled()
    expect(client.getQueryData(['other'])).toBeUndefined()
  })

  it('renders the data through the suspense hook inside a Suspense boundary', async () => {
    const { hooks, client } = setup()
    function ProjectName() {
      const { data } = hooks.useSuspenseDetail('p1', { select: (project) => project.name.toUpperCase() })
      return <p>{data}</p>
    }
    renderSuspended(client, <ProjectName />)
    expect(await screen.findByText('WEBSITE')).toBeTruthy()
  })

  it('counts only required key-function parameters as key arguments, so an argument for a default parameter is read as overrides', () => {
    // Documented limit: hooks split key arguments from overrides by the key function's declared arity
    // (`Function.length`), which stops at the first default parameter. The types still list the optional
    // parameter before the overrides, hence the cast: key functions should take required parameters only.
    const keys = createQueryKeys('pages', { page: (orgId: string, page = 1) => [orgId, page] })
    const queries = defineQueries(keys, { page: { queryFn: (orgId: string, page?: number) => `${orgId}:${page}` } })
    const hooks = createQueryHooks(queries)
    const client = createTestClient()
    const { result } = renderHook(() => hooks.usePage('o1', { enabled: false } as never), {
      wrapper: providerFor(client),
    })
    expect(result.current.fetchStatus).toBe('idle')
    expect(client.getQueryCache().getAll()[0]?.queryKey).toEqual(['pages', 'page', 'o1', 1])
  })
})
