import type { Cluster, Redis } from 'ioredis'
import { describe, expectTypeOf, it } from 'vitest'
import { redisBus, type RedisBusOptions, type RedisClient } from '../../src/server/index'

describe('RedisClient', () => {
  it('accepts an ioredis Redis client, so redisBus({ client }) takes one without a cast', () => {
    expectTypeOf<Redis>().toExtend<RedisClient>()
    expectTypeOf<{ client: Redis }>().toExtend<RedisBusOptions>()
  })

  it('refuses an ioredis Cluster, which the bus does not support', () => {
    expectTypeOf<Cluster>().not.toExtend<RedisClient>()
  })

  it('refuses an object that lacks a command the bus uses', () => {
    const { xrange: _xrange, ...withoutXrange } = {} as RedisClient
    expectTypeOf(withoutXrange).not.toExtend<RedisClient>()
    // @ts-expect-error a client without XRANGE cannot replay
    redisBus({ client: withoutXrange })
  })
})
