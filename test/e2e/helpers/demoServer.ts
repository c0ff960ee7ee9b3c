// Starts the demo server (`examples/demo/server.ts`) as a child process on a spare loopback port, with the
// test-only endpoints on and its data in a temporary file, and stops it by its pid.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../..', import.meta.url))

/**
 * Which build of the page the suite runs against: production (the default: what users run) or, with
 * `DEMO_PRODUCTION=0`, Vite's development server (StrictMode double mounts, React's dev checks).
 */
export const demoBuild = process.env.DEMO_PRODUCTION === '0' ? 'development' : 'production'

export interface DemoServer {
  readonly url: string
  readonly port: number
  /** The file the demo keeps its data in (written on every change, read at start). */
  readonly dataFile: string
  /** Kills the process (SIGKILL, as a crash would) and waits for it to exit. */
  kill: () => Promise<void>
  /** Starts the demo again on the same port, with the data file as it is now. */
  restart: () => Promise<void>
  /** Stops the server and deletes its data. Safe to call more than once. */
  stop: () => Promise<void>
  /** Output of the current process, for failure messages. */
  log: () => string
}

export async function spareLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => child.once('exit', () => resolve()))
}

async function waitUntilAnswering(url: string, child: ChildProcess, output: () => string, timeoutMs = 45_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`demo server exited with ${child.exitCode}:\n${output()}`)
    try {
      const [api, page] = await Promise.all([fetch(`${url}/api/organizations`), fetch(`${url}/`)])
      if (api.ok && page.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`demo server did not answer within ${timeoutMs} ms:\n${output()}`)
}

export async function startDemoServer(): Promise<DemoServer> {
  const port = await spareLoopbackPort()
  const url = `http://127.0.0.1:${port}`
  const dir = mkdtempSync(join(tmpdir(), 'rqt-e2e-'))
  const dataFile = join(dir, 'data.json')
  let child: ChildProcess | undefined
  let output = ''

  const launch = async () => {
    output = ''
    // `node --import tsx` rather than the tsx CLI, so the pid is the server's own and a kill reaches it.
    const started = spawn(process.execPath, ['--import', 'tsx', 'examples/demo/server.ts'], {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        CI: 'true',
        DEMO_E2E: '1',
        DEMO_DATA_FILE: dataFile,
        DEMO_PRODUCTION: demoBuild === 'production' ? '1' : '0',
        // Inside the suite's temporary folder, so a killed server leaves nothing behind.
        DEMO_BUILD_DIR: join(dir, 'page'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child = started
    started.stdout?.on('data', (chunk: Buffer) => void (output += chunk.toString()))
    started.stderr?.on('data', (chunk: Buffer) => void (output += chunk.toString()))
    try {
      await waitUntilAnswering(url, started, () => output)
    } catch (error) {
      await kill()
      throw error
    }
  }

  const kill = async () => {
    const current = child
    child = undefined
    if (!current) return
    current.kill('SIGKILL')
    await exited(current)
  }

  // Should the test run itself be killed, the server goes with it.
  const killOnExit = () => child?.kill('SIGKILL')
  process.once('exit', killOnExit)
  try {
    await launch()
  } catch (error) {
    process.off('exit', killOnExit)
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  return {
    url,
    port,
    dataFile,
    kill,
    restart: async () => {
      await kill()
      await launch()
    },
    stop: async () => {
      process.off('exit', killOnExit)
      await kill()
      rmSync(dir, { recursive: true, force: true })
    },
    log: () => output,
  }
}
