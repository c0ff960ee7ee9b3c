// @vitest-environment node
// Options: nonsense values fail at creation with an InvalidationHubError naming the option.
import { get } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { createInvalidationHub, isInvalidationHubError, type InvalidationHubOptions } from '../../src/server'
import { startHubServer } from './hubServer'

const cleanups: Array<() => unknown> = []

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function creationError(options: unknown): unknown {
  try {
    const hub = createInvalidationHub(options as InvalidationHubOptions)
    void hub.close()
  } catch (error) {
    return error
  }
  return undefined
}

describe('retryMs', () => {
  it.each([0, 1, 100, 249, -5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31])(
    'refuses retryMs %s with an InvalidationHubError naming the floor',
    (retryMs) => {
      const error = creationError({ retryMs })
      expect(isInvalidationHubError(error) && error.code).toBe('invalid-options')
      expect((error as Error).message).toMatch(/retryMs must be a number from 250/)
    },
  )

  it('sends a retryMs at the floor in front of hello', async () => {
    const server = await startHubServer({ retryMs: 250 })
    cleanups.push(() => server.close())
    const text = await new Promise<string>((resolve, reject) => {
      get(server.url, (res) => {
        let text = ''
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString()
          if (!text.includes('\n\n')) return
          resolve(text)
          res.destroy()
        })
      }).on('error', reject)
    })
    expect(text).toMatch(/^retry: 250\nid: \S+\nevent: hello\n/)
  })
})

describe('nonsense options', () => {
  it.each([
    ['heartbeatMs above the timer limit', { heartbeatMs: 2 ** 31 }, /heartbeatMs/],
    ['heartbeatMs as a string', { heartbeatMs: '1000' }, /heartbeatMs/],
    ['heartbeatMs NaN', { heartbeatMs: Number.NaN }, /heartbeatMs/],
    ['maxConnections 0', { maxConnections: 0 }, /maxConnections/],
    ['maxConnections NaN', { maxConnections: Number.NaN }, /maxConnections/],
    ['maxBufferedBytes Infinity', { maxBufferedBytes: Number.POSITIVE_INFINITY }, /maxBufferedBytes/],
    ['maxBufferedBytes negative', { maxBufferedBytes: -1 }, /maxBufferedBytes/],
    ['retryAfterSeconds with a line break', { retryAfterSeconds: '5\r\nSet-Cookie: a=b' }, /retryAfterSeconds/],
    ['retryAfterSeconds fractional', { retryAfterSeconds: 1.5 }, /retryAfterSeconds/],
    ['retryAfterSeconds negative', { retryAfterSeconds: -1 }, /retryAfterSeconds/],
    ['authorize that is not a function', { authorize: [] }, /authorize/],
    ['a bus without replaySince', { bus: { publish() {}, subscribe() {}, head() {}, close() {} } }, /bus/],
    ['replay negative', { replay: -1 }, /replay/],
    ['options that are not an object', null, /options/],
  ])('throws an InvalidationHubError for %s', (_, options, message) => {
    const error = creationError(options)
    expect(isInvalidationHubError(error) && error.code).toBe('invalid-options')
    expect((error as Error).message).toMatch(message)
  })
})
