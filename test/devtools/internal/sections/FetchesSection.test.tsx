import { render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { FetchesSection } from '../../../../src/devtools/internal/sections/FetchesSection'
import { metricsSnapshot } from './metricsSnapshot'

const figure = (label: string) =>
  within(screen.getByRole('region', { name: 'Fetches' })).getByLabelText(label, { selector: 'dd' }).textContent

describe('FetchesSection', () => {
  it('shows the fetches and errors of the snapshot', () => {
    render(<FetchesSection metrics={metricsSnapshot({ fetches: 41, errors: 7 })} />)
    expect([figure('Fetches'), figure('Errors')]).toEqual(['41', '7'])
  })

  it('shows both latency percentiles, in seconds from one second on', () => {
    render(<FetchesSection metrics={metricsSnapshot({ latency: { p50: 12.4, p95: 1500, count: 20 } })} />)
    expect([figure('p50'), figure('p95')]).toEqual(['12 ms', '1.50 s'])
  })

  it('shows a dash for the percentiles before a fetch settles', () => {
    render(<FetchesSection metrics={metricsSnapshot()} />)
    expect([figure('p50'), figure('p95')]).toEqual(['–', '–'])
  })

  it('shows the mutations started and how many failed', () => {
    render(<FetchesSection metrics={metricsSnapshot({ mutations: 5, mutationErrors: 2 })} />)
    expect(figure('Mutations')).toBe('5 (2 failed)')
  })
})
