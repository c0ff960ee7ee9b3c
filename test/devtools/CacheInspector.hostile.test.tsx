// The inspector's props and cache come from the app (and the cache partly from IndexedDB): odd values must
// not make the panel spin, crash or disagree with the metrics.
import { QueryClientProvider } from '@tanstack/react-query'
import type { QueryClient } from '@tanstack/react-query'
import { act, render, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CacheInspector } from '../../src/devtools/index'
import { createTestClient } from '../helpers/createTestClient'
import { inspector } from './inspectorPanel'

let client: QueryClient
beforeEach(() => {
  vi.useFakeTimers()
  client = createTestClient()
})
afterEach(() => {
  client.clear()
  vi.useRealTimers()
})

const renderInspector = (props: React.ComponentProps<typeof CacheInspector>) =>
  render(
    <QueryClientProvider client={client}>
      <CacheInspector {...props} />
    </QueryClientProvider>,
  )

describe('refreshMs beyond what a timer can wait', () => {
  it('reads the persister only once when refreshMs is Infinity', () => {
    const stats = vi.fn(() => ({ records: 1, bytes: 1 }))
    renderInspector({ persister: { stats }, refreshMs: Number.POSITIVE_INFINITY })
    act(() => vi.advanceTimersByTime(1000))
    expect(stats).toHaveBeenCalledTimes(1)
  })

  it('reads the persister only once when refreshMs is past what a timer can wait', () => {
    const stats = vi.fn(() => ({ records: 1, bytes: 1 }))
    renderInspector({ persister: { stats }, refreshMs: 2 ** 32 })
    act(() => vi.advanceTimersByTime(1000))
    expect(stats).toHaveBeenCalledTimes(1)
  })
})

describe('cached queries the app or IndexedDB filled oddly', () => {
  const tierColumn = (hash: string) =>
    within(inspector().getByRole('table', { name: 'Cached queries' })).getByRole('rowheader', { name: hash })
      .nextElementSibling!.textContent

  const cachedWithTier = (key: string, tier: unknown) => {
    client.setQueryData([key], 1)
    client.getQueryCache().find({ queryKey: [key] })!.options.meta = { tier }
  }

  it('lists a query whose meta.tier is not a string as untiered, as the metrics count it', () => {
    cachedWithTier('numbered', 42)
    cachedWithTier('object', { name: 'critical' })
    renderInspector({ refreshMs: 0 })
    expect([tierColumn('["numbered"]'), tierColumn('["object"]')]).toEqual(['untiered', 'untiered'])
  })

  it('still renders when meta.tier cannot be turned into text', () => {
    cachedWithTier('hostile', {
      [Symbol.toPrimitive]() {
        throw new Error('no text for you')
      },
    })
    renderInspector({ refreshMs: 0 })
    expect(tierColumn('["hostile"]')).toBe('untiered')
  })

  it('lists no query when maxQueries is negative and counts them all as hidden', () => {
    client.setQueryData(['a'], 1)
    client.setQueryData(['b'], 2)
    renderInspector({ refreshMs: 0, maxQueries: -1 })
    const table = within(inspector().getByRole('table', { name: 'Cached queries' }))
    expect(table.queryAllByRole('rowheader')).toEqual([])
    expect(table.getByText('2 of 2 queries hidden: 2 past the first 0')).toBeTruthy()
  })
})
