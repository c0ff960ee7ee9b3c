import { render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { InvalidationsSection } from '../../../../src/devtools/internal/sections/InvalidationsSection'
import { metricsSnapshot } from './metricsSnapshot'

describe('InvalidationsSection', () => {
  it('shows one count per source, named by its source', () => {
    render(
      <InvalidationsSection
        metrics={metricsSnapshot({ invalidations: { mutation: 4, stream: 9, tab: 1, manual: 0 } })}
      />,
    )
    const section = within(screen.getByRole('region', { name: 'Invalidations' }))
    const counts = section.getAllByRole('definition').map((dd) => [dd.getAttribute('aria-label'), dd.textContent])
    expect(counts).toEqual([
      ['Invalidations by mutation', '4'],
      ['Invalidations by stream', '9'],
      ['Invalidations by tab', '1'],
      ['Invalidations by manual', '0'],
    ])
  })

  it('labels each count with its source', () => {
    render(<InvalidationsSection metrics={metricsSnapshot()} />)
    const section = within(screen.getByRole('region', { name: 'Invalidations' }))
    expect(section.getAllByRole('term').map((dt) => dt.textContent)).toEqual(['mutation', 'stream', 'tab', 'manual'])
  })
})
