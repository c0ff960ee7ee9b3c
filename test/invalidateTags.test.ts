import { QueryObserver } from '@tanstack/react-query'
import type { QueryClient, QueryKey } from '@tanstack/react-query'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createQueryKeys, defineQueries, getQueryIndex, invalidateTags } from '../src/index'
import { subscribeInvalidations } from '../src/internal/invalidationEvents'
import { createTestClient } from './helpers/createTestClient'

interface Project {
  id: string
  orgId: string
}

function setup() {
  const server = {
    projects: [
      { id: 'p1', orgId: 'o1' },
      { id: 'p2', orgId: 'o1' },
      { id: 'p3', orgId: 'o2' },
    ] as Array<Project>,
    fetches: [] as Array<string>,
  }
  const keys = createQueryKeys('projects', {
    all: null,
    list: (orgId: string) => [orgId],
    detail: (id: string) => [id],
    settings: null,
  })
  const queries = defineQueries(keys, {
    all: {
      queryFn: () => {
        server.fetches.push('all')
        return [...server.projects]
      },
      tags: (projects: Array<Project>) => projects.map((project) => `project:${project.id}`),
    },
    list: {
      queryFn: (orgId: string) => {
        server.fetches.push(`list:${orgId}`)
        return server.projects.filter((project) => project.orgId === orgId)
      },
      tags: (projects: Array<Project>, orgId) => [
        `org:${orgId}`,
        ...projects.map((project) => `project:${project.id}`),
      ],
    },
    detail: {
      queryFn: (id: string) => {
        server.fetches.push(`detail:${id}`)
        return server.projects.find((project) => project.id === id) ?? null
      },
      tags: (_project: Project | null, id) => [`project:${id}`],
    },
    settings: {
      queryFn: () => {
        server.fetches.push('settings')
        return { theme: 'dark' }
      },
      tags: ['settings'],
    },
  })
  return { server, keys, queries, client: createTestClient() }
}

const cleanups: Array<() => void> = []
afterEach(() => {
  cleanups.splice(0).forEach((cleanup) => cleanup())
})

function observe(client: QueryClient, options: { queryKey: QueryKey }) {
  const unsubscribe = new QueryObserver(client, options).subscribe(() => {})
  cleanups.push(unsubscribe)
  return unsubscribe
}

const invalidated = (client: QueryClient, key: QueryKey) => client.getQueryState(key)?.isInvalidated

describe('invalidateTags', () => {
  it('reaches a query with static tags', async () => {
    const { client, queries } = setup()
    await client.prefetchQuery(queries.settings())
    await invalidateTags(client, ['settings'])
    expect(invalidated(client, queries.settings().queryKey)).toBe(true)
  })

  it('reaches a query whose tags come from its arguments', async () => {
    const { client, queries } = setup()
    await client.prefetchQuery(queries.detail('p2'))
    await invalidateTags(client, ['project:p2'])
    expect(invalidated(client, queries.detail('p2').queryKey)).toBe(true)
  })

  it('reaches a query whose tags come from its data', async () => {
    const { client, queries } = setup()
    await client.prefetchQuery(queries.list('o2'))
    await invalidateTags(client, ['project:p3'])
    expect(invalidated(client, queries.list('o2').queryKey)).toBe(true)
  })

  it('reaches the detail and every list holding the entity, and nothing else', async () => {
    const { client, queries } = setup()
    await Promise.all([
      client.prefetchQuery(queries.all()),
      client.prefetchQuery(queries.list('o1')),
      client.prefetchQuery(queries.list('o2')),
      client.prefetchQuery(queries.detail('p1')),
      client.prefetchQuery(queries.detail('p2')),
      client.prefetchQuery(queries.settings()),
    ])

    await invalidateTags(client, ['project:p1'])

    expect(invalidated(client, queries.all().queryKey)).toBe(true)
    expect(invalidated(client, queries.list('o1').queryKey)).toBe(true)
    expect(invalidated(client, queries.detail('p1').queryKey)).toBe(true)
    expect(invalidated(client, queries.list('o2').queryKey)).toBe(false)
    expect(invalidated(client, queries.detail('p2').queryKey)).toBe(false)
    expect(invalidated(client, queries.settings().queryKey)).toBe(false)
  })

  it('reaches the holders of any of several tags', async () => {
    const { client, queries } = setup()
    await Promise.all([client.prefetchQuery(queries.settings()), client.prefetchQuery(queries.detail('p3'))])
    await invalidateTags(client, ['settings', 'project:p3'])
    expect(invalidated(client, queries.settings().queryKey)).toBe(true)
    expect(invalidated(client, queries.detail('p3').queryKey)).toBe(true)
  })

  it('makes a list hold a tag once setQueryData adds the entity', async () => {
    const { client, queries } = setup()
    await client.prefetchQuery(queries.list('o2'))
    const key = queries.list('o2').queryKey
    client.setQueryData(key, (projects = []) => [...projects, { id: 'p9', orgId: 'o2' }])

    await invalidateTags(client, ['project:p9'])

    expect(invalidated(client, key)).toBe(true)
  })

  it('makes a list hold a tag once a refetch returns the entity', async () => {
    const { client, queries, server } = setup()
    await client.prefetchQuery(queries.list('o2'))
    server.projects.push({ id: 'p9', orgId: 'o2' })
    await client.refetchQueries({ queryKey: queries.list('o2').queryKey })

    await invalidateTags(client, ['project:p9'])

    expect(invalidated(client, queries.list('o2').queryKey)).toBe(true)
  })

  it('makes a list stop holding a tag once its data loses the entity', async () => {
    const { client, queries } = setup()
    await client.prefetchQuery(queries.list('o1'))
    const key = queries.list('o1').queryKey
    client.setQueryData(key, (projects = []) => projects.filter((project) => project.id !== 'p1'))

    await invalidateTags(client, ['project:p1'])

    expect(invalidated(client, key)).toBe(false)
    expect(getQueryIndex(client).matchTags(['project:p1'])).toEqual([])
  })

  it('drops removed queries from the tag index', async () => {
    const { client, queries } = setup()
    await client.prefetchQuery(queries.list('o1'))
    const index = getQueryIndex(client)
    const [query] = index.matchTags(['org:o1'])
    expect(query?.queryKey).toEqual(queries.list('o1').queryKey)

    client.removeQueries({ queryKey: queries.list('o1').queryKey })

    expect(index.matchTags(['org:o1', 'project:p1', 'project:p2'])).toEqual([])
    expect(index.tagsOf(query!)).toEqual([])
  })

  it('lists the tags a query provides, without duplicates', async () => {
    const { client, queries } = setup()
    await client.prefetchQuery(queries.list('o1'))
    client.setQueryData(queries.list('o1').queryKey, [
      { id: 'p1', orgId: 'o1' },
      { id: 'p1', orgId: 'o1' },
    ])
    const query = client.getQueryCache().find({ queryKey: queries.list('o1').queryKey, exact: true })!
    expect(getQueryIndex(client).tagsOf(query)).toEqual(['org:o1', 'project:p1'])
  })

  it('refetches an active query it invalidates', async () => {
    const { client, queries, server } = setup()
    await client.prefetchQuery(queries.detail('p1'))
    observe(client, queries.detail('p1'))
    server.fetches.length = 0

    await invalidateTags(client, ['project:p1'])

    expect(server.fetches).toEqual(['detail:p1'])
    expect(invalidated(client, queries.detail('p1').queryKey)).toBe(false)
  })

  it('only invalidates an inactive query', async () => {
    const { client, queries, server } = setup()
    await client.prefetchQuery(queries.detail('p1'))
    server.fetches.length = 0

    await invalidateTags(client, ['project:p1'])

    expect(server.fetches).toEqual([])
    expect(invalidated(client, queries.detail('p1').queryKey)).toBe(true)
  })

  it("refetches nothing with refetch: 'none'", async () => {
    const { client, queries, server } = setup()
    await client.prefetchQuery(queries.detail('p1'))
    observe(client, queries.detail('p1'))
    server.fetches.length = 0

    await invalidateTags(client, ['project:p1'], { refetch: 'none' })

    expect(server.fetches).toEqual([])
    expect(invalidated(client, queries.detail('p1').queryKey)).toBe(true)
  })

  it("refetches inactive queries too with refetch: 'all'", async () => {
    const { client, queries, server } = setup()
    await Promise.all([client.prefetchQuery(queries.detail('p1')), client.prefetchQuery(queries.list('o1'))])
    server.fetches.length = 0

    await invalidateTags(client, ['project:p1'], { refetch: 'all' })

    expect(server.fetches.sort()).toEqual(['detail:p1', 'list:o1'])
  })

  it('does not refetch a disabled observer', async () => {
    const { client, queries, server } = setup()
    await client.prefetchQuery(queries.detail('p1'))
    const unsubscribe = new QueryObserver(client, { ...queries.detail('p1'), enabled: false }).subscribe(() => {})
    cleanups.push(unsubscribe)
    server.fetches.length = 0

    await invalidateTags(client, ['project:p1'], { refetch: 'all' })

    expect(server.fetches).toEqual([])
  })

  it('announces the invalidation with its source and match count', async () => {
    const { client, queries } = setup()
    await client.prefetchQuery(queries.list('o1'))
    const records: Array<unknown> = []
    cleanups.push(subscribeInvalidations(client, (record) => records.push(record)))

    await invalidateTags(client, ['org:o1'], { source: 'stream', refetch: 'none' })

    expect(records).toEqual([{ source: 'stream', request: [{ tag: 'org:o1', refetch: 'none' }], matched: 1 }])
  })

  it('matches nothing for a tag no query holds', async () => {
    const { client, queries } = setup()
    await client.prefetchQuery(queries.list('o1'))
    await invalidateTags(client, ['project:nope'])
    expect(invalidated(client, queries.list('o1').queryKey)).toBe(false)
  })
})

describe('invalidateTags when the server sends data the tags cannot read', () => {
  function brokenServer() {
    const { server, keys, queries, client } = setup()
    getQueryIndex(client)
    // The list endpoint answers null (an outage page, a changed API): `projects.map` throws.
    server.projects = null as unknown as Array<Project>
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    cleanups.push(() => warn.mockRestore())
    return { keys, queries, client, warn }
  }

  /** The query as its definition builds it (with its tags), then given `data` by hand. */
  function store(client: QueryClient, options: { queryKey: QueryKey }, data: unknown) {
    client.getQueryCache().build(client, options)
    client.setQueryData(options.queryKey, data)
  }

  it('still caches the data and resolves the fetch', async () => {
    const { queries, client } = brokenServer()
    await expect(client.fetchQuery({ ...queries.all(), queryFn: () => null as never })).resolves.toBeNull()
    expect(client.getQueryState(queries.all().queryKey)?.status).toBe('success')
  })

  it('still lets setQueryData store the data', () => {
    const { queries, client } = brokenServer()
    store(client, queries.all(), null)
    expect(client.getQueryState(queries.all().queryKey)?.status).toBe('success')
  })

  it('counts the failure and warns once per read', () => {
    const { queries, client, warn } = brokenServer()
    store(client, queries.all(), null)
    expect(getQueryIndex(client).tagErrors()).toBe(1)
    expect(warn).toHaveBeenCalledTimes(1)
  })

  it('keeps the tags the query provided before, so it is still invalidated by them', async () => {
    const { queries, client } = brokenServer()
    store(client, queries.all(), [{ id: 'p1', orgId: 'o1' }])
    client.setQueryData(queries.all().queryKey, null as never)

    await invalidateTags(client, ['project:p1'], { refetch: 'none' })

    expect(invalidated(client, queries.all().queryKey)).toBe(true)
  })

  it('drops tags that are not strings as a failure, not as tags', () => {
    const client = createTestClient()
    const keys = createQueryKeys('odd', { item: null })
    const queries = defineQueries(keys, { item: { queryFn: () => 1, tags: () => [7] as unknown as Array<string> } })
    vi.spyOn(console, 'warn').mockImplementationOnce(() => {})
    store(client, queries.item(), 1)
    const query = client.getQueryCache().find({ queryKey: queries.item().queryKey, exact: true })!
    expect(getQueryIndex(client).tagsOf(query)).toEqual([])
    expect(getQueryIndex(client).tagErrors()).toBe(1)
  })
})
