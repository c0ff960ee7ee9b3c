import { describe, expect, it } from 'vitest'
import { createLineEndingNormalizer } from '../../src/live/internal/lineEndings'

const run = (chunks: Array<string>) => {
  const toLF = createLineEndingNormalizer()
  return chunks.map(toLF).join('')
}

describe('createLineEndingNormalizer', () => {
  it('turns CRLF and lone CR into LF', () => {
    expect(run(['a\r\nb\rc\n\r\r\n'])).toBe('a\nb\nc\n\n\n')
  })

  it('ends a line on a CR at the end of a chunk at once', () => {
    const toLF = createLineEndingNormalizer()
    expect(toLF('data: x\r\r')).toBe('data: x\n\n')
  })

  it('swallows the LF of a CRLF split across two chunks', () => {
    expect(run(['a\r', '\nb'])).toBe('a\nb')
  })

  it('keeps an LF that follows a chunk not ending in CR', () => {
    expect(run(['a', '\n\nb'])).toBe('a\n\nb')
  })

  it('keeps the pending CR across an empty chunk', () => {
    expect(run(['a\r', '', '\nb'])).toBe('a\nb')
  })
})
