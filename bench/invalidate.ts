// One narrow invalidation (exact, and by prefix) at 1k, 10k and 100k cached queries:
// invalidateKeys through the index vs queryClient.invalidateQueries.
import { QueryClient } from '@tanstack/react-query'
import { getQueryIndex, invalidateKeys } from '../src/index'
import { formatMs, measure, printTable } from './harness'

function fill(client: QueryClient, count: number): void {
  for (let i = 0; i < count; i++) {
    const key = [`entity${i % 10}`, 'detail', i, { page: i % 5 }]
    client.setQueryData(key, { id: i })
  }
}

export default async function run(): Promise<void> {
  const rows: Array<Record<string, string>> = []
  for (const count of [1_000, 10_000, 100_000]) {
    const client = new QueryClient({ defaultOptions: { queries: { gcTime: Infinity } } })
    fill(client, count)
    getQueryIndex(client)
    const target = Math.floor(count / 2) + 3
    const exactKey = [`entity${target % 10}`, 'detail', target, { page: target % 5 }]
    const prefixKey = [`entity${target % 10}`, 'detail', target]
    const iterations = count >= 100_000 ? 20 : 50
    for (const [name, key, exact] of [
      ['exact', exactKey, true],
      ['prefix', prefixKey, false],
    ] as const) {
      const toolkit = await measure(() => invalidateKeys(client, [key], { exact }), iterations * 10)
      const tanstack = await measure(() => client.invalidateQueries({ queryKey: key, exact }), iterations)
      rows.push({
        queries: count.toLocaleString('en-US'),
        match: name,
        'invalidateKeys (median)': formatMs(toolkit.median),
        'invalidateQueries (median)': formatMs(tanstack.median),
        ratio: `${(tanstack.median / toolkit.median).toFixed(0)}×`,
      })
    }
    client.clear()
  }
  printTable('Narrow invalidation: invalidateKeys vs queryClient.invalidateQueries', rows)
}
