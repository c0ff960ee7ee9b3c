import { render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { TiersSection } from '../../../../src/devtools/internal/sections/TiersSection'
import { lookupTable, metricsSnapshot } from './metricsSnapshot'

const section = () => within(screen.getByRole('region', { name: 'Tiers' }))

describe('TiersSection', () => {
  it('lists the lookups of each tier, sorted by name, with its hit rate', () => {
    const tiers = lookupTable({
      untiered: { hits: 0, staleHits: 1, misses: 1 },
      critical: { hits: 3, staleHits: 0, misses: 1 },
    })
    render(
      <TiersSection
        metrics={metricsSnapshot({ tiers, scopes: lookupTable({ other: { hits: 9, staleHits: 9, misses: 9 } }) })}
      />,
    )
    const rows = within(section().getByRole('table', { name: 'Lookups by tier' }))
      .getAllByRole('row')
      .map((row) => Array.from(row.children, (cell) => cell.textContent))
    expect(rows).toEqual([
      ['tier', 'hits', 'stale', 'misses', 'hit rate'],
      ['critical', '3', '0', '1', '75%'],
      ['untiered', '0', '1', '1', '0%'],
    ])
  })

  it('says there are no lookups yet instead of an empty table', () => {
    render(
      <TiersSection
        metrics={metricsSnapshot({ scopes: lookupTable({ other: { hits: 1, staleHits: 0, misses: 0 } }) })}
      />,
    )
    expect(section().queryByRole('table')).toBeNull()
    expect(section().getByText('No lookups yet.')).toBeTruthy()
  })
})
