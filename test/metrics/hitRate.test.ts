import { describe, expect, it } from 'vitest'
import { hitRate } from '../../src/metrics/hitRate'

describe('hitRate', () => {
  it('divides hits by every lookup, stale hits included', () => {
    expect(hitRate({ hits: 6, staleHits: 2, misses: 2 })).toBe(0.6)
  })

  it('is 0 before any lookup', () => {
    expect(hitRate({ hits: 0, staleHits: 0, misses: 0 })).toBe(0)
  })

  it('is 1 when every lookup hit', () => {
    expect(hitRate({ hits: 3, staleHits: 0, misses: 0 })).toBe(1)
  })
})
