import { describe, expect, it } from 'vitest'
import { compactLog, isInvalidatedBy, parseLog } from '../../../src/persist/internal/invalidationLog'
import type { LogEntry } from '../../../src/persist/internal/invalidationLog'

const at = (key: ReadonlyArray<unknown>, updatedAt: number, tags?: Array<string>) => ({ key, updatedAt, tags })

describe('invalidationLog', () => {
  it('matches a key prefix, an exact key, a tag and everything, each only from its own time on', () => {
    const log: Array<LogEntry> = [
      [10, 'k', ['items'], false],
      [20, 'k', ['users', 1], true],
      [30, 't', 'project:1'],
    ]
    expect(isInvalidatedBy(log, at(['items', 1], 5))).toBe(true)
    expect(isInvalidatedBy(log, at(['items', 1], 11))).toBe(false)
    expect(isInvalidatedBy(log, at(['users', 1], 20))).toBe(true)
    expect(isInvalidatedBy(log, at(['users', 1, 'x'], 1))).toBe(false)
    expect(isInvalidatedBy(log, at(['other'], 1, ['project:1']))).toBe(true)
    expect(isInvalidatedBy([[5, 'a']], at(['any'], 5))).toBe(true)
    expect(isInvalidatedBy([[5, 'a']], at(['any'], 6))).toBe(false)
  })

  it('folds the oldest notes into one note for everything up to them once there are too many', () => {
    const log = Array.from({ length: 250 }, (_, i): LogEntry => [i, 't', `t${i}`])
    const compacted = compactLog(log, 0)
    expect(compacted).toHaveLength(200)
    expect(compacted[0]).toEqual([50, 'a'])
    expect(compacted[1]).toEqual([51, 't', 't51'])
  })

  it('keeps only the latest of notes with the same target', () => {
    const log: Array<LogEntry> = [
      [1, 't', 'x'],
      [3, 'k', ['a'], false],
      [2, 't', 'x'],
      [4, 'k', ['a'], true],
    ]
    expect(compactLog(log, 0)).toEqual([
      [2, 't', 'x'],
      [3, 'k', ['a'], false],
      [4, 'k', ['a'], true],
    ])
  })

  it('drops notes older than every unexpired record', () => {
    expect(
      compactLog(
        [
          [1, 'a'],
          [9, 't', 'x'],
        ],
        5,
      ),
    ).toEqual([[9, 't', 'x']])
  })

  it.each([
    ['not JSON', '{'],
    ['not an array', '{"a":1}'],
    ['an unknown kind', '[[1,"z"]]'],
    ['a date that is not a number', '[["1","a"]]'],
    ['a key that is not an array', '[[1,"k","items",false]]'],
    ['a tag that is not a string', '[[1,"t",5]]'],
    ['a value that is not a string', 42],
    ['more than 16 million characters', `[[1,"t","${'x'.repeat(16_000_000)}"]]`],
  ])('refuses a stored log holding %s', (_, value) => {
    expect(parseLog(value, 100)).toBeUndefined()
  })

  it('dates a note from the future as now', () => {
    expect(parseLog('[[500,"a"]]', 100)).toEqual([[100, 'a']])
  })
})
