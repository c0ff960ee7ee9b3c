// Load generator for the hub benchmark, run in its own process: holds N raw SSE connections over
// `http.request` and reports, per benchmark event, when the last connection received it.
import { request, type IncomingMessage } from 'node:http'
import { performance } from 'node:perf_hooks'

export type GeneratorCommand =
  { type: 'open'; url: string; connections: number; sourceAddresses: number; concurrency: number } | { type: 'stop' }

export type GeneratorReport =
  | { type: 'opened'; held: number; failed: number; errors: Array<string>; ms: number }
  | { type: 'reached'; seq: number; received: number; lastMs: number; firstMs: number }

const marker = Buffer.from('bench:')
const responses = new Set<IncomingMessage>()
const received = new Map<number, { count: number; first: number }>()
let held = 0

function now(): number {
  return performance.timeOrigin + performance.now()
}

function send(report: GeneratorReport): void {
  process.send!(report)
}

// Called for every chunk of every connection: a native search for the marker, no decoding otherwise.
function onData(chunk: Buffer): void {
  let index = chunk.indexOf(marker)
  if (index < 0) return
  const at = now()
  while (index >= 0) {
    const end = chunk.indexOf(34 /* '"' */, index)
    const [, seqText, publishedText] = chunk.toString('latin1', index, end < 0 ? chunk.length : end).split(':')
    count(Number(seqText), Number(publishedText), at)
    index = chunk.indexOf(marker, index + marker.length)
  }
}

function count(seq: number, published: number, at: number): void {
  const entry = received.get(seq) ?? { count: 0, first: at - published }
  entry.count += 1
  received.set(seq, entry)
  if (entry.count === held) {
    send({ type: 'reached', seq, received: entry.count, firstMs: entry.first, lastMs: at - published })
    received.delete(seq)
  }
}

function openOne(url: URL, localAddress: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        localAddress,
        agent: false,
        headers: { Accept: 'text/event-stream' },
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.destroy()
          reject(new Error(`status ${res.statusCode}`))
          return
        }
        responses.add(res)
        res.once('data', () => resolve())
        res.on('data', onData)
        res.on('error', () => {})
        res.on('close', () => responses.delete(res))
      },
    )
    req.on('error', reject)
    req.end()
  })
}

async function open(command: Extract<GeneratorCommand, { type: 'open' }>): Promise<void> {
  const started = now()
  const url = new URL(command.url)
  let next = 0
  let failed = 0
  const errors = new Set<string>()
  // A bounded number of handshakes in flight keeps the listen backlog from overflowing.
  async function worker(): Promise<void> {
    while (next < command.connections) {
      const index = next++
      try {
        await openOne(url, `127.0.0.${1 + (index % command.sourceAddresses)}`)
        held += 1
      } catch (error) {
        failed += 1
        errors.add((error as Error).message)
      }
    }
  }
  await Promise.all(Array.from({ length: command.concurrency }, worker))
  send({ type: 'opened', held, failed, errors: [...errors].slice(0, 5), ms: now() - started })
}

process.on('message', (command: GeneratorCommand) => {
  switch (command.type) {
    case 'open':
      void open(command)
      return
    case 'stop':
      for (const res of responses) res.destroy()
      process.disconnect()
      process.exit(0)
  }
})
