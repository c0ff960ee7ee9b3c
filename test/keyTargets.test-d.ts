// Tag and target functions read their data type from the definition: TypeScript infers it from `queryFn` /
// `mutationFn` (a context-sensitive function is typed after the others, whatever the order of the properties).
import { describe, expectTypeOf, it } from 'vitest'
import { createQueryKeys, defineMutation, defineQueries } from '../src/index'

type Project = { id: string; orgId: string }
declare const findProjects: (orgId: string) => Promise<Array<Project>>
const projectKeys = createQueryKeys('projects', { list: (orgId: string) => [orgId] })

describe('data parameters of tag and target functions', () => {
  it('infers the data of a definition tags function from a queryFn written before it', () => {
    defineQueries(projectKeys, {
      list: {
        queryFn: (orgId: string) => findProjects(orgId),
        tags: (projects, orgId) => {
          expectTypeOf(projects).toEqualTypeOf<Array<Project>>()
          expectTypeOf(orgId).toEqualTypeOf<string>()
          return projects.map((project) => 'project:' + project.id)
        },
      },
    })
  })

  it('infers it as well when tags is written before queryFn', () => {
    defineQueries(projectKeys, {
      list: {
        tags: (projects) => {
          expectTypeOf(projects).toEqualTypeOf<Array<Project>>()
          return []
        },
        queryFn: (orgId: string) => findProjects(orgId),
      },
    })
  })

  it('leaves the data of a tags function unknown when the queryFn arguments are not annotated either', () => {
    defineQueries(projectKeys, {
      list: {
        queryFn: (orgId) => findProjects(orgId),
        tags: (projects, orgId) => {
          // TypeScript types both functions in one pass, before the queryFn result is known: annotate one of them.
          expectTypeOf(projects).toEqualTypeOf<unknown>()
          return [orgId]
        },
      },
    })
  })

  it('infers the data and input of invalidates, writes and optimistic.key from mutationFn', () => {
    defineMutation({
      mutationFn: async (input: { orgId: string }) => ({ id: 'p1', orgId: input.orgId }),
      invalidates: (project, input) => {
        expectTypeOf(project).toEqualTypeOf<Project | undefined>()
        expectTypeOf(input).toEqualTypeOf<{ orgId: string }>()
        return [projectKeys.list(input.orgId)]
      },
      optimistic: {
        key: (input) => projectKeys.list(input.orgId),
        update: (current: Array<Project> | undefined) => current ?? [],
      },
    })
  })
})
