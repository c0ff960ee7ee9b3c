// @vitest-environment node
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findRedisServer, startRedis, type RedisProcess } from './redisServer'

const fixture = fileURLToPath(new URL('./fixtures/exitAfterClose.ts', import.meta.url))
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url))

/** Runs the fixture; resolves with its output and exit code, or with `timedOut` if it hangs. */
function runFixture(
  env: Record<string, string> = {},
): Promise<{ output: string; code: number | null; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(tsx, [fixture], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, 10_000)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ output, code, timedOut })
    })
  })
}

describe('hub.close()', () => {
  it('leaves nothing open: the process exits by itself', async () => {
    const result = await runFixture()
    expect(result).toEqual({ output: 'closed\n', code: 0, timedOut: false })
  })
})

const redisServer = findRedisServer()
if (!redisServer)
  console.warn('[react-query-toolkit/server] redis-server not found (REDIS_SERVER or PATH): Redis close test skipped')

describe.skipIf(!redisServer)('hub.close() with a Redis bus', () => {
  let redis: RedisProcess
  beforeAll(async () => {
    redis = await startRedis(redisServer!)
  })
  afterAll(async () => {
    await redis?.stop()
  })

  it('leaves nothing open once the hub and the bus are closed: the process exits by itself', async () => {
    const result = await runFixture({ REDIS_URL: redis.url })
    expect(result).toEqual({ output: 'closed\n', code: 0, timedOut: false })
  })
})
