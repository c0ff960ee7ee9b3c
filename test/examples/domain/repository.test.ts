// @vitest-environment node
// The example domain's fetch layer against a real loopback server: the offline switch, the headers it
// sends, and errors that carry the HTTP status (4xx is a refusal, 5xx a server error for the outbox).
import { createServer } from 'node:http'
import type { IncomingHttpHeaders, Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setOffline, setRequestHeader } from '../../../examples/domain/network'
import { projectRepository, RequestError } from '../../../examples/domain/repository'

let server: Server
const received: Array<{ method: string; url: string; headers: IncomingHttpHeaders }> = []
let answer = { status: 200, body: '{"id":"p1","orgId":"o1","name":"Renamed","updatedAt":1}' }

beforeAll(async () => {
  server = createServer((req, res) => {
    received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers })
    req.resume()
    req.on('end', () => res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(answer.body))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  // The repository resolves its URLs against `location.origin`.
  Object.defineProperty(globalThis, 'location', {
    value: { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` },
    configurable: true,
  })
})

afterEach(() => {
  setOffline(false)
  received.length = 0
  answer = { status: 200, body: '{"id":"p1","orgId":"o1","name":"Renamed","updatedAt":1}' }
})

afterAll(async () => {
  Reflect.deleteProperty(globalThis, 'location')
  await new Promise((resolve) => server.close(resolve))
})

describe('the demo fetch layer', () => {
  it('refuses every request while offline with the TypeError a failed fetch throws, and sends nothing', async () => {
    setOffline(true)
    await expect(projectRepository.findById('p1')).rejects.toBeInstanceOf(TypeError)
    await expect(projectRepository.rename({ id: 'p1', name: 'Later' }, 'key-00000001')).rejects.toBeInstanceOf(
      TypeError,
    )
    expect(received).toEqual([])
  })

  it('sends the idempotency key of a write and the headers set for every request', async () => {
    setRequestHeader('X-Demo-Tab', 'tab-1')
    await projectRepository.rename({ id: 'p1', name: 'Renamed' }, 'key-00000002')
    expect(received[0]).toMatchObject({
      method: 'PATCH',
      url: '/api/projects/p1',
      headers: { 'idempotency-key': 'key-00000002', 'x-demo-tab': 'tab-1', 'content-type': 'application/json' },
    })
  })

  it.each([422, 503])('rejects a %i answer with a RequestError carrying the status', async (status) => {
    answer = { status, body: '{"error":"no"}' }
    const error = await projectRepository.create({ orgId: 'o1', name: 'X' }, 'key-00000003').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RequestError)
    expect(error).toMatchObject({ status, message: 'no' })
  })

  it('rejects an error answer whose body is not JSON with a RequestError naming the status', async () => {
    answer = { status: 500, body: '<html>proxy error</html>' }
    await expect(projectRepository.findById('p1')).rejects.toMatchObject({
      status: 500,
      message: 'GET /projects/p1 failed with 500',
    })
  })
})
