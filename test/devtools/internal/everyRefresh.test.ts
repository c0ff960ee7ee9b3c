import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { everyRefresh } from '../../../src/devtools/internal/everyRefresh'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('everyRefresh', () => {
  it('calls its tick every refreshMs until stopped', () => {
    const tick = vi.fn()
    const stop = everyRefresh(tick, 250)
    vi.advanceTimersByTime(1000)
    expect(tick).toHaveBeenCalledTimes(4)
    stop()
    vi.advanceTimersByTime(1000)
    expect(tick).toHaveBeenCalledTimes(4)
  })

  it.each([0, -1, Number.NaN])('starts no timer for %s', (refreshMs) => {
    everyRefresh(() => {}, refreshMs)
    expect(vi.getTimerCount()).toBe(0)
  })

  it.each([Number.POSITIVE_INFINITY, 2 ** 31, 2e9])(
    'starts no timer for %s ms, past what a timer can wait',
    (refreshMs) => {
      everyRefresh(() => {}, refreshMs)
      expect(vi.getTimerCount()).toBe(0)
    },
  )

  it('still refreshes just under 2e9 ms', () => {
    const tick = vi.fn()
    everyRefresh(tick, 2e9 - 1)
    vi.advanceTimersByTime(2e9 - 1)
    expect(tick).toHaveBeenCalledTimes(1)
  })
})
