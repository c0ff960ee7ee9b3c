// One error convention across the entries: a base class with a `code`, one subclass per entry with its
// guard, one message prefix, the cause kept, and each entry's real bad input throwing its own class.
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  QueryKeyError,
  ToolkitError,
  createQueryKeys,
  defineQueries,
  invalidateKeys,
  invalidateTags,
  isQueryKeyError,
  isToolkitError,
  mergeQueryKeys,
  resolveTier,
  warmCache,
} from '../src/index'
import { InvalidationStreamError, connectInvalidationStream, isInvalidationStreamError } from '../src/live'
import type { InvalidationStream } from '../src/live'
import { MetricsError, isMetricsError, toPrometheus } from '../src/metrics'
import { createIndexedDBPersister, isPersistError, persistQueryCache, PersistError } from '../src/persist'
import { InvalidationHubError, createInvalidationHub, isInvalidationHubError, memoryBus } from '../src/server'
import { createTestClient } from './helpers/createTestClient'

const PREFIX = '[react-query-toolkit] '

/** The error `run` throws (or its promise rejects with); fails the test if nothing is thrown. */
async function caught(run: () => unknown): Promise<unknown> {
  try {
    await run()
  } catch (error) {
    return error
  }
  throw new Error('expected a throw')
}

describe('ToolkitError', () => {
  it('carries the code, its class name and the message with the prefix', () => {
    const error = new ToolkitError('invalid-options', 'tier "x": staleTime must be a finite number of ms')
    expect(error).toBeInstanceOf(Error)
    expect(error.code).toBe('invalid-options')
    expect(error.name).toBe('ToolkitError')
    expect(error.message).toBe(`${PREFIX}tier "x": staleTime must be a finite number of ms`)
  })

  it('adds the prefix once to a message that already starts with it', () => {
    expect(new ToolkitError('closed', `${PREFIX}closed`).message).toBe(`${PREFIX}closed`)
  })

  it('uses the code as the message when none is given', () => {
    expect(new QueryKeyError('invalid-key').message).toBe(`${PREFIX}invalid-key`)
  })

  it('keeps the cause it is given', () => {
    const cause = new RangeError('Maximum call stack size exceeded')
    expect(new QueryKeyError('unmatchable-key', 'a key could not be matched', { cause }).cause).toBe(cause)
  })

  it('is the base of the error class of every entry', () => {
    const errors = [
      new QueryKeyError('invalid-key'),
      new InvalidationStreamError('stream-ended'),
      new InvalidationHubError('closed'),
      new PersistError('quota'),
      new MetricsError('invalid-options'),
    ]
    for (const error of errors) {
      expect(error).toBeInstanceOf(ToolkitError)
      expect(isToolkitError(error)).toBe(true)
      expect(error.message.startsWith(PREFIX)).toBe(true)
    }
    expect(errors.map((error) => error.name)).toEqual([
      'QueryKeyError',
      'InvalidationStreamError',
      'InvalidationHubError',
      'PersistError',
      'MetricsError',
    ])
  })
})

describe('isToolkitError', () => {
  it('is false for a plain Error, a TypeError and an object that only looks like a toolkit error', () => {
    const lookalike = { name: 'QueryKeyError', code: 'invalid-key', message: `${PREFIX}invalid-key` }
    for (const value of [new Error('x'), new TypeError('x'), lookalike, null, undefined, 'invalid-key']) {
      expect(isToolkitError(value)).toBe(false)
    }
  })

  it('given a code, is true only for an error with that code', () => {
    const error = new InvalidationHubError('closed', 'publish() after close()')
    expect(isToolkitError(error, 'closed')).toBe(true)
    expect(isToolkitError(error, 'invalid-options')).toBe(false)
  })
})

describe('the guard of each entry', () => {
  const guards = {
    QueryKeyError: [isQueryKeyError, new QueryKeyError('invalid-key')],
    InvalidationStreamError: [isInvalidationStreamError, new InvalidationStreamError('stream-ended')],
    InvalidationHubError: [isInvalidationHubError, new InvalidationHubError('closed')],
    PersistError: [isPersistError, new PersistError('storage')],
    MetricsError: [isMetricsError, new MetricsError('invalid-options')],
  } as const

  for (const [name, [guard, own]] of Object.entries(guards)) {
    it(`${name}'s guard accepts its own class only`, () => {
      expect(guard(own)).toBe(true)
      const others = Object.values(guards).filter(([, error]) => error !== own)
      for (const [, other] of others) expect(guard(other)).toBe(false)
      expect(guard(new ToolkitError(own.code))).toBe(false)
      expect(guard(new Error(own.message))).toBe(false)
    })
  }
})

describe('core: bad input throws a QueryKeyError or a ToolkitError with the documented code', () => {
  const keys = createQueryKeys('projects', { list: (sort: unknown) => [sort] })

  it('a key part that is a function is invalid-key', async () => {
    expect(await caught(() => keys.list(() => 1))).toMatchObject({ name: 'QueryKeyError', code: 'invalid-key' })
  })

  it('a key factory whose scope is used twice is invalid-schema', async () => {
    const error = await caught(() => mergeQueryKeys(keys, createQueryKeys('projects', { all: null })))
    expect(error).toBeInstanceOf(QueryKeyError)
    expect(error).toMatchObject({ code: 'invalid-schema' })
  })

  it('a definition without a key is unknown-key', async () => {
    const error = await caught(() => defineQueries(keys, { missing: { queryFn: () => 1 } } as never))
    expect(error).toMatchObject({ name: 'QueryKeyError', code: 'unknown-key' })
  })

  it('a key that is not an array is invalid-key, and a tag that is not a string invalid-tags', async () => {
    const client = createTestClient()
    expect(await caught(() => invalidateKeys(client, ['projects'] as never))).toMatchObject({ code: 'invalid-key' })
    expect(await caught(() => invalidateTags(client, ['ok', 7] as never))).toMatchObject({ code: 'invalid-tags' })
  })

  it('an unknown refetch is invalid-options, a ToolkitError that is not a QueryKeyError', async () => {
    const error = await caught(() => invalidateKeys(createTestClient(), [['a']], { refetch: 'everything' as never }))
    expect(isToolkitError(error, 'invalid-options')).toBe(true)
    expect(isQueryKeyError(error)).toBe(false)
  })

  it('an unknown tier name is unknown-tier', async () => {
    expect(isToolkitError(await caught(() => resolveTier('nope' as never)), 'unknown-tier')).toBe(true)
  })

  it('a warmCache entry without a queryKey is invalid-key', async () => {
    const error = await caught(() => warmCache(createTestClient(), [{ queryKey: ['a'] }, {} as never]))
    expect(error).toMatchObject({ name: 'QueryKeyError', code: 'invalid-key' })
  })

  it('a key that cannot be matched is unmatchable-key with the original error as the cause', async () => {
    const client = createTestClient()
    const failure = new Error('cannot hash')
    client.getQueryCache().build(client, {
      queryKey: ['h'],
      queryHash: 'h',
      queryKeyHashFn: () => {
        throw failure
      },
    })
    const error = await caught(() => invalidateKeys(client, [['h']], { exact: true }))
    expect(error).toMatchObject({ name: 'QueryKeyError', code: 'unmatchable-key', cause: failure })
  })

  it('keeps the development detail out of the message when NODE_ENV is production', async () => {
    vi.stubEnv('NODE_ENV', 'production')
    try {
      const error = await caught(() => invalidateTags(createTestClient(), ['ok', 7] as never))
      expect((error as Error).message).toBe(`${PREFIX}invalid-tags: tags[1]`)
    } finally {
      vi.unstubAllEnvs()
    }
  })
})

describe('metrics: bad input throws a MetricsError', () => {
  it('a prefix that is not a metric name is invalid-options', async () => {
    const error = await caught(() => toPrometheus({} as never, { prefix: '1bad' }))
    expect(error).toMatchObject({ name: 'MetricsError', code: 'invalid-options' })
    expect((error as Error).message.startsWith(`${PREFIX}toPrometheus`)).toBe(true)
  })
})

describe('server: bad input throws an InvalidationHubError', () => {
  it('a negative replay capacity is invalid-options', async () => {
    expect(await caught(() => memoryBus({ replay: -1 }))).toMatchObject({
      name: 'InvalidationHubError',
      code: 'invalid-options',
    })
  })

  it('a publish of a key that is not an array is invalid-event, with the prefix once', async () => {
    const hub = createInvalidationHub({ bus: memoryBus() })
    try {
      const error = await caught(() => hub.publish({ keys: ['projects'] as never }))
      expect(error).toMatchObject({ name: 'InvalidationHubError', code: 'invalid-event' })
      expect((error as Error).message).toMatch(/^\[react-query-toolkit\] (?!\[react-query-toolkit\])/)
    } finally {
      await hub.close()
    }
  })
})

describe('live: every lastError is an InvalidationStreamError with a code', () => {
  let stream: InvalidationStream | undefined
  afterEach(() => stream?.close())

  function connect(fetch: typeof globalThis.fetch) {
    stream = connectInvalidationStream(createTestClient(), {
      url: 'http://test/stream',
      share: false,
      jitterMs: 0,
      fetch,
      retry: { minDelayMs: 60_000 },
    })
    return stream.status
  }

  it('a 401 is unauthorized, with the status as data', async () => {
    const status = connect(async () => new Response(null, { status: 401 }))
    await vi.waitFor(() => expect(status.getState().state).toBe('unauthorized'))
    expect(status.getState().lastError).toMatchObject({
      name: 'InvalidationStreamError',
      code: 'unauthorized',
      status: 401,
    })
  })

  it('a fetch that rejects is connection-failed, with the rejection as the cause', async () => {
    const failure = new TypeError('Failed to fetch')
    const status = connect(async () => {
      throw failure
    })
    await vi.waitFor(() => expect(status.getState().state).toBe('reconnecting'))
    const { lastError } = status.getState()
    expect(isInvalidationStreamError(lastError)).toBe(true)
    expect(lastError).toMatchObject({ code: 'connection-failed', cause: failure })
  })
})

describe('persist: the reported PersistError', () => {
  const original = Object.getOwnPropertyDescriptor(globalThis, 'indexedDB')
  afterEach(() => {
    if (original) Object.defineProperty(globalThis, 'indexedDB', original)
  })

  it('names an absent IndexedDB unavailable as its code, and keeps reason as an alias', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    delete (globalThis as { indexedDB?: unknown }).indexedDB
    const errors: Array<PersistError> = []
    const persister = createIndexedDBPersister({
      namespace: 'u1',
      dbName: 'errors-test',
      onError: (error) => errors.push(error),
    })
    const connection = persistQueryCache(createTestClient(), persister)
    await connection.restored
    connection.stop()
    expect(errors.map((error) => [error.name, error.code, error.reason])).toEqual([
      ['PersistError', 'unavailable', 'unavailable'],
    ])
    expect(errors[0]?.message.startsWith(PREFIX)).toBe(true)
    vi.restoreAllMocks()
  })
})
