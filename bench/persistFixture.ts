// The records both persistence benchmarks store (Node with fake-indexeddb, and Chromium), so their figures
// describe the same data: ~1 KB items, cached a day and never stale during a run.
import { QueryClient } from '@tanstack/react-query'

export const MAX_AGE = 86_400_000

export const keyOf = (i: number) => ['items', 'detail', String(i)] as const

export function itemData(i: number, revision = 0) {
  return {
    id: `item-${i}`,
    revision,
    title: `Item number ${i}`,
    owner: { id: `user-${i % 97}`, name: `User ${i % 97}` },
    tags: ['alpha', 'beta', 'gamma'],
    body: 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(15).slice(0, 820),
    updatedAt: '2026-11-23T12:00:00.000Z',
  }
}

export const newClient = () =>
  new QueryClient({ defaultOptions: { queries: { gcTime: MAX_AGE, staleTime: Infinity } } })
