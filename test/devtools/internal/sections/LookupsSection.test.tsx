import { render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { LookupsSection } from '../../../../src/devtools/internal/sections/LookupsSection'
import { metricsSnapshot } from './metricsSnapshot'

const section = () => within(screen.getByRole('region', { name: 'Lookups' }))
const figure = (label: string) => section().getByLabelText(label, { selector: 'dd' }).textContent

describe('LookupsSection', () => {
  it('shows the hits, stale hits and misses of the snapshot', () => {
    render(<LookupsSection metrics={metricsSnapshot({ hits: 3, staleHits: 2, misses: 3 })} />)
    expect([figure('Hits'), figure('Stale hits'), figure('Misses')]).toEqual(['3', '2', '3'])
  })

  it('shows the hit rate as a figure and on its gauge', () => {
    render(<LookupsSection metrics={metricsSnapshot({ hits: 3, staleHits: 2, misses: 3 })} />)
    const gauge = section().getByRole('meter', { name: 'Hit rate' })
    expect(figure('Hit rate')).toBe('37.5%')
    expect(gauge.getAttribute('aria-valuenow')).toBe('37.5')
    expect(gauge.getAttribute('aria-valuetext')).toBe('37.5%')
    expect((gauge.firstElementChild as HTMLElement).style.width).toBe('37.5%')
  })

  it('shows an empty gauge at 0% before any lookup', () => {
    render(<LookupsSection metrics={metricsSnapshot()} />)
    expect(figure('Hit rate')).toBe('0%')
    expect(section().getByRole('meter', { name: 'Hit rate' }).getAttribute('aria-valuenow')).toBe('0')
  })
})
