// IndexedDB as a trust boundary: records of every wrong shape are dropped, deleted and counted, and
// none of them costs a valid record or pollutes anything.
import { afterEach, describe, expect, it } from 'vitest'
import { freshDbName, hashOf, persistInto, readDisk, stopAll, writeRaw, createTestPersister } from './helpers'

const valid = (key: ReadonlyArray<unknown>, fields: Record<string, unknown> = {}) => ({
  v: 1,
  buster: '',
  key,
  hash: hashOf(key),
  updatedAt: Date.now() - 1000,
  data: 'ok',
  ...fields,
})

afterEach(stopAll)

async function restoreRaw(values: Array<[ReadonlyArray<unknown>, unknown]>) {
  const dbName = freshDbName()
  await writeRaw(dbName, [
    ...values.map(([key, value]): [string, string, unknown] => ['u1', hashOf(key), value]),
    ['u1', hashOf(['good']), JSON.stringify(valid(['good']))],
  ])
  const { client, connection } = persistInto(dbName)
  const report = await connection.restored
  return { dbName, client, report }
}

describe('records of the wrong shape', () => {
  const wrong: Array<[string, unknown]> = [
    ['a number instead of JSON text', 42],
    ['an object instead of JSON text', valid(['k'])],
    ['null', null],
    ['text that is not JSON', '{"v":1,'],
    ['JSON that is not an object', '[1,2,3]'],
    ['another record version', JSON.stringify(valid(['k'], { v: 2 }))],
    ['a key that is not an array', JSON.stringify(valid(['k'], { key: 'k' }))],
    ['a hash that is not a string', JSON.stringify(valid(['k'], { hash: 7 }))],
    ['a date that is text', JSON.stringify(valid(['k'], { updatedAt: '2026-01-01' }))],
    ['a date that is null', JSON.stringify(valid(['k'], { updatedAt: null }))],
    ['no data', JSON.stringify({ ...valid(['k']), data: undefined })],
    ['meta that is an array', JSON.stringify(valid(['k'], { meta: [1] }))],
    ['tags that are not strings', JSON.stringify(valid(['k'], { tags: [1] }))],
    ['an invalidated flag that is text', JSON.stringify(valid(['k'], { invalidated: 'yes' }))],
  ]

  it.each(wrong)('drops, deletes and counts %s, and restores the valid record beside it', async (_what, value) => {
    const { dbName, client, report } = await restoreRaw([[['k'], value]])
    expect(report).toMatchObject({ restored: 1, corrupt: 1 })
    expect(client.getQueryData(['good'])).toBe('ok')
    expect(client.getQueryData(['k'])).toBeUndefined()
    expect([...(await readDisk(dbName)).keys()]).toEqual([`u1/${hashOf(['good'])}`])
  })
})

describe('records with absurd values', () => {
  it('expires a record dated before the epoch', async () => {
    const { report } = await restoreRaw([[['ancient'], JSON.stringify(valid(['ancient'], { updatedAt: -1e308 }))]])
    expect(report).toMatchObject({ restored: 1, expired: 1 })
  })

  it('restores a record dated at the end of time as stale data of now', async () => {
    const { client } = await restoreRaw([[['late'], JSON.stringify(valid(['late'], { updatedAt: 1e308 }))]])
    expect(client.getQueryState(['late'])).toMatchObject({ isInvalidated: true, dataUpdatedAt: expect.any(Number) })
    expect(client.getQueryState(['late'])!.dataUpdatedAt).toBeLessThanOrEqual(Date.now())
  })

  it('drops and deletes a record of another buster', async () => {
    const { dbName, report } = await restoreRaw([[['old'], JSON.stringify(valid(['old'], { buster: 'v0' }))]])
    expect(report).toMatchObject({ restored: 1, busted: 1 })
    expect((await readDisk(dbName)).size).toBe(1)
  })

  it('restores a 10 MB record whole', async () => {
    const big = 'x'.repeat(10_000_000)
    const { client, report } = await restoreRaw([[['big'], JSON.stringify(valid(['big'], { data: big }))]])
    expect(report.restored).toBe(2)
    expect((client.getQueryData(['big']) as string).length).toBe(big.length)
  })

  it('restores deeply nested and cyclic-looking data as plain data', async () => {
    const deep = `${'['.repeat(5_000)}${']'.repeat(5_000)}`
    const record = `${JSON.stringify(valid(['deep'], { data: null })).slice(0, -'null}'.length)}${deep}}`
    const { client, report } = await restoreRaw([
      [['deep'], record],
      [['refs'], JSON.stringify(valid(['refs'], { data: { $ref: '$', self: '[Circular]' } }))],
    ])
    expect(report.restored).toBe(3)
    expect(Array.isArray(client.getQueryData(['deep']))).toBe(true)
    expect(client.getQueryData(['refs'])).toEqual({ $ref: '$', self: '[Circular]' })
  })
})

describe('records that try prototype pollution', () => {
  const polluting = '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'

  it('pollutes nothing through data, meta or key', async () => {
    const key = ['__proto__', 'constructor']
    const text = `{"v":1,"buster":"","key":${JSON.stringify(key)},"hash":${JSON.stringify(hashOf(key))},"updatedAt":${Date.now() - 1000},"meta":${polluting},"data":${polluting}}`
    const { client, report } = await restoreRaw([[key, text]])
    expect(report.restored).toBe(2)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.prototype.hasOwnProperty.call(client.getQueryData(key), '__proto__')).toBe(true)
    client.setQueryData(key, JSON.parse(polluting))
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('records of another namespace', () => {
  it('are neither read nor deleted', async () => {
    const dbName = freshDbName()
    await writeRaw(dbName, [
      ['u2', hashOf(['theirs']), JSON.stringify(valid(['theirs']))],
      ['u1', hashOf(['bad']), 'garbage'],
    ])
    const result = await createTestPersister({ namespace: 'u1', dbName }).read()
    expect(result).toMatchObject({ records: [], corrupt: 1 })
    expect([...(await readDisk(dbName)).keys()]).toEqual([`u2/${hashOf(['theirs'])}`])
  })
})
