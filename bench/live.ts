// Live entry: a burst of 1,000 stream `invalidate` events (each an exact, narrow key matching one query)
// against 10k and 100k cached queries. The toolkit's coalesced path (SSE parsing, validation, one pass
// through the key index) beside a client calling `queryClient.invalidateQueries` once per event.
// Main-thread time is the event loop's active time (`performance.eventLoopUtilization`) from the first
// byte of the burst until every matched query is invalidated. Then 50 MB of lines that are not SSE,
// served as an event stream: main-thread time until the client gives up, beside the parser alone.
import { performance } from 'node:perf_hooks'
import { QueryClient } from '@tanstack/react-query'
import { createParser } from 'eventsource-parser'
import { connectInvalidationStream } from '../src/live'
import { getQueryIndex } from '../src/queryIndex'
import { formatMs, printTable } from './harness'

const burstSize = 1000
const encoder = new TextEncoder()

function populate(count: number): QueryClient {
  const client = new QueryClient({ defaultOptions: { queries: { gcTime: Infinity } } })
  for (let i = 0; i < count; i++) client.setQueryData(['item', 'detail', i], { id: i })
  return client
}

function burstText(count: number): { text: string; targets: Array<number> } {
  const targets = Array.from({ length: burstSize }, (_, i) => (Math.floor((i * count) / burstSize) + (i % 7)) % count)
  let text = ''
  targets.forEach((target, i) => {
    text += `id: ${i}\nevent: invalidate\ndata: ${JSON.stringify({ v: 1, keys: [['item', 'detail', target]] })}\n\n`
  })
  return { text, targets }
}

/** Resolves once `expected` queries of `client` have been invalidated. */
function invalidated(client: QueryClient, expected: number): Promise<void> {
  let seen = 0
  return new Promise((resolve) => {
    const unsubscribe = client.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'invalidate' && ++seen === expected) {
        unsubscribe()
        resolve()
      }
    })
  })
}

async function activeTime(run: () => Promise<void>): Promise<number> {
  const before = performance.eventLoopUtilization()
  const started = performance.now()
  await run()
  const elapsed = performance.now() - started
  const active = performance.eventLoopUtilization(before).active
  return Math.min(active, elapsed)
}

async function toolkit(count: number) {
  const client = populate(count)
  const indexStart = performance.now()
  getQueryIndex(client)
  const indexMs = performance.now() - indexStart
  const { text, targets } = burstText(count)
  let push!: (text: string) => void
  const stream = connectInvalidationStream(client, {
    url: 'http://bench/stream',
    share: false,
    fetch: async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start: (controller) => {
            push = (chunk) => controller.enqueue(encoder.encode(chunk))
          },
        }),
        { status: 200, headers: { 'Content-Type': 'text/event-stream' } },
      ),
  })
  await new Promise((resolve) => setTimeout(resolve, 20))
  push('event: hello\ndata: {"v":1,"replay":true}\n\n')
  await new Promise((resolve) => setTimeout(resolve, 20))
  // Median of five bursts; between them the targets are written again, which clears `isInvalidated`.
  const times: Array<number> = []
  for (let round = 0; round < 5; round++) {
    for (const target of targets) client.setQueryData(['item', 'detail', target], { id: target })
    await new Promise((resolve) => setTimeout(resolve, 50))
    const done = invalidated(client, new Set(targets).size)
    times.push(
      await activeTime(async () => {
        push(text)
        await done
      }),
    )
  }
  const ms = times.sort((a, b) => a - b)[2]!
  stream.close()
  client.clear()
  return { ms, indexMs }
}

async function baseline(count: number) {
  const client = populate(count)
  const { text, targets } = burstText(count)
  const done = invalidated(client, new Set(targets).size)
  const ms = await activeTime(async () => {
    const parser = createParser({
      onEvent: (message) => {
        const body = JSON.parse(message.data) as { keys: Array<Array<unknown>> }
        for (const queryKey of body.keys) void client.invalidateQueries({ queryKey })
      },
    })
    parser.feed(text)
    await done
  })
  client.clear()
  return ms
}

/** A body of `total` bytes of `x` lines, made on demand; counts what the reader pulled. */
function junkBody(total: number) {
  const chunk = encoder.encode('x\n'.repeat(32 * 1024))
  const pulled = { bytes: 0 }
  const body = new ReadableStream<Uint8Array>({
    pull: (controller) => {
      if (pulled.bytes >= total) return controller.close()
      pulled.bytes += chunk.byteLength
      controller.enqueue(chunk)
    },
  })
  return { body, pulled }
}

/** Main-thread time until the client gives up on 50 MB of lines that are not SSE, served as an event stream. */
async function junkToolkit(total: number) {
  const { body, pulled } = junkBody(total)
  const client = new QueryClient()
  let stream: ReturnType<typeof connectInvalidationStream> | undefined
  const ms = await activeTime(
    () =>
      new Promise<void>((resolve) => {
        stream = connectInvalidationStream(client, {
          url: 'http://bench/junk',
          share: false,
          retry: { minDelayMs: 60_000 },
          fetch: async () => new Response(body, { headers: { 'Content-Type': 'text/event-stream' } }),
        })
        stream.status.subscribe((status) => status.state === 'reconnecting' && resolve())
      }),
  )
  stream?.close()
  return { ms, read: pulled.bytes }
}

/** The same lines fed to eventsource-parser with no budget (what the client did before), for `total` bytes. */
function junkParserAlone(total: number): number {
  let errors = 0
  const parser = createParser({ onEvent: () => {}, onError: () => void errors++ })
  const chunk = 'x\n'.repeat(32 * 1024)
  const started = performance.now()
  for (let fed = 0; fed < total; fed += chunk.length) parser.feed(chunk)
  return performance.now() - started
}

async function junkRows(): Promise<void> {
  const total = 50 * 1024 * 1024
  const ours = await junkToolkit(total)
  const sample = 5 * 1024 * 1024
  const parserMs = junkParserAlone(sample)
  printTable('live: 50 MB of non-SSE lines served as text/event-stream, main-thread time', [
    {
      client: 'toolkit (junk-line budget)',
      'bytes read': ours.read.toLocaleString('en'),
      'main-thread time': formatMs(ours.ms),
    },
    {
      client: 'eventsource-parser with no budget (5 MB measured, × 10)',
      'bytes read': total.toLocaleString('en'),
      'main-thread time': formatMs(parserMs * (total / sample)),
    },
  ])
}

export default async function run(): Promise<void> {
  const rows: Array<Record<string, string>> = []
  // Warm-up so the first measured size does not pay for JIT compilation.
  await toolkit(5_000)
  await baseline(2_000)
  for (const count of [10_000, 100_000]) {
    const ours = await toolkit(count)
    const theirs = await baseline(count)
    rows.push({
      'cached queries': count.toLocaleString('en'),
      'toolkit (coalesced, indexed; median of 5)': formatMs(ours.ms),
      'invalidateQueries per event': formatMs(theirs),
      ratio: `${(theirs / ours.ms).toFixed(0)}×`,
      'index build (once, not in the burst)': formatMs(ours.indexMs),
    })
  }
  printTable('live: burst of 1,000 invalidate events, main-thread time', rows)
  await junkRows()
}
