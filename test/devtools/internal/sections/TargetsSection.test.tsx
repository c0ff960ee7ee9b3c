import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { TargetsSection } from '../../../../src/devtools/internal/sections/TargetsSection'
import { metricsSnapshot } from './metricsSnapshot'

const target = (name: string) => screen.getByLabelText(`${name} target`).textContent

describe('TargetsSection', () => {
  it('shows the hit rate target met above 80%', () => {
    render(<TargetsSection metrics={metricsSnapshot({ hits: 9, misses: 1 })} />)
    expect(target('Hit rate')).toBe('Hit rate > 80%: 90%, met')
  })

  it('shows the hit rate target not met at exactly 80%', () => {
    render(<TargetsSection metrics={metricsSnapshot({ hits: 8, misses: 2 })} />)
    expect(target('Hit rate')).toBe('Hit rate > 80%: 80%, not met')
  })

  it('shows the eviction rate target met below 5% of lookups', () => {
    render(<TargetsSection metrics={metricsSnapshot({ hits: 99, misses: 1, evictions: 4 })} />)
    expect(target('Eviction rate')).toBe('Eviction rate < 5%: 4%, met')
  })

  it('shows the eviction rate target not met at 5% of lookups or more', () => {
    render(<TargetsSection metrics={metricsSnapshot({ hits: 19, misses: 1, evictions: 1 })} />)
    expect(target('Eviction rate')).toBe('Eviction rate < 5%: 5%, not met')
  })

  it('judges neither target before the first lookup', () => {
    render(<TargetsSection metrics={metricsSnapshot({ evictions: 3 })} />)
    expect([target('Hit rate'), target('Eviction rate')]).toEqual([
      'Hit rate > 80%: no lookups yet',
      'Eviction rate < 5%: no lookups yet',
    ])
  })
})
