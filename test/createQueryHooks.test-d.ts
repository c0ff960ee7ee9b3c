import type { UseQueryResult, UseSuspenseQueryResult } from '@tanstack/react-query'
import { describe, expectTypeOf, it } from 'vitest'
import { createQueryHooks, createQueryKeys, defineQueries } from '../src/index'

interface Project {
  id: string
  name: string
}

declare const findProjects: (orgId: string) => Promise<Array<Project>>

const projectKeys = createQueryKeys('projects', {
  all: null,
  list: (orgId: string) => [orgId],
  page: (orgId: string, page: number) => [orgId, page],
  search: (filter: { orgId: string; text: string }) => [filter],
})

const projectQueries = defineQueries(projectKeys, {
  all: { queryFn: () => findProjects('o1') },
  list: { queryFn: (orgId: string) => findProjects(orgId) },
  page: { queryFn: (orgId: string, _page: number) => findProjects(orgId) },
  search: { queryFn: (filter) => findProjects(filter.orgId) },
})

const hooks = createQueryHooks(projectQueries)

describe('createQueryHooks types', () => {
  it('names a use and a useSuspense hook per definition', () => {
    expectTypeOf(hooks).toHaveProperty('useList')
    expectTypeOf(hooks).toHaveProperty('useSuspenseList')
    expectTypeOf(hooks).toHaveProperty('useSuspenseSearch')
  })

  it('types the result with the definition data', () => {
    expectTypeOf(hooks.useList('o1')).toEqualTypeOf<UseQueryResult<Array<Project>, Error>>()
    expectTypeOf(hooks.useSuspenseList('o1')).toEqualTypeOf<UseSuspenseQueryResult<Array<Project>, Error>>()
  })

  it('changes the result type with select', () => {
    expectTypeOf(hooks.useList('o1', { select: (projects) => projects.length }).data).toEqualTypeOf<
      number | undefined
    >()
    expectTypeOf(hooks.useSuspenseList('o1', { select: (projects) => projects.map((p) => p.name) }).data).toEqualTypeOf<
      Array<string>
    >()
  })

  it('types the select input with the definition data', () => {
    hooks.useSearch(
      { orgId: 'o1', text: 'x' },
      {
        select: (projects) => {
          expectTypeOf(projects).toEqualTypeOf<Array<Project>>()
          return projects
        },
      },
    )
  })

  it('takes every key argument before the overrides', () => {
    expectTypeOf(hooks.usePage('o1', 2, { enabled: false }).data).toEqualTypeOf<Array<Project> | undefined>()
    // @ts-expect-error the page number is required before the overrides
    hooks.usePage('o1', { enabled: false })
  })

  it('takes only overrides when the key has no arguments', () => {
    expectTypeOf(hooks.useAll({ select: (projects) => projects[0] }).data).toEqualTypeOf<Project | undefined>()
    // @ts-expect-error the fixed key takes no arguments
    hooks.useAll('o1')
  })

  it('rejects a key argument of the wrong type', () => {
    // @ts-expect-error the organization id is a string
    hooks.useList(1)
  })

  it('rejects an object key argument of the wrong shape', () => {
    // @ts-expect-error text is missing
    hooks.useSearch({ orgId: 'o1' })
  })

  it('rejects an unknown override', () => {
    // @ts-expect-error not a query option
    hooks.useList('o1', { selekt: true })
  })

  it('does not accept the key or the query function as overrides', () => {
    // @ts-expect-error the definition owns the key
    hooks.useList('o1', { queryKey: ['x'] })
  })
})
