import { describe, expect, it } from 'vitest'
import { estimateBytes } from '../../src/limit/estimateBytes'

const json = (value: unknown) => JSON.stringify(value).length

describe('estimateBytes', () => {
  it('measures small values exactly as their JSON length', () => {
    const value = { id: 'p1', name: 'Project one', tags: ['a', 'b'], done: false, count: 12, owner: null }
    expect(estimateBytes(value)).toBe(json(value))
  })

  it('scales a sample of a long array of similar items to within 5% of its JSON length', () => {
    const value = Array.from({ length: 5000 }, (_, at) => ({ id: `item-${at}`, title: 'A title', at }))
    expect(Math.abs(estimateBytes(value) - json(value)) / json(value)).toBeLessThan(0.05)
  })

  it('visits a bounded number of values however large the data', () => {
    const wide = Array.from({ length: 200_000 }, (_, at) => ({ at }))
    let reads = 0
    const counting = new Proxy(wide, {
      get(target, name, receiver) {
        if (typeof name === 'string' && /^\d+$/.test(name)) reads++
        return Reflect.get(target, name, receiver) as unknown
      },
    })
    estimateBytes(counting)
    expect(reads).toBeLessThanOrEqual(8)
  })

  it('returns a number for cyclic data instead of recursing forever', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' }
    cyclic.self = cyclic
    expect(Number.isFinite(estimateBytes(cyclic))).toBe(true)
  })

  it('counts a getter that throws as nothing rather than throwing', () => {
    const hostile = {
      ok: 1,
      get boom(): never {
        throw new Error('boom')
      },
    }
    expect(estimateBytes(hostile)).toBe(json({ ok: 1 }) + '"boom":'.length + 1)
  })

  it('counts a proxy whose keys cannot be listed as nothing', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no keys')
        },
      },
    )
    expect(estimateBytes(hostile)).toBe(0)
  })

  it('returns the cached estimate for the same data object', () => {
    const value = { list: ['a'] }
    const first = estimateBytes(value)
    value.list.push('b'.repeat(100))
    expect(estimateBytes(value)).toBe(first)
  })
})
