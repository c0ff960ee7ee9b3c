// Starts a real redis-server on loopback for the Redis bus tests, without persistence, and stops it by pid.
import { spawn, type ChildProcess } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { createConnection, createServer, type AddressInfo } from 'node:net'
import { delimiter, join } from 'node:path'

/** `REDIS_SERVER` if set, else `redis-server` from PATH; `undefined` when there is none. */
export function findRedisServer(): string | undefined {
  const candidates = process.env.REDIS_SERVER
    ? [process.env.REDIS_SERVER]
    : (process.env.PATH ?? '')
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, 'redis-server'))
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // not here
    }
  }
  return undefined
}

export interface RedisProcess {
  port: number
  url: string
  /** Kills the server (SIGKILL, like a crash) and starts a fresh, empty one on the same port. */
  restart(): Promise<void>
  stop(): Promise<void>
}

export async function startRedis(binary: string, port?: number): Promise<RedisProcess> {
  port ??= await sparePort()
  let child = await launch(binary, port)
  const url = `redis://127.0.0.1:${port}`
  return {
    port,
    url,
    async restart() {
      await kill(child, 'SIGKILL')
      child = await launch(binary, port)
    },
    async stop() {
      await kill(child, 'SIGTERM')
    },
  }
}

async function launch(binary: string, port: number): Promise<ChildProcess> {
  const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  })
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`)
    if (await answersPing(port)) return child
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  await kill(child, 'SIGKILL')
  throw new Error('redis-server did not start')
}

function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    process.kill(child.pid!, signal)
  })
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' })
    socket.setTimeout(500)
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.once('data', (data) => {
      socket.destroy()
      resolve(data.toString().startsWith('+PONG'))
    })
    socket.once('error', () => resolve(false))
    socket.once('timeout', () => {
      socket.destroy()
      resolve(false)
    })
  })
}

export function sparePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}
