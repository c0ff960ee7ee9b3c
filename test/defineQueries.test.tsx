import { useQuery, useSuspenseQuery } from '@tanstack/react-query'
import { renderHook, screen, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { createQueryKeys, defineQueries, tiers } from '../src/index'
import { createTestClient, providerFor, renderSuspended } from './helpers/createTestClient'
import { hangingHandler, setupRepositoryServer } from './helpers/repository'
import type { Project } from './helpers/repository'

const { server, serveRepository } = setupRepositoryServer()

function setup() {
  const { db, repository } = serveRepository()
  const projectKeys = createQueryKeys('projects', {
    list: (orgId: string) => [orgId],
    detail: { key: (id: string) => [id], children: { timeEntries: null } },
    search: (filter: { orgId: string; text: string }) => [filter],
  })
  const projectQueries = defineQueries(projectKeys, {
    list: { tier: 'normal', queryFn: (orgId: string, ctx) => repository.findProjects(orgId, ctx.signal) },
    detail: { tier: 'long', queryFn: (id: string, ctx) => repository.findProject(id, ctx.signal) },
    search: {
      queryFn: async (filter, ctx) => {
        const projects = await repository.findProjects(filter.orgId, ctx.signal)
        return projects.filter((project) => project.name.includes(filter.text))
      },
    },
  })
  const detailQueries = defineQueries(projectKeys.detail, {
    timeEntries: { tier: 'critical', queryFn: (id: string, ctx) => repository.findTimeEntries(id, ctx.signal) },
  })
  return { db, repository, projectKeys, projectQueries, detailQueries, client: createTestClient() }
}

describe('defineQueries options', () => {
  it('builds the query key from the key factory', () => {
    const { projectQueries } = setup()
    expect(projectQueries.list('o1').queryKey).toEqual(['projects', 'list', 'o1'])
  })

  it('sets staleTime, gcTime and meta from the tier', () => {
    const { projectQueries } = setup()
    const options = projectQueries.detail('p1')
    expect(options).toMatchObject({
      staleTime: tiers.long.staleTime,
      gcTime: tiers.long.gcTime,
      meta: { tier: 'long', persist: true },
    })
  })

  it('passes TanStack options of the definition through', () => {
    const keys = createQueryKeys('settings', { all: null })
    const queries = defineQueries(keys, { all: { retry: 3, refetchOnWindowFocus: false, queryFn: () => ({}) } })
    expect(queries.all()).toMatchObject({ retry: 3, refetchOnWindowFocus: false })
  })

  it('throws when a definition names a key the factory lacks', () => {
    const keys = createQueryKeys('settings', { all: null })
    expect(() => defineQueries(keys, { missing: { queryFn: () => 1 } } as never)).toThrow(/no key named "missing"/)
  })

  it('calls the query function with the key arguments and the abort signal', async () => {
    const keys = createQueryKeys('spy', { page: (orgId: string, page: number) => [orgId, page] })
    const queryFn = vi.fn((orgId: string, page: number) => `${orgId}:${page}`)
    const queries = defineQueries(keys, { page: { queryFn } })
    const client = createTestClient()

    await expect(client.fetchQuery(queries.page('o1', 2))).resolves.toBe('o1:2')

    expect(queryFn).toHaveBeenCalledTimes(1)
    const [orgId, page, context] = queryFn.mock.calls[0] as unknown as [
      string,
      number,
      { signal: AbortSignal; queryKey: unknown },
    ]
    expect([orgId, page]).toEqual(['o1', 2])
    expect(context.signal).toBeInstanceOf(AbortSignal)
    expect(context.queryKey).toEqual(['spy', 'page', 'o1', 2])
  })

  it('passes an object key argument to the query function', async () => {
    const { projectQueries, client } = setup()
    const found = await client.fetchQuery(projectQueries.search({ orgId: 'o1', text: 'Web' }))
    expect(found.map((project) => project.id)).toEqual(['p1'])
  })

  it('defines queries over the children of a parent key', async () => {
    const { detailQueries, client } = setup()
    const options = detailQueries.timeEntries('p1')
    expect(options.queryKey).toEqual(['projects', 'detail', 'p1', 'timeEntries'])
    expect(options.meta).toEqual({ tier: 'critical', persist: true })
    await expect(client.fetchQuery(options)).resolves.toHaveLength(2)
  })
})

describe('defineQueries with the QueryClient', () => {
  it('works with prefetchQuery', async () => {
    const { projectQueries, client, db } = setup()
    await client.prefetchQuery(projectQueries.list('o1'))
    expect(client.getQueryData(projectQueries.list('o1').queryKey)?.map((p) => p.id)).toEqual(['p1', 'p2'])
    expect(db.requests).toEqual(['GET /organizations/o1/projects'])
  })

  it('works with ensureQueryData and serves fresh data without a second fetch', async () => {
    const { projectQueries, client, db } = setup()
    const first = await client.ensureQueryData(projectQueries.detail('p1'))
    const second = await client.ensureQueryData(projectQueries.detail('p1'))
    expect(first).toEqual({ id: 'p1', orgId: 'o1', name: 'Website' })
    expect(second).toBe(first)
    expect(db.requests).toEqual(['GET /projects/p1'])
  })

  it('lets setQueryData and getQueryData use the options key', () => {
    const { projectQueries, client } = setup()
    const project: Project = { id: 'p9', orgId: 'o1', name: 'Set by hand' }
    client.setQueryData(projectQueries.detail('p9').queryKey, project)
    expect(client.getQueryData(projectQueries.detail('p9').queryKey)).toBe(project)
  })

  it('aborts the repository fetch when cancelQueries is called', async () => {
    const { projectQueries, client, db } = setup()
    server.use(hangingHandler('/projects/slow'))
    const options = projectQueries.detail('slow')
    void client.prefetchQuery(options)
    await waitFor(() => expect(client.getQueryState(options.queryKey)?.fetchStatus).toBe('fetching'))

    await client.cancelQueries({ queryKey: options.queryKey })

    await waitFor(() => expect(db.aborted).toEqual(['/projects/slow']))
    expect(client.getQueryState(options.queryKey)?.fetchStatus).toBe('idle')
  })
})

describe('defineQueries with hooks', () => {
  it('works unchanged in useQuery', async () => {
    const { projectQueries, client } = setup()
    const { result } = renderHook(() => useQuery(projectQueries.detail('p2')), { wrapper: providerFor(client) })
    await waitFor(() => expect(result.current.isSuccess).toBe(true))
    expect(result.current.data?.name).toBe('Mobile app')
  })

  it('aborts the repository fetch when the last observer unmounts', async () => {
    const { projectQueries, client, db } = setup()
    server.use(hangingHandler('/projects/slow'))
    const { unmount } = renderHook(() => useQuery(projectQueries.detail('slow')), { wrapper: providerFor(client) })
    await waitFor(() => expect(client.isFetching()).toBe(1))

    unmount()

    await waitFor(() => expect(db.aborted).toEqual(['/projects/slow']))
  })

  it('works unchanged in useSuspenseQuery inside a Suspense boundary', async () => {
    const { projectQueries, client } = setup()
    function ProjectName() {
      const { data } = useSuspenseQuery(projectQueries.detail('p3'))
      return <p>{data.name}</p>
    }
    renderSuspended(client, <ProjectName />)
    expect(screen.getByText('loading')).toBeTruthy()
    expect(await screen.findByText('Billing')).toBeTruthy()
  })

  it('surfaces a repository error as the query error', async () => {
    const { projectQueries, client } = setup()
    const { result } = renderHook(() => useQuery(projectQueries.detail('missing')), { wrapper: providerFor(client) })
    await waitFor(() => expect(result.current.isError).toBe(true))
    expect(result.current.error?.message).toMatch(/404/)
  })
})
