import { render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { ScopesSection } from '../../../../src/devtools/internal/sections/ScopesSection'
import { lookupTable, metricsSnapshot } from './metricsSnapshot'

const section = () => within(screen.getByRole('region', { name: 'Scopes' }))
const rows = () =>
  within(section().getByRole('table', { name: 'Lookups by scope' }))
    .getAllByRole('row')
    .map((row) => Array.from(row.children, (cell) => cell.textContent))

describe('ScopesSection', () => {
  it('lists the lookups of each scope, sorted by name, with its hit rate', () => {
    const scopes = lookupTable({
      users: { hits: 1, staleHits: 0, misses: 3 },
      projects: { hits: 2, staleHits: 1, misses: 1 },
    })
    render(<ScopesSection metrics={metricsSnapshot({ scopes })} />)
    expect(rows()).toEqual([
      ['scope', 'hits', 'stale', 'misses', 'hit rate'],
      ['projects', '2', '1', '1', '50%'],
      ['users', '1', '0', '3', '25%'],
    ])
  })

  it('lists scopes named like Object.prototype members as plain rows', () => {
    const scopes = lookupTable({
      ['__proto__']: { hits: 1, staleHits: 0, misses: 0 },
      constructor: { hits: 0, staleHits: 0, misses: 2 },
    })
    render(<ScopesSection metrics={metricsSnapshot({ scopes })} />)
    expect(rows().slice(1)).toEqual([
      ['__proto__', '1', '0', '0', '100%'],
      ['constructor', '0', '0', '2', '0%'],
    ])
  })

  it('says there are no lookups yet instead of an empty table', () => {
    render(<ScopesSection metrics={metricsSnapshot()} />)
    expect(section().queryByRole('table')).toBeNull()
    expect(section().getByText('No lookups yet.')).toBeTruthy()
  })
})
