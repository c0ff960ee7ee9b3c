// Memory of the hub while never-reading clients resume a long replay: 20 clients each resume 1,000 events of
// ~60 KiB and then read nothing. The hub runs in a child process under --expose-gc; this process holds the
// clients' sockets (paused, so they never read). Figure: the hub process's growth in rss and heap+external
// after GC. Goal: < 100 MiB. Run: `npm run bench:hub -- --replay-memory` (memory bus, then Redis bus when a
// `redis-server` is on PATH or in REDIS_SERVER).
import { fork } from 'node:child_process'
import { createServer } from 'node:http'
import { createConnection, type AddressInfo, type Socket } from 'node:net'
import { fileURLToPath } from 'node:url'
import { createInvalidationHub, redisBus, type InvalidationBus } from '../../src/server'
import { findRedisServer, startRedis } from '../../test/server/redisServer'
import { formatBytes, printTable } from '../harness'

const clients = 20
const events = 1000
const settleMs = 2000
const goalBytes = 100 * 1024 * 1024

type BusKind = 'memory' | 'redis'

interface ChildReady {
  type: 'ready'
  port: number
  start: string
}

interface ChildReport {
  type: 'report'
  rss: number
  heap: number
  delivered: number
  connections: number
}

/** Runs in the child: a hub with the events already published, measuring itself on request. */
async function serveHub(kind: BusKind, redisUrl: string | undefined): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc
  if (!gc) throw new Error('run with --expose-gc')
  const bus: InvalidationBus | undefined =
    kind === 'redis'
      ? redisBus({ url: redisUrl!, stream: `bench:replay:${process.pid}`, maxLen: events * 2 })
      : undefined
  const hub = createInvalidationHub({ replay: events, bus, heartbeatMs: 60_000 })
  const server = createServer((req, res) => void hub.handle(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const start = await hub.reset()
  for (let index = 0; index < events; index++) {
    await hub.publish({ tags: Array.from({ length: 240 }, (_, tag) => `${index}-${tag}-`.padEnd(250, 'x')) })
  }
  const settle = async () => {
    for (let round = 0; round < 3; round++) {
      gc()
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    return process.memoryUsage()
  }
  const before = await settle()
  process.on('message', (message: { type: string }) => {
    if (message.type !== 'measure') return
    void settle().then(async (after) => {
      const stats = hub.stats()
      process.send!({
        type: 'report',
        rss: after.rss - before.rss,
        heap: after.heapUsed + after.external - before.heapUsed - before.external,
        delivered: stats.delivered,
        connections: stats.connections,
      } satisfies ChildReport)
      await hub.close()
      await bus?.close()
      server.closeAllConnections()
      server.close()
      process.disconnect()
    })
  })
  process.send!({ type: 'ready', port: (server.address() as AddressInfo).port, start } satisfies ChildReady)
}

async function measure(kind: BusKind, redisUrl?: string): Promise<ChildReport> {
  const child = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    env: { ...process.env, REPLAY_BENCH_CHILD: kind, REPLAY_BENCH_REDIS: redisUrl ?? '' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const next = <T>() => new Promise<T>((resolve) => child.once('message', (message) => resolve(message as T)))
  const ready = await next<ChildReady>()
  const sockets: Array<Socket> = []
  for (let index = 0; index < clients; index++) {
    const socket = createConnection({ port: ready.port, host: '127.0.0.1' })
    socket.pause()
    socket.on('error', () => {})
    socket.write(`GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nLast-Event-ID: ${ready.start}\r\n\r\n`)
    sockets.push(socket)
  }
  // Let the hub write whatever it is going to write to clients that never read.
  await new Promise((resolve) => setTimeout(resolve, settleMs))
  const report = next<ChildReport>()
  child.send({ type: 'measure' })
  const result = await report
  for (const socket of sockets) socket.destroy()
  await new Promise((resolve) => child.once('exit', resolve))
  return result
}

export async function runReplayMemoryBenchmark(): Promise<void> {
  const rows: Array<Record<string, string>> = []
  const row = (bus: string, report: ChildReport) => ({
    bus,
    'rss growth': formatBytes(report.rss),
    'heap+external growth': formatBytes(report.heap),
    'replayed frames written (of 20,000)': String(report.delivered),
    'clients still connected': String(report.connections),
    goal: `< ${formatBytes(goalBytes)}`,
  })
  rows.push(row('memory', await measure('memory')))
  const binary = findRedisServer()
  if (binary) {
    const redis = await startRedis(binary)
    try {
      rows.push(row('redis', await measure('redis', redis.url)))
    } finally {
      await redis.stop()
    }
  } else {
    console.log('redis-server not found (REDIS_SERVER or PATH): Redis bus row skipped')
  }
  printTable(`Hub memory: ${clients} never-reading clients each resuming ${events} events of ~60 KiB`, rows)
}

const childKind = process.env.REPLAY_BENCH_CHILD as BusKind | undefined
if (childKind === 'memory' || childKind === 'redis') {
  serveHub(childKind, process.env.REPLAY_BENCH_REDIS || undefined).catch((error: unknown) => {
    console.error(error)
    process.exit(1)
  })
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runReplayMemoryBenchmark().catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
}
