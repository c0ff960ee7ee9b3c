// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { createRequestMerger } from '../../src/internal/mergeRequests'

describe('createRequestMerger', () => {
  it('keeps a key, a tag and everything once, with the widest scope asked for each', () => {
    const merger = createRequestMerger()
    merger.add([
      { key: ['a'], exact: false, refetch: 'active' },
      { tag: 't', refetch: 'none' },
    ])
    merger.add([
      { key: ['a'], exact: false, refetch: 'inactive' },
      { tag: 't', refetch: 'active' },
      { all: true, refetch: 'none' },
    ])
    merger.add([{ all: true, refetch: 'none' }])
    expect(merger.take()).toEqual([
      { key: ['a'], exact: false, refetch: 'all' },
      { tag: 't', refetch: 'active' },
      { all: true, refetch: 'none' },
    ])
  })

  it('tells a key asked exactly from the same key asked as a prefix', () => {
    const merger = createRequestMerger()
    merger.add([
      { key: ['a'], exact: true, refetch: 'active' },
      { key: ['a'], exact: false, refetch: 'active' },
    ])
    expect(merger.size).toBe(2)
  })

  it('merges keys equal as JSON, whatever the order of their object properties', () => {
    const merger = createRequestMerger()
    merger.add([
      { key: [{ x: 1, y: 2 }], exact: false, refetch: 'active' },
      { key: [{ y: 2, x: 1 }], exact: false, refetch: 'active' },
    ])
    expect(merger.size).toBe(1)
  })

  it('starts afresh after take', () => {
    const merger = createRequestMerger()
    merger.add([{ tag: 't', refetch: 'active' }])
    merger.take()
    expect(merger.size).toBe(0)
    expect(merger.take()).toEqual([])
  })
})
