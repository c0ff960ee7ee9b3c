import { createParser } from 'eventsource-parser'
import fc from 'fast-check'
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

describe('the parser behind the normalizer', () => {
  /** Events parsed from `chunks`, each rewritten to LF endings first. */
  const parse = (chunks: Array<string>) => {
    const events: Array<[string | undefined, string, string | undefined]> = []
    const parser = createParser({ onEvent: (event) => void events.push([event.event, event.data, event.id]) })
    const toLF = createLineEndingNormalizer()
    for (const chunk of chunks) parser.feed(toLF(chunk))
    return events
  }

  it('yields the same events whatever the line endings and wherever the chunks split', () => {
    const line = fc.oneof(
      fc.constantFrom('event: invalidate', 'event: ping', ': comment', '', 'retry: 5'),
      fc.stringMatching(/^data: [a-z{}":,0-9 ]{0,12}$/),
      fc.stringMatching(/^id: [a-z0-9.-]{1,6}$/),
    )
    const ending = fc.constantFrom('\n', '\r\n', '\r')
    fc.assert(
      fc.property(
        fc.array(fc.tuple(line, ending), { maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (lines, cuts) => {
          const lf = lines.map(([text]) => `${text}\n`).join('') + '\n'
          // A CR followed by an empty line ended by LF would read as one CRLF: end that line with CR too.
          let mixed = ''
          for (const [text, end] of lines)
            mixed += text + (text === '' && end === '\n' && mixed.endsWith('\r') ? '\r' : end)
          mixed += mixed.endsWith('\r') ? '\r' : '\n'
          const points = [...new Set(cuts.map((cut) => cut % (mixed.length + 1)))].sort((a, b) => a - b)
          const chunks = [0, ...points].map((start, i) => mixed.slice(start, [...points, mixed.length][i]))
          expect(parse(chunks)).toEqual(parse([lf]))
        },
      ),
      { numRuns: 500 },
    )
  })
})
