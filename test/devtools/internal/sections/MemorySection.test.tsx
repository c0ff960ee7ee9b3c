import { render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { MemorySection } from '../../../../src/devtools/internal/sections/MemorySection'
import type { ScopeMemory } from '../../../../src/metrics/index'
import { metricsSnapshot } from './metricsSnapshot'

const section = () => within(screen.getByRole('region', { name: 'Memory' }))
const figure = (label: string) => section().getByLabelText(label, { selector: 'dd' }).textContent
const memory = (rows: Record<string, ScopeMemory>) => Object.assign(Object.create(null) as object, rows)

describe('MemorySection', () => {
  it('shows the queries and estimated size in memory summed over scopes, and the evictions', () => {
    const rows = memory({
      projects: { queries: 3, bytes: 2048, evictions: 2 },
      users: { queries: 1, bytes: 512, evictions: 0 },
    })
    render(<MemorySection metrics={metricsSnapshot({ memory: rows, evictions: 2 })} />)
    expect([figure('Queries in memory'), figure('Estimated size'), figure('Evictions')]).toEqual(['4', '2.5 KiB', '2'])
  })

  it('lists memory per scope once there is more than one scope', () => {
    const rows = memory({
      users: { queries: 1, bytes: 10, evictions: 0 },
      projects: { queries: 3, bytes: 20, evictions: 2 },
    })
    render(<MemorySection metrics={metricsSnapshot({ memory: rows })} />)
    const table = within(section().getByRole('table', { name: 'Memory by scope' }))
    expect(table.getAllByRole('row').map((row) => row.textContent)).toEqual([
      'scopequeriessizeevictions',
      'projects320 B2',
      'users110 B0',
    ])
  })

  it('shows the outbox depth when an outbox is followed', () => {
    render(<MemorySection metrics={metricsSnapshot({ outbox: { pending: 3, failed: 1 } })} />)
    expect(figure('Outbox')).toBe('3 pending, 1 failed')
  })

  it('says there is no outbox without one', () => {
    render(<MemorySection metrics={metricsSnapshot()} />)
    expect(figure('Outbox')).toBe('no outbox')
  })
})
