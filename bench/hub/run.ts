// Load benchmark of the invalidation hub: N idle SSE connections from a second process, then the time for
// one event to reach all of them and the hub's memory per idle connection, beside a bare Node `http` SSE
// response (no hub) as the floor. Run: `tsx bench/hub/run.ts`. N from HUB_BENCH_CONNECTIONS (default 10000).
// With `--replay-memory` it runs bench/hub/replayMemory.ts instead.
import { fork, spawn } from 'node:child_process'
import { createServer, type RequestListener } from 'node:http'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { createInvalidationHub } from '../../src/server'
import { formatBytes, printTable } from '../harness'
import type { GeneratorCommand, GeneratorReport } from './generator'

const connections = Number(process.env.HUB_BENCH_CONNECTIONS ?? 10_000)
const sourceAddresses = Number(process.env.HUB_BENCH_SOURCES ?? 4)
const events = 20
const warmupEvents = 3
const hardTimeoutMs = 100_000
const eventTimeoutMs = 5_000

const goals = { connections: 10_000, fanOutMs: 250, bytesPerConnection: 10 * 1024 }

type Mode = 'hub' | 'bare'

interface Measurement {
  mode: Mode
  held: number
  failed: number
  errors: Array<string>
  openMs: number
  rssPerConnection: number
  heapPerConnection: number
  /** Per event: ms from publish until the last connection received it. */
  reachAll: Array<number>
  reachFirst: Array<number>
  writeLoop: Array<number>
  incomplete: number
  delivered: number
  dropped: number
}

/** Runs both measurements, each in a fresh process under --expose-gc, and prints them side by side. */
export async function runHubBenchmark(): Promise<void> {
  const bare = await measureInChild('bare')
  const hub = await measureInChild('hub')
  const ms = (value: number | undefined) => (value === undefined ? 'n/a' : `${value.toFixed(1)} ms`)
  const kib = (value: number) => formatBytes(Math.round(value))
  printTable(`Invalidation hub: ${connections} SSE connections from a second process, ${events} events`, [
    {
      metric: 'connections held',
      hub: `${hub.held} (${hub.failed} failed)`,
      'bare node:http SSE': `${bare.held} (${bare.failed} failed)`,
      goal: `${goals.connections}`,
    },
    { metric: 'time to open them', hub: ms(hub.openMs), 'bare node:http SSE': ms(bare.openMs), goal: '-' },
    {
      metric: 'memory per idle connection, rss',
      hub: kib(hub.rssPerConnection),
      'bare node:http SSE': kib(bare.rssPerConnection),
      goal: `< ${formatBytes(goals.bytesPerConnection)}`,
    },
    {
      metric: 'memory per idle connection, heap+external',
      hub: kib(hub.heapPerConnection),
      'bare node:http SSE': kib(bare.heapPerConnection),
      goal: `< ${formatBytes(goals.bytesPerConnection)}`,
    },
    {
      metric: 'one event reaches all, p50',
      hub: ms(percentile(hub.reachAll, 0.5)),
      'bare node:http SSE': '-',
      goal: `< ${goals.fanOutMs} ms`,
    },
    {
      metric: 'one event reaches all, p95',
      hub: ms(percentile(hub.reachAll, 0.95)),
      'bare node:http SSE': '-',
      goal: `< ${goals.fanOutMs} ms`,
    },
    {
      metric: 'first client receives, p50',
      hub: ms(percentile(hub.reachFirst, 0.5)),
      'bare node:http SSE': '-',
      goal: '-',
    },
    {
      metric: 'hub hands the frame to every socket, p50',
      hub: ms(percentile(hub.writeLoop, 0.5)),
      'bare node:http SSE': '-',
      goal: '-',
    },
    {
      metric: 'events that did not reach all in 5 s',
      hub: String(hub.incomplete),
      'bare node:http SSE': '-',
      goal: '0',
    },
    {
      metric: 'frames delivered / connections dropped',
      hub: `${hub.delivered} / ${hub.dropped}`,
      'bare node:http SSE': '-',
      goal: '- / 0',
    },
  ])
  for (const result of [hub, bare]) {
    if (result.errors.length > 0) console.log(`${result.mode}: connection errors: ${result.errors.join('; ')}`)
  }
  console.log(
    'TanStack baseline: n/a (TanStack Query has no server-side hub); the floor is a bare node:http SSE response.',
  )
}

function measureInChild(mode: Mode): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, HUB_BENCH_MODE: mode },
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('exit', (code) => {
      const line = output.trim().split('\n').pop() ?? ''
      if (code !== 0 || !line.startsWith('{'))
        reject(new Error(`hub benchmark (${mode}) exited with ${String(code)}: ${output}`))
      else resolve(JSON.parse(line) as Measurement)
    })
  })
}

async function measure(mode: Mode): Promise<Measurement> {
  const gc = (globalThis as { gc?: () => void }).gc
  if (!gc) throw new Error('run with --expose-gc')
  const hub = createInvalidationHub({ heartbeatMs: 60_000 })
  const bareHandler: RequestListener = (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' })
    res.write('event: hello\ndata: {"v":1,"replay":true}\n\n')
  }
  const server = createServer(mode === 'hub' ? (req, res) => void hub.handle(req, res) : bareHandler)
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve))
  const { port } = server.address() as AddressInfo
  const generator = fork(fileURLToPath(new URL('./generator.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx', '--max-old-space-size=4096', '--max-semi-space-size=64'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  })
  const hardTimeout = setTimeout(() => {
    console.error(`hub benchmark: hard timeout after ${hardTimeoutMs / 1000} s`)
    generator.kill('SIGKILL')
    process.exit(1)
  }, hardTimeoutMs)

  const reports: Array<GeneratorReport> = []
  let wake: (() => void) | undefined
  generator.on('message', (report: GeneratorReport) => {
    reports.push(report)
    wake?.()
  })
  const command = (message: GeneratorCommand) => generator.send(message)
  async function nextReport<TType extends GeneratorReport['type']>(
    type: TType,
    timeoutMs: number,
  ): Promise<Extract<GeneratorReport, { type: TType }> | undefined> {
    const deadline = performance.now() + timeoutMs
    for (;;) {
      const index = reports.findIndex((report) => report.type === type)
      if (index >= 0) return reports.splice(index, 1)[0] as Extract<GeneratorReport, { type: TType }>
      const left = deadline - performance.now()
      if (left <= 0) return undefined
      await new Promise<void>((resolve) => {
        wake = resolve
        setTimeout(resolve, Math.min(left, 100))
      })
    }
  }
  const settle = async () => {
    for (let round = 0; round < 3; round++) {
      gc()
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    gc()
    return process.memoryUsage()
  }

  const before = await settle()
  command({ type: 'open', url: `http://127.0.0.1:${port}/events`, connections, sourceAddresses, concurrency: 200 })
  const opened = await nextReport('opened', 60_000)
  if (!opened) throw new Error('the generator did not finish opening connections')
  const after = await settle()
  const held = opened.held

  const reachAll: Array<number> = []
  const reachFirst: Array<number> = []
  const writeLoop: Array<number> = []
  let incomplete = 0
  for (let seq = 0; mode === 'hub' && seq < warmupEvents + events; seq++) {
    const publishedAt = performance.timeOrigin + performance.now()
    const started = performance.now()
    // The memory bus delivers inside publish(): this times the hub writing the frame to every socket.
    await hub.publish({ tags: [`bench:${seq}:${publishedAt.toFixed(3)}`] })
    // Writes are corked per socket until the next tick; after a macrotask they have been handed to the kernel.
    await new Promise((resolve) => setImmediate(resolve))
    const loopMs = performance.now() - started
    const report = await nextReport('reached', eventTimeoutMs)
    if (seq < warmupEvents) continue
    writeLoop.push(loopMs)
    if (!report) incomplete += 1
    else {
      reachAll.push(report.lastMs)
      reachFirst.push(report.firstMs)
    }
  }

  command({ type: 'stop' })
  clearTimeout(hardTimeout)
  await hub.close()
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  const stats = hub.stats()
  return {
    mode,
    held,
    failed: opened.failed,
    errors: opened.errors,
    openMs: opened.ms,
    rssPerConnection: (after.rss - before.rss) / held,
    heapPerConnection: (after.heapUsed + after.external - before.heapUsed - before.external) / held,
    reachAll,
    reachFirst,
    writeLoop,
    incomplete,
    delivered: stats.delivered,
    dropped: stats.dropped,
  }
}

function percentile(values: Array<number>, p: number): number | undefined {
  if (values.length === 0) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]
}

const mode = process.env.HUB_BENCH_MODE as Mode | undefined
if (mode === 'hub' || mode === 'bare') {
  measure(mode).then(
    (result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`)
      process.exit(0)
    },
    (error: unknown) => {
      console.error(error)
      process.exit(1)
    },
  )
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // `npm run bench:hub -- --replay-memory`: memory of never-reading clients resuming a long replay instead.
  const run = process.argv.includes('--replay-memory')
    ? import('./replayMemory').then((module) => module.runReplayMemoryBenchmark())
    : runHubBenchmark()
  run.catch((error: unknown) => {
    console.error(error)
    process.exitCode = 1
  })
}
