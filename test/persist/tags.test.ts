import { afterEach, describe, expect, it } from 'vitest'
import { createQueryKeys, defineQueries, invalidateTags } from '../../src/index'
import { freshDbName, hashOf, persistInto, readDisk, stopAll, writeRaw } from './helpers'

afterEach(stopAll)

interface Project {
  id: string
}

const projectKeys = createQueryKeys('projects', { list: (orgId: string) => [orgId] })
const projectQueries = defineQueries(projectKeys, {
  list: {
    queryFn: async (orgId: string): Promise<Array<Project>> => [{ id: `${orgId}-p1` }],
    tags: (projects: Array<Project>) => projects.map((project) => `project:${project.id}`),
  },
})

describe('tags of persisted queries', () => {
  it('stores the tags a query provides with its record', async () => {
    const dbName = freshDbName()
    const { client, connection } = persistInto(dbName)
    await connection.restored
    await client.fetchQuery(projectQueries.list('o1'))
    await connection.flush()
    const record = (await readDisk(dbName)).get(`u1/${hashOf(['projects', 'list', 'o1'])}`)
    expect(record?.tags).toEqual(['project:o1-p1'])
  })

  it('lets a tag invalidation reach a restored query before its definition mounts', async () => {
    const dbName = freshDbName()
    const { client: writer, connection: first } = persistInto(dbName)
    await first.restored
    await writer.fetchQuery(projectQueries.list('o1'))
    await first.flush()

    const { client: reader, connection: second } = persistInto(dbName)
    expect((await second.restored).restored).toBe(1)
    await invalidateTags(reader, ['project:o1-p1'], { refetch: 'none' })
    expect(reader.getQueryState(projectKeys.list('o1'))?.isInvalidated).toBe(true)
  })

  it('persists a query whose tag deriver throws on its data, without tags', async () => {
    const keys = createQueryKeys('fragile', { list: (orgId: string) => [orgId] })
    const queries = defineQueries(keys, {
      list: {
        // Written for the happy shape; the server answered with something else.
        queryFn: async (): Promise<Array<Project>> => null as unknown as Array<Project>,
        tags: (projects: Array<Project>) => projects.map((project) => `project:${project.id}`),
      },
    })
    const dbName = freshDbName()
    const { client, connection } = persistInto(dbName)
    await connection.restored
    await client.fetchQuery(queries.list('o1'))
    await connection.flush()
    const record = (await readDisk(dbName)).get(`u1/${hashOf(['fragile', 'list', 'o1'])}`)
    expect(record).toBeDefined()
    expect(record?.tags).toBeUndefined()
  })

  it('restores a record whose tags are not all strings as corrupt', async () => {
    const dbName = freshDbName()
    const key = ['projects', 'list', 'o1']
    const body = { v: 1, buster: '', key, hash: hashOf(key), updatedAt: Date.now(), data: [], tags: ['ok', 7] }
    await writeRaw(dbName, [['u1', hashOf(key), JSON.stringify(body)]])
    const { connection } = persistInto(dbName)
    expect(await connection.restored).toMatchObject({ restored: 0, corrupt: 1 })
  })
})
