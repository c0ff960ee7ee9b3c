// The part of an ioredis client the Redis bus uses, written out structurally so that the published types never
// import ioredis: an app that never uses the Redis bus compiles without it (`skipLibCheck: false` included),
// and an ioredis `Redis` instance still fits where a `RedisClient` is asked for.

/** The commands and events of an ioredis `Redis` client that `redisBus({ client })` relies on. */
export interface RedisClient {
  /** A second connection with the same options; the bus blocks in `XREAD` on it. */
  duplicate(override: { maxRetriesPerRequest: null }): RedisClient
  on(event: 'ready' | 'error', listener: (...args: Array<unknown>) => void): unknown
  eval(script: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>
  xread(
    countToken: 'COUNT',
    count: number,
    blockToken: 'BLOCK',
    milliseconds: number,
    streamsToken: 'STREAMS',
    key: string,
    id: string,
  ): Promise<unknown>
  xrange(key: string, start: string, end: string, countToken: 'COUNT', count: number): Promise<unknown>
  quit(): Promise<unknown>
  disconnect(): void
}
