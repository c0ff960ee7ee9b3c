import {
  QueryClient,
  queryOptions,
  useQueries,
  useQuery,
  useSuspenseQueries,
  useSuspenseQuery,
} from '@tanstack/react-query'
import type { DataTag, UseQueryResult } from '@tanstack/react-query'
import { describe, expectTypeOf, it } from 'vitest'
import { createQueryKeys, defineQueries } from '../src/index'

interface Project {
  id: string
  name: string
}

declare const findProjects: (orgId: string, signal: AbortSignal) => Promise<Array<Project>>
declare const findProject: (id: string, signal: AbortSignal) => Promise<Project>

const projectKeys = createQueryKeys('projects', {
  all: null,
  list: (orgId: string) => [orgId],
  detail: { key: (id: string) => [id], children: { members: null } },
})

const projectQueries = defineQueries(projectKeys, {
  all: { queryFn: () => Promise.resolve([] as Array<Project>) },
  list: { tier: 'normal', queryFn: (orgId, ctx) => findProjects(orgId, ctx.signal) },
  detail: { tier: 'long', queryFn: (id: string, ctx) => findProject(id, ctx.signal) },
})

const client = new QueryClient()

describe('defineQueries types', () => {
  it('types each options factory with the key builder parameters', () => {
    expectTypeOf(projectQueries.list).parameters.toEqualTypeOf<[orgId: string]>()
    expectTypeOf(projectQueries.all).parameters.toEqualTypeOf<[]>()
  })

  it('infers the key argument types of an unannotated query function', () => {
    defineQueries(projectKeys, {
      list: {
        queryFn: (orgId, ctx) => {
          expectTypeOf(orgId).toEqualTypeOf<string>()
          expectTypeOf(ctx.signal).toEqualTypeOf<AbortSignal>()
          expectTypeOf(ctx.queryKey).toEqualTypeOf<readonly ['projects', 'list', string]>()
          return 1
        },
      },
    })
  })

  it('tags the query key with the data type', () => {
    expectTypeOf(projectQueries.detail('p1').queryKey).toEqualTypeOf<
      DataTag<readonly ['projects', 'detail', string], Project, Error>
    >()
  })

  it('types getQueryData from the options key with no annotation', () => {
    expectTypeOf(client.getQueryData(projectQueries.detail('p1').queryKey)).toEqualTypeOf<Project | undefined>()
    expectTypeOf(client.getQueryData(projectQueries.list('o1').queryKey)).toEqualTypeOf<Array<Project> | undefined>()
  })

  it('types the setQueryData updater from the options key', () => {
    client.setQueryData(projectQueries.detail('p1').queryKey, (current) => {
      expectTypeOf(current).toEqualTypeOf<Project | undefined>()
      return current
    })
    // @ts-expect-error the cached data is a Project
    client.setQueryData(projectQueries.detail('p1').queryKey, { nope: true })
  })

  it('types useQuery, useSuspenseQuery, fetchQuery and ensureQueryData', () => {
    expectTypeOf(useQuery(projectQueries.detail('p1'))).toEqualTypeOf<UseQueryResult<Project, Error>>()
    expectTypeOf(useSuspenseQuery(projectQueries.detail('p1')).data).toEqualTypeOf<Project>()
    expectTypeOf(client.fetchQuery(projectQueries.list('o1'))).resolves.toEqualTypeOf<Array<Project>>()
    expectTypeOf(client.ensureQueryData(projectQueries.list('o1'))).resolves.toEqualTypeOf<Array<Project>>()
    expectTypeOf(client.prefetchQuery(projectQueries.list('o1'))).resolves.toEqualTypeOf<void>()
  })

  it('can be spread into queryOptions with overrides', () => {
    const options = queryOptions({ ...projectQueries.detail('p1'), select: (project: Project) => project.name })
    expectTypeOf(useQuery(options).data).toEqualTypeOf<string | undefined>()
  })

  it('rejects a query function whose argument type differs from the key function', () => {
    defineQueries(projectKeys, {
      // @ts-expect-error the key function takes a string
      list: { queryFn: (orgId: number) => findProjects(String(orgId), new AbortController().signal) },
    })
  })

  it('rejects a definition for a name the key factory lacks', () => {
    defineQueries(projectKeys, {
      // @ts-expect-error there is no "archived" key
      archived: { queryFn: () => 1 },
    })
  })

  it('rejects calling an options factory with wrong arguments', () => {
    // @ts-expect-error the project id is a string
    projectQueries.detail(1)
  })

  it('types the options of children of a parent key', () => {
    const memberQueries = defineQueries(projectKeys.detail, {
      members: { queryFn: (id: string) => [{ id: 'u1', projectId: id }] },
    })
    expectTypeOf(memberQueries.members).parameters.toEqualTypeOf<[id: string]>()
    expectTypeOf(client.getQueryData(memberQueries.members('p1').queryKey)).toEqualTypeOf<
      Array<{ id: string; projectId: string }> | undefined
    >()
  })

  it('types derived tags from the data and the key arguments', () => {
    defineQueries(projectKeys, {
      list: {
        queryFn: (orgId: string, ctx) => findProjects(orgId, ctx.signal),
        tags: (projects: Array<Project>, orgId) => {
          expectTypeOf(orgId).toEqualTypeOf<string>()
          return ['org:' + orgId, ...projects.map((project) => 'project:' + project.id)]
        },
      },
    })
  })
})

describe('definition options in TanStack entry points', () => {
  const keys = createQueryKeys('entries', { detail: (id: string) => [id] })
  const queries = defineQueries(keys, { detail: { queryFn: (id: string, ctx) => findProject(id, ctx.signal) } })

  it('are taken where queryOptions results are, with the data type of the definition', async () => {
    const client = new QueryClient()
    expectTypeOf(await client.fetchQuery(queries.detail('p1'))).toEqualTypeOf<Project>()
    expectTypeOf(await client.ensureQueryData(queries.detail('p1'))).toEqualTypeOf<Project>()
    expectTypeOf(client.getQueryData(queries.detail('p1').queryKey)).toEqualTypeOf<Project | undefined>()
    expectTypeOf(useQuery({ ...queries.detail('p1'), select: (p) => p.name }).data).toEqualTypeOf<string | undefined>()
    expectTypeOf(useSuspenseQuery(queries.detail('p1')).data).toEqualTypeOf<Project>()
    expectTypeOf(useQueries({ queries: [queries.detail('p1')] })[0].data).toEqualTypeOf<Project | undefined>()
    expectTypeOf(useSuspenseQueries({ queries: [queries.detail('p1')] })[0].data).toEqualTypeOf<Project>()
  })
})
