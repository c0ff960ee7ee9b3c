import { describe, expect, it } from 'vitest'
import { backoffDelay, isFetchNetworkError, isRetryable, statusOf } from '../../../src/persist/outbox/classifyFailure'

const never = () => false

describe('isRetryable', () => {
  it('retries what fetch rejects with when there is no answer (a TypeError)', () => {
    expect(isRetryable(new TypeError('Failed to fetch'), isFetchNetworkError)).toBe(true)
  })

  it('retries an error the app classifies as a network error', () => {
    const offline = Object.assign(new Error('ECONNRESET'), { code: 'ECONNRESET' })
    expect(isRetryable(offline, (error) => (error as { code?: string }).code === 'ECONNRESET')).toBe(true)
    expect(isRetryable(offline, isFetchNetworkError)).toBe(false)
  })

  it('retries a 5xx carried as status or as response.status', () => {
    expect(isRetryable({ status: 503 }, never)).toBe(true)
    expect(isRetryable({ response: { status: 500 } }, never)).toBe(true)
  })

  it('does not retry a 4xx, a plain error, or a thrown non-object', () => {
    expect(isRetryable({ status: 409 }, never)).toBe(false)
    expect(isRetryable({ response: { status: 422 } }, never)).toBe(false)
    expect(isRetryable(new Error('refused'), never)).toBe(false)
    expect(isRetryable('refused', never)).toBe(false)
    expect(isRetryable(null, never)).toBe(false)
  })

  it('falls back to the status when the app classifier throws', () => {
    const boom = () => {
      throw new Error('classifier bug')
    }
    expect(isRetryable({ status: 502 }, boom)).toBe(true)
    expect(isRetryable({ status: 400 }, boom)).toBe(false)
  })

  it('ignores a status that is not a number', () => {
    expect(statusOf({ status: '503' })).toBeUndefined()
    expect(statusOf({ response: null })).toBeUndefined()
  })
})

describe('backoffDelay', () => {
  it('doubles from the base and never exceeds the cap', () => {
    const highest = [1, 2, 3, 4, 5, 40, 5000].map((attempt) => backoffDelay(attempt, 100, 1_000, () => 1))
    expect(highest).toEqual([100, 200, 400, 800, 1_000, 1_000, 1_000])
  })

  it('jitters within the upper half of the step', () => {
    expect(backoffDelay(3, 100, 1_000, () => 0)).toBe(200)
    expect(backoffDelay(3, 100, 1_000, () => 0.5)).toBe(300)
  })
})
