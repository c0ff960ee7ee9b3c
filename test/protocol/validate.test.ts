// @vitest-environment node
// The protocol's key and tag validators, as syncTabs uses them on messages from other tabs.
import { describe, expect, it } from 'vitest'
import { isProtocolError } from '../../src/protocol/types'
import { toTags, toWireKey } from '../../src/protocol/validate'

const problemOf = (run: () => unknown) => {
  try {
    run()
  } catch (error) {
    return isProtocolError(error) ? error.code : 'other'
  }
  return undefined
}

describe('toWireKey', () => {
  it('returns a fresh copy of a key made of plain JSON values', () => {
    const part = { org: 'o1', page: [1, 2] }
    const copy = toWireKey(['projects', part])
    expect(copy).toEqual(['projects', part])
    expect(copy[1]).not.toBe(part)
  })

  it.each([
    ['a key that is not an array', 'projects', 'key'],
    ['a function', [() => 1], 'type'],
    ['a class instance', [new Date(0)], 'plain'],
    ['a non-finite number', [Number.POSITIVE_INFINITY], 'number'],
    ['a forbidden property', [JSON.parse('{"__proto__":{}}')], 'property'],
    ['nesting deeper than 16', [JSON.parse('['.repeat(16) + ']'.repeat(16))], 'depth'],
  ])('rejects %s', (_, key, problem) => {
    expect(problemOf(() => toWireKey(key))).toBe(problem)
  })
})

describe('toTags', () => {
  it.each([
    ['more than 1,000 tags', Array.from({ length: 1001 }, (_, i) => `t${i}`), 'tag-count'],
    ['an empty tag', [''], 'tag-length'],
    ['a tag of 257 characters', ['t'.repeat(257)], 'tag-length'],
    ['a tag that is not a string', [1], 'tag'],
  ])('rejects %s', (_, tags, problem) => {
    expect(problemOf(() => toTags(tags))).toBe(problem)
  })

  it('accepts 1,000 tags of 256 characters', () => {
    expect(toTags(Array.from({ length: 1000 }, () => 't'.repeat(256)))).toHaveLength(1000)
  })
})
