import { describe, expect, it, vi } from 'vitest'
import { ToolkitError, createQueryKeys, defineQueries, warmCache } from '../src/index'
import { createTestClient } from './helpers/createTestClient'

/** Query options whose fetches record how many run at once. */
function trackedQueries(count: number, fails: (index: number) => boolean = () => false) {
  const stats = { running: 0, peak: 0, fetched: [] as Array<number> }
  // The counters are the test's probes, not inputs of the query.
  // eslint-disable-next-line @tanstack/query/exhaustive-deps
  const list = Array.from({ length: count }, (_, index) => ({
    queryKey: ['warm', index],
    queryFn: async () => {
      stats.running += 1
      stats.peak = Math.max(stats.peak, stats.running)
      await new Promise((resolve) => setTimeout(resolve, 0))
      stats.running -= 1
      stats.fetched.push(index)
      if (fails(index)) throw new Error(`fetch ${index} failed`)
      return index
    },
  }))
  return { list, stats }
}

describe('warmCache', () => {
  it('runs at most `concurrency` fetches at once', async () => {
    const { list, stats } = trackedQueries(10)
    await warmCache(createTestClient(), list, { concurrency: 3 })
    expect(stats.peak).toBe(3)
    expect(stats.fetched).toHaveLength(10)
  })

  it('runs four fetches at once by default', async () => {
    const { list, stats } = trackedQueries(10)
    await warmCache(createTestClient(), list)
    expect(stats.peak).toBe(4)
  })

  it('runs one fetch at a time when concurrency is below one', async () => {
    const { list, stats } = trackedQueries(3)
    await warmCache(createTestClient(), list, { concurrency: 0 })
    expect(stats.peak).toBe(1)
    expect(stats.fetched).toEqual([0, 1, 2])
  })

  it('caches the data of every query', async () => {
    const client = createTestClient()
    const { list } = trackedQueries(5)
    await warmCache(client, list)
    expect(list.map((options) => client.getQueryData(options.queryKey))).toEqual([0, 1, 2, 3, 4])
  })

  it('reports how many queries were warmed and which failed', async () => {
    const { list } = trackedQueries(5, (index) => index === 1 || index === 3)
    const report = await warmCache(createTestClient(), list, { concurrency: 2 })
    expect(report.warmed).toBe(3)
    expect(report.failed.map((failure) => failure.queryKey)).toEqual([
      ['warm', 1],
      ['warm', 3],
    ])
    expect((report.failed[0]?.error as Error).message).toBe('fetch 1 failed')
  })

  it('keeps fetching the rest after a failure', async () => {
    const { list, stats } = trackedQueries(6, (index) => index === 0)
    const report = await warmCache(createTestClient(), list, { concurrency: 1 })
    expect(stats.fetched).toEqual([0, 1, 2, 3, 4, 5])
    expect(report.warmed).toBe(5)
  })

  it('counts fresh cached queries as warmed without fetching them', async () => {
    const client = createTestClient()
    const keys = createQueryKeys('warmed', { detail: (id: string) => [id] })
    const queryFn = vi.fn((id: string) => ({ id }))
    const queries = defineQueries(keys, { detail: { tier: 'long', queryFn } })
    client.setQueryData(queries.detail('a').queryKey, { id: 'a' })

    const report = await warmCache(client, [queries.detail('a'), queries.detail('b')])

    expect(report).toEqual({ warmed: 2, failed: [] })
    expect(queryFn.mock.calls.map(([id]) => id)).toEqual(['b'])
  })

  it('reports nothing for an empty list', async () => {
    await expect(warmCache(createTestClient(), [])).resolves.toEqual({ warmed: 0, failed: [] })
  })

  it('refuses a concurrency that is not a number, instead of warming nothing', async () => {
    const { list, stats } = trackedQueries(2)
    await expect(warmCache(createTestClient(), list, { concurrency: Number.NaN })).rejects.toThrow(
      /concurrency must be a number/,
    )
    await expect(warmCache(createTestClient(), list, { concurrency: '2' as unknown as number })).rejects.toThrow(
      ToolkitError,
    )
    expect(stats.fetched).toEqual([])
  })

  it('names the entry of the list that is not query options, before fetching any', async () => {
    const { list, stats } = trackedQueries(3)
    const holed = [list[0]!, undefined, list[2]!] as unknown as typeof list
    await expect(warmCache(createTestClient(), holed)).rejects.toThrow(/entry 1 has no queryKey array/)
    expect(stats.fetched).toEqual([])
  })
})
