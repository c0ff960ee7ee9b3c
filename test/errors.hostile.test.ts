// Hostile values at the edges that throw: describing the bad value in the message must never throw in its
// place, so the caller always gets the entry's error class with its code, not a TypeError from `String()`.
import { describe, expect, it } from 'vitest'
import { QueryKeyError, ToolkitError, invalidateKeys, warmCache } from '../src/index'
import { MetricsError, toPrometheus } from '../src/metrics'
import { InvalidationHubError, memoryBus, redisBus } from '../src/server'
import { createTestClient } from './helpers/createTestClient'

/** Values whose conversion to a string throws: no prototype, a throwing `toString`, a hostile proxy. */
const unprintable = {
  'a null-prototype object': () => Object.create(null) as unknown,
  'an object whose toString throws': () => ({
    toString() {
      throw new Error('no')
    },
  }),
  'a proxy that throws on every read': () =>
    new Proxy(
      {},
      {
        get() {
          throw new Error('revoked')
        },
      },
    ),
}

async function caught(run: () => unknown): Promise<unknown> {
  try {
    await run()
  } catch (error) {
    return error
  }
  throw new Error('expected a throw')
}

describe.each(Object.entries(unprintable))('given %s', (_, make) => {
  it('a queryKeyHashFn throwing it gives a QueryKeyError unmatchable-key with it as the cause', async () => {
    const client = createTestClient()
    const thrown = make()
    client.getQueryCache().build(client, {
      queryKey: ['h'],
      queryHash: 'h',
      queryKeyHashFn: () => {
        throw thrown
      },
    })
    const error = await caught(() => invalidateKeys(client, [['h']], { exact: true }))
    expect(error).toBeInstanceOf(QueryKeyError)
    expect(error).toMatchObject({ code: 'unmatchable-key' })
    expect((error as Error).cause).toBe(thrown)
  })

  it('as warmCache concurrency it gives a ToolkitError invalid-options', async () => {
    const error = await caught(() => warmCache(createTestClient(), [], { concurrency: make() as never }))
    expect(error).toBeInstanceOf(ToolkitError)
    expect(error).toMatchObject({ code: 'invalid-options' })
  })

  it('as toPrometheus prefix it gives a MetricsError invalid-options', async () => {
    const error = await caught(() => toPrometheus({} as never, { prefix: make() as never }))
    expect(error).toBeInstanceOf(MetricsError)
  })

  it('as memoryBus replay it gives an InvalidationHubError invalid-options', async () => {
    const error = await caught(() => memoryBus({ replay: make() as never }))
    expect(error).toBeInstanceOf(InvalidationHubError)
    expect(error).toMatchObject({ code: 'invalid-options' })
  })

  it('as redisBus maxLen it gives an InvalidationHubError invalid-options', async () => {
    const error = await caught(() =>
      redisBus({ url: 'redis://127.0.0.1:1', maxLen: make() as never, lazyConnect: true } as never),
    )
    expect(error).toBeInstanceOf(InvalidationHubError)
    expect(error).toMatchObject({ code: 'invalid-options' })
  })
})

it('toPrometheus refuses a bigint prefix with a MetricsError, not a JSON.stringify TypeError', async () => {
  const error = await caught(() => toPrometheus({} as never, { prefix: 10n as never }))
  expect(error).toMatchObject({ name: 'MetricsError', code: 'invalid-options' })
})

it.each([null, 'env=prod', 7])(
  'toPrometheus refuses labels %j with a MetricsError, not a TypeError from Object.entries',
  async (labels) => {
    const error = await caught(() => toPrometheus({} as never, { labels: labels as never }))
    expect(error).toMatchObject({ name: 'MetricsError', code: 'invalid-options' })
  },
)
