import { QueryClient, useMutation } from '@tanstack/react-query'
import type { UseMutationResult } from '@tanstack/react-query'
import { describe, expectTypeOf, it } from 'vitest'
import { createQueryKeys, defineMutation, defineQueries } from '../src/index'

interface Project {
  id: string
  name: string
}

const projectKeys = createQueryKeys('projects', { list: (orgId: string) => [orgId], detail: (id: string) => [id] })
const projectQueries = defineQueries(projectKeys, {
  list: { queryFn: () => Promise.resolve([] as Array<Project>) },
  detail: { queryFn: (id: string) => Promise.resolve({ id, name: '' }) },
})
declare const rename: (input: { id: string; name: string }) => Promise<Project>

describe('defineMutation writes types', () => {
  it('accepts a value of the data type the key carries', () => {
    defineMutation({
      mutationFn: rename,
      writes: (project) => [[projectQueries.detail(project.id).queryKey, project]],
    })
  })

  it('accepts an updater of the data type the key carries', () => {
    defineMutation({
      mutationFn: rename,
      writes: (project) => [
        [projectQueries.list('o1').queryKey, (list: Array<Project> | undefined) => [...(list ?? []), project]],
      ],
    })
  })

  it('accepts entries of keys with different data types side by side, a value and an updater', () => {
    defineMutation({
      mutationFn: rename,
      writes: (project) => [
        [projectQueries.detail(project.id).queryKey, project],
        [projectQueries.list('o1').queryKey, (list: Array<Project> | undefined) => [...(list ?? []), project]],
      ],
    })
  })

  it('rejects a value of another type for a key that carries its data type', () => {
    defineMutation({
      mutationFn: rename,
      // @ts-expect-error a Project list key cannot hold one Project
      writes: (project) => [[projectQueries.list('o1').queryKey, project]],
    })
  })

  it('rejects a wrong value in any entry, not only the first', () => {
    defineMutation({
      mutationFn: rename,
      // @ts-expect-error the second entry writes a string into a Project key
      writes: (project) => [
        [projectQueries.detail(project.id).queryKey, project],
        [projectQueries.detail('p2').queryKey, 'renamed'],
      ],
    })
  })

  it('rejects an updater whose parameter is not annotated rather than letting any value through', () => {
    defineMutation({
      mutationFn: rename,
      // @ts-expect-error the updater's parameter is not inferred from the key: annotate it
      writes: (project) => [[projectQueries.detail(project.id).queryKey, (current) => (current ? 5 : 5)]],
    })
  })

  it('accepts any value for a hand-written key without a data type', () => {
    defineMutation({
      mutationFn: rename,
      writes: (project) => [
        [projectKeys.detail(project.id), project],
        [['counters'], 3],
      ],
    })
  })

  it('types the answer and the input passed to writes', () => {
    defineMutation({
      mutationFn: rename,
      writes: (project, input) => {
        expectTypeOf(project).toEqualTypeOf<Project>()
        expectTypeOf(input).toEqualTypeOf<{ id: string; name: string }>()
        return []
      },
    })
  })

  it('returns options that useMutation and the mutation cache accept', () => {
    const useRename = defineMutation({ name: 'types.rename', mutationFn: rename })
    expectTypeOf(() => useMutation(useRename.options())).returns.toMatchTypeOf<
      UseMutationResult<Project, Error, { id: string; name: string }, unknown>
    >()
    const client = new QueryClient()
    const mutation = client.getMutationCache().build(client, useRename.options())
    expectTypeOf(mutation.execute).parameter(0).toEqualTypeOf<{ id: string; name: string }>()
  })
})
