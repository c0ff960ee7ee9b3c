// The connection `redisBus({ url })` owns, through ioredis loaded only now: it is an optional peer, and an app
// that never uses the Redis bus neither installs it nor compiles against its types.
import { InvalidationHubError } from '../InvalidationHubError'
import type { RedisClient } from '../RedisClient'

export async function connectRedisUrl(url: string): Promise<RedisClient> {
  let ioredis: typeof import('ioredis')
  try {
    ioredis = await import('ioredis')
  } catch (error) {
    throw new InvalidationHubError('invalid-options', 'redisBus({ url }) needs the package ioredis installed', {
      cause: error,
    })
  }
  return new ioredis.Redis(url)
}
