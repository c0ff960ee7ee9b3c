// What an app passes to `redisBus()`: where Redis is, and how the stream is kept and read.
import type { RedisClient } from './RedisClient'

export interface RedisBusOptions {
  /**
   * Redis URL; the bus then loads ioredis itself (`import('ioredis')`) and owns that connection.
   * Give `url` or `client`, not both.
   * @default undefined
   * @example redisBus({ url: 'redis://127.0.0.1:6379' })
   */
  url?: string
  /**
   * An ioredis client to use for commands. The bus duplicates it for its blocking reader and leaves the
   * client itself open on `close()`.
   * @default undefined
   * @example redisBus({ client: new Redis(process.env.REDIS_URL) })
   */
  client?: RedisClient
  /**
   * Stream key. The key `<stream>:epoch` is kept beside it.
   * @default 'rqt:invalidations'
   * @example redisBus({ url, stream: 'myapp:invalidations' })
   */
  stream?: string
  /**
   * Approximate number of events kept for replay (`XADD … MAXLEN ~`).
   * @default 10000
   * @example redisBus({ url, maxLen: 50_000 })
   */
  maxLen?: number
  /**
   * How long one blocking `XREAD` waits before it is reissued.
   * @default 5000
   * @example redisBus({ url, blockMs: 1000 })
   */
  blockMs?: number
  /**
   * Stream entries read per `XRANGE … COUNT` while replaying to a reconnecting client. The next page is read
   * only once the client has read the previous one, so a hub holds at most about this many events per
   * resuming client (an event is at most 64 KiB of data).
   * @default 16
   * @example redisBus({ url, replayPageSize: 100 })
   */
  replayPageSize?: number
}
