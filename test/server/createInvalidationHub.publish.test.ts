// @vitest-environment node
// What an app passes to publish() is checked before it reaches the bus: whatever the input, publish either
// resolves with an id or throws InvalidationHubError('invalid-event'), and the bus never sees a rejected event.
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { createInvalidationHub, isInvalidationHubError, memoryBus, type InvalidationHub } from '../../src/server'

const hubs: Array<InvalidationHub> = []
function hub(): InvalidationHub {
  const created = createInvalidationHub({ bus: memoryBus({ replay: 10 }) })
  hubs.push(created)
  return created
}
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((created) => created.close()))
})

/** Calls publish with `input` and says how it ended: an id, a refusal, or anything else (a defect). */
async function outcome(target: InvalidationHub, input: unknown): Promise<string> {
  try {
    const id = await target.publish(input as never)
    return typeof id === 'string' ? 'published' : `resolved ${String(id)}`
  } catch (error) {
    if (isInvalidationHubError(error) && error.code === 'invalid-event') return 'refused'
    return `other: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`
  }
}

const nested = (depth: number): unknown => {
  let value: unknown = 'leaf'
  for (let level = 0; level < depth; level++) value = [value]
  return value
}

describe('hub.publish with hostile input', () => {
  it('publishes or refuses any value, never failing otherwise', async () => {
    const target = hub()
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.anything(),
          fc.record(
            {
              keys: fc.anything(),
              tags: fc.anything(),
              exact: fc.anything(),
              refetch: fc.anything(),
              scopes: fc.anything(),
            },
            { requiredKeys: [] },
          ),
          fc.record({
            keys: fc.array(fc.array(fc.jsonValue(), { maxLength: 4 }), { maxLength: 4 }),
            scopes: fc.anything(),
          }),
        ),
        async (input) => {
          expect(await outcome(target, input)).toMatch(/^(published|refused)$/)
        },
      ),
      { numRuns: 300 },
    )
  })

  it.each([
    ['a key nested 100,000 deep', () => ({ keys: [[nested(100_000)]] })],
    ['a key holding a BigInt', () => ({ keys: [['a', 1n]] })],
    [
      'a key holding a cycle',
      () => {
        const cycle: Array<unknown> = ['a']
        cycle.push(cycle)
        return { keys: [cycle] }
      },
    ],
    [
      'a key whose toJSON throws',
      () => ({
        keys: [
          [
            'a',
            {
              toJSON: () => {
                throw new Error('toJSON')
              },
            },
          ],
        ],
      }),
    ],
    [
      'a getter that throws',
      () => ({
        get keys(): never {
          throw new Error('getter')
        },
      }),
    ],
    [
      'a revoked proxy (an Immer draft used after its producer returned)',
      () => {
        const { proxy, revoke } = Proxy.revocable({ tags: ['t'] }, {})
        revoke()
        return proxy
      },
    ],
    [
      'keys given by a revoked proxy',
      () => {
        const { proxy, revoke } = Proxy.revocable([['a']], {})
        revoke()
        return { keys: proxy }
      },
    ],
    ['an array with a billion empty slots', () => ({ keys: new Array(1e9) })],
    ['a tag of 10 MB', () => ({ tags: ['x'.repeat(10_000_000)] })],
    ['scopes that are not an array', () => ({ tags: ['t'], scopes: 'org:o1' })],
  ])('refuses %s with invalid-event', async (_, input) => {
    expect(await outcome(hub(), input())).toBe('refused')
  })

  it('keeps what reading the input threw as the cause of the refusal', () => {
    const failure = new Error('getter')
    const input = {
      get keys(): never {
        throw failure
      },
    }
    expect(() => hub().publish(input)).toThrow(expect.objectContaining({ code: 'invalid-event', cause: failure }))
  })

  it('refuses reset() with scopes given by a revoked proxy, with invalid-event', () => {
    const { proxy, revoke } = Proxy.revocable(['org:o1'], {})
    revoke()
    expect(() => hub().reset(proxy)).toThrow(expect.objectContaining({ code: 'invalid-event' }))
  })

  it('keeps publishing valid events after refusing hostile ones', async () => {
    const target = hub()
    expect(await outcome(target, { keys: [[nested(100_000)]] })).toBe('refused')
    expect(await outcome(target, { tags: ['ok'] })).toBe('published')
    expect(target.stats().published).toBe(1)
  })
})
