// Nonsense options fail at creation with a PersistError naming the option, never later on disk.
import { describe, expect, it } from 'vitest'
import { isPersistError } from '../../src/persist'
import type { IndexedDBPersisterOptions } from '../../src/persist'
import { createTestPersister } from './helpers'

function creationError(options: unknown): unknown {
  try {
    createTestPersister(options as IndexedDBPersisterOptions)
  } catch (error) {
    return error
  }
  return undefined
}

describe('createIndexedDBPersister options', () => {
  it.each([
    ['namespace', { namespace: undefined }],
    ['namespace', { namespace: 42 }],
    ['buster', { namespace: 'u1', buster: 3 }],
    ['maxAge', { namespace: 'u1', maxAge: -1 }],
    ['maxAge', { namespace: 'u1', maxAge: Number.NaN }],
    ['maxAge', { namespace: 'u1', maxAge: '1h' }],
    ['dbName', { namespace: 'u1', dbName: '' }],
    ['throttleMs', { namespace: 'u1', throttleMs: -5 }],
    ['throttleMs', { namespace: 'u1', throttleMs: Number.POSITIVE_INFINITY }],
    ['maxBytes', { namespace: 'u1', maxBytes: 0 }],
    ['restoreTimeoutMs', { namespace: 'u1', restoreTimeoutMs: 0 }],
    ['restoreTimeoutMs', { namespace: 'u1', restoreTimeoutMs: Number.POSITIVE_INFINITY }],
    ['onError', { namespace: 'u1', onError: 'log' }],
    ['options', null],
  ])('refuses an invalid %s with a PersistError naming it', (name, options) => {
    const error = creationError(options)
    expect(isPersistError(error)).toBe(true)
    expect(error).toMatchObject({ reason: 'options' })
    expect((error as Error).message).toContain(name)
  })

  it('accepts every option at its documented extremes', () => {
    expect(
      creationError({
        namespace: '',
        buster: '',
        maxAge: Number.POSITIVE_INFINITY,
        throttleMs: 0,
        maxBytes: Number.POSITIVE_INFINITY,
        restoreTimeoutMs: 1,
      }),
    ).toBeUndefined()
  })

  it('exposes the restore timeout it was given, and 5 s by default', () => {
    expect(createTestPersister({ namespace: 'u1', restoreTimeoutMs: 250 }).restoreTimeoutMs).toBe(250)
    expect(createTestPersister({ namespace: 'u1' }).restoreTimeoutMs).toBe(5_000)
  })
})
