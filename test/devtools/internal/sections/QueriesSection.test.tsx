import { QueryObserver } from '@tanstack/react-query'
import type { QueryClient } from '@tanstack/react-query'
import { fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { QueriesSection } from '../../../../src/devtools/internal/sections/QueriesSection'
import { createTestClient } from '../../../helpers/createTestClient'

const NOW = Date.parse('2026-01-01T12:00:00Z')
let client: QueryClient

beforeEach(() => {
  vi.useFakeTimers({ now: NOW })
  client = createTestClient()
})
afterEach(() => {
  client.clear()
  vi.useRealTimers()
})

const cached = (key: string, secondsAgo: number, meta?: Record<string, unknown>) => {
  client.setQueryData([key], key, { updatedAt: NOW - secondsAgo * 1000 })
  if (meta) client.getQueryCache().find({ queryKey: [key] })!.options.meta = meta
}
const table = () =>
  within(screen.getByRole('region', { name: 'Queries' })).getByRole('table', { name: 'Cached queries' })
const bodyRows = () =>
  within(table())
    .getAllByRole('row')
    .slice(1)
    .map((row) => Array.from(row.children, (cell) => cell.textContent))

describe('QueriesSection', () => {
  it('lists cached queries most recently updated first, with their age', () => {
    cached('a', 7200)
    cached('b', 5)
    cached('c', 150)
    render(<QueriesSection client={client} maxQueries={50} />)
    expect(bodyRows().map(([key, , , , age]) => [key, age])).toEqual([
      ['["b"]', '5 s ago'],
      ['["c"]', '2 min ago'],
      ['["a"]', '2 h ago'],
    ])
  })

  it('shows the tier from the query meta, untiered without one', () => {
    cached('tiered', 1, { tier: 'critical' })
    cached('plain', 2)
    render(<QueriesSection client={client} maxQueries={50} />)
    expect(bodyRows().map(([key, tier]) => [key, tier])).toEqual([
      ['["tiered"]', 'critical'],
      ['["plain"]', 'untiered'],
    ])
  })

  it('shows how many observers each query has', () => {
    cached('watched', 1)
    const observer = new QueryObserver(client, { queryKey: ['watched'], enabled: false })
    const unsubscribe = observer.subscribe(() => {})
    render(<QueriesSection client={client} maxQueries={50} />)
    expect(bodyRows()[0]![3]).toBe('1')
    unsubscribe()
  })

  it('lists at most maxQueries and counts the rest in its footer', () => {
    for (let i = 0; i < 5; i++) cached(`q${i}`, i)
    render(<QueriesSection client={client} maxQueries={2} />)
    const rows = within(table())
      .getAllByRole('row')
      .map((row) => row.textContent)
    expect(rows.slice(1, 3).map((row) => row!.slice(0, 6))).toEqual(['["q0"]', '["q1"]'])
    expect(rows.at(-1)).toBe('3 of 5 queries hidden: 3 past the first 2')
  })

  it('has no footer when every query is listed', () => {
    cached('only', 1)
    render(<QueriesSection client={client} maxQueries={1} />)
    expect(table().querySelector('tfoot')).toBeNull()
  })

  it('lists only the queries whose key contains the filter text, in any case', () => {
    cached('Projects', 1)
    cached('users', 2)
    render(<QueriesSection client={client} maxQueries={50} />)
    fireEvent.change(screen.getByRole('searchbox', { name: 'Key contains' }), { target: { value: 'proj' } })
    expect(bodyRows().map(([key]) => key)).toEqual(['["Projects"]', '1 of 2 queries hidden: 1 by the filter'])
  })

  it('lists only the queries of the chosen tier, untiered included', () => {
    cached('tiered', 1, { tier: 'critical' })
    cached('plain', 2)
    render(<QueriesSection client={client} maxQueries={50} />)
    fireEvent.change(screen.getByRole('combobox', { name: 'Tier' }), { target: { value: 'untiered' } })
    expect(bodyRows()[0]![0]).toBe('["plain"]')
    expect(bodyRows()).toHaveLength(2)
  })

  it('lists only the queries of the chosen freshness', () => {
    // A tier gives an unobserved query its staleTime: critical keeps it fresh for a while, realtime never.
    cached('fresh', 1, { tier: 'critical' })
    cached('old', 2, { tier: 'realtime' })
    render(<QueriesSection client={client} maxQueries={50} />)
    fireEvent.change(screen.getByRole('combobox', { name: 'Freshness' }), { target: { value: 'stale' } })
    const [row, footer] = bodyRows()
    expect([row![0], row![2], footer![0]]).toEqual(['["old"]', 'stale', '1 of 2 queries hidden: 1 by the filter'])
  })

  it('counts rows hidden by the filter and past maxQueries apart', () => {
    for (let i = 0; i < 5; i++) cached(`keep${i}`, i)
    cached('drop', 9)
    render(<QueriesSection client={client} maxQueries={2} />)
    fireEvent.change(screen.getByRole('searchbox', { name: 'Key contains' }), { target: { value: 'keep' } })
    expect(bodyRows().at(-1)![0]).toBe('4 of 6 queries hidden: 1 by the filter, 3 past the first 2')
  })

  it('offers the tiers of the cached queries in its tier list', () => {
    cached('a', 1, { tier: 'static' })
    cached('b', 2, { tier: 'critical' })
    render(<QueriesSection client={client} maxQueries={50} />)
    const options = within(screen.getByRole('combobox', { name: 'Tier' })).getAllByRole('option')
    expect(options.map((option) => option.textContent)).toEqual(['any tier', 'critical', 'static'])
  })
})
