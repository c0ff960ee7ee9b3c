import { QueryClient } from '@tanstack/react-query'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeRecord, encodeRecord } from '../../../src/persist/internal/record'

function queryWith(data: unknown, meta?: Record<string, unknown>) {
  const client = new QueryClient()
  if (meta) client.setQueryDefaults(['q'], { meta })
  client.setQueryData(['q', 1], data, { updatedAt: 1_000 })
  return client.getQueryCache().find({ queryKey: ['q', 1] })!
}

describe('record', () => {
  it('round-trips any JSON data with its key, hash, time and meta', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (data) => {
        const text = encodeRecord(queryWith(data, { tier: 'long', persist: true }), 'b1')
        expect(decodeRecord(text, 'b1', 0)).toEqual({
          v: 1,
          buster: 'b1',
          key: ['q', 1],
          hash: '["q",1]',
          updatedAt: 1_000,
          meta: { tier: 'long', persist: true },
          data: JSON.parse(JSON.stringify(data)),
        })
      }),
      { numRuns: 200 },
    )
  })

  it('drops functions from meta instead of refusing the query', () => {
    const text = encodeRecord(queryWith(1, { tier: 'normal', derive: () => 1 }), '')
    expect(decodeRecord(text, '', 0)).toMatchObject({ meta: { tier: 'normal' } })
  })

  it('refuses data holding a function, a symbol or a BigInt', () => {
    expect(() => encodeRecord(queryWith({ run: () => 1 }), '')).toThrow(TypeError)
    expect(() => encodeRecord(queryWith({ s: Symbol('x') }), '')).toThrow(TypeError)
    expect(() => encodeRecord(queryWith({ n: 1n }), '')).toThrow(TypeError)
  })

  it('rejects a record of another buster, an expired one and garbage, each by name', () => {
    const text = encodeRecord(queryWith(1), 'v1')
    expect(decodeRecord(text, 'v2', 0)).toBe('busted')
    expect(decodeRecord(text, 'v1', 2_000)).toBe('expired')
    expect(decodeRecord(['{"v":1}'], 'v1', 0)).toBe('corrupt')
    expect(decodeRecord(text.slice(0, -1), 'v1', 0)).toBe('corrupt')
  })
})
