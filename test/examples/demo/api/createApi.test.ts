// @vitest-environment node
// The demo API over a real loopback server: idempotency keys on writes (hostile headers included) and
// the request counts behind the page's "N tabs, M requests" counter.
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createApi } from '../../../../examples/demo/api/createApi'
import type { ApiOptions } from '../../../../examples/demo/api/createApi'
import type { RequestStats } from '../../../../examples/demo/api/requestStats'
import { createStore } from '../../../../examples/demo/api/store'

const servers: Array<Server> = []

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))))
})

async function startApi(options?: ApiOptions) {
  const store = createStore()
  const api = createApi(store, options)
  const server = createServer((req, res) => {
    void api.handle(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end()
    })
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`
  const write = (path: string, body: unknown, headers: Record<string, string> = {}, method = 'POST') =>
    fetch(base + path, {
      method,
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    })
  const stats = async () => (await (await fetch(`${base}/stats`)).json()) as RequestStats & { idempotencyKeys: number }
  return { store, api, base, write, stats }
}

const key = (suffix: string) => `key-0000-${suffix}`

describe('Idempotency-Key on writes', () => {
  it('answers a repeated key with the first answer and applies the write once', async () => {
    const { store, write } = await startApi()
    const first = await write('/projects', { orgId: 'o1', name: 'Once' }, { 'Idempotency-Key': key('a') })
    const again = await write('/projects', { orgId: 'o1', name: 'Once' }, { 'Idempotency-Key': key('a') })
    expect(again.status).toBe(first.status)
    expect(await again.json()).toEqual(await first.json())
    expect(again.headers.get('Idempotent-Replayed')).toBe('true')
    expect(store.projects('o1').filter((project) => project.name === 'Once')).toHaveLength(1)
  })

  it('applies a write once when its repeats arrive while the first is still being handled', async () => {
    const { store, write, api } = await startApi()
    api.control.delayMs = 50
    const answers = await Promise.all(
      [1, 2, 3].map(() => write('/projects', { orgId: 'o1', name: 'Racing' }, { 'Idempotency-Key': key('race') })),
    )
    const ids = await Promise.all(answers.map(async (answer) => ((await answer.json()) as { id: string }).id))
    expect(new Set(ids).size).toBe(1)
    expect(store.projects('o1').filter((project) => project.name === 'Racing')).toHaveLength(1)
  })

  it('finishes a write whose client went away, and answers its resend with the kept answer', async () => {
    const { store, base, write, api, stats } = await startApi()
    api.control.delayMs = 100
    const gone = new AbortController()
    const abandoned = fetch(`${base}/projects`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key('gone') },
      body: JSON.stringify({ orgId: 'o1', name: 'Abandoned' }),
      signal: gone.signal,
    }).catch((error: unknown) => error)
    await new Promise((resolve) => setTimeout(resolve, 30))
    gone.abort()
    expect(await abandoned).toBeInstanceOf(Error)
    const resent = await write('/projects', { orgId: 'o1', name: 'Abandoned' }, { 'Idempotency-Key': key('gone') })
    expect(resent.headers.get('Idempotent-Replayed')).toBe('true')
    expect(store.projects('o1').filter((project) => project.name === 'Abandoned')).toHaveLength(1)
    expect((await stats()).writes.map((entry) => entry.replayed).sort()).toEqual([false, true])
  })

  it('applies each write once when no key is given', async () => {
    const { store, write } = await startApi()
    await write('/projects', { orgId: 'o1', name: 'Twice' })
    await write('/projects', { orgId: 'o1', name: 'Twice' })
    expect(store.projects('o1').filter((project) => project.name === 'Twice')).toHaveLength(2)
  })

  it('refuses a key already used for another request with 422 and applies nothing', async () => {
    const { store, write } = await startApi()
    await write('/projects', { orgId: 'o1', name: 'First' }, { 'Idempotency-Key': key('shared') })
    const other = await write('/projects/p1', { name: 'Renamed' }, { 'Idempotency-Key': key('shared') }, 'PATCH')
    expect(other.status).toBe(422)
    expect(store.project('p1')?.name).toBe('Website relaunch')
  })

  it.each([
    ['too short', 'short'],
    ['too long', 'k'.repeat(129)],
    ['oversized (4 KiB)', 'k'.repeat(4 * 1024)],
    ['with spaces', 'key with spaces'],
    ['with a comma (two headers joined)', `${key('a')}, ${key('b')}`],
    ['with non-ASCII characters', 'schlüssel-1234'],
    ['empty', ''],
  ])('answers 400 to a key %s and applies nothing', async (_case, header) => {
    const { store, write } = await startApi()
    const before = store.projects('o1').length
    const answer = await write('/projects', { orgId: 'o1', name: 'Hostile' }, { 'Idempotency-Key': header })
    expect(answer.status).toBe(400)
    expect(((await answer.json()) as { error: string }).error).toMatch(/Idempotency-Key/)
    expect(store.projects('o1')).toHaveLength(before)
  })

  it('does not keep a failed answer: the same key sent again applies the write', async () => {
    const { store, write, api } = await startApi()
    api.control.failWrites = 1
    const failed = await write('/projects', { orgId: 'o1', name: 'Retried' }, { 'Idempotency-Key': key('retry') })
    expect(failed.status).toBe(500)
    const retried = await write('/projects', { orgId: 'o1', name: 'Retried' }, { 'Idempotency-Key': key('retry') })
    expect(retried.status).toBe(201)
    expect(store.projects('o1').filter((project) => project.name === 'Retried')).toHaveLength(1)
  })

  it('does not keep a refusal: after a 422 the same key may carry the write again', async () => {
    const { store, write, api } = await startApi()
    api.control.refuseWrites = 1
    const refused = await write('/projects/p1', { name: 'Refused' }, { 'Idempotency-Key': key('refused') }, 'PATCH')
    expect(refused.status).toBe(422)
    expect(store.project('p1')?.name).toBe('Website relaunch')
    const again = await write('/projects/p1', { name: 'Accepted' }, { 'Idempotency-Key': key('refused') }, 'PATCH')
    expect(again.status).toBe(200)
    expect(store.project('p1')?.name).toBe('Accepted')
  })

  it('remembers a bounded number of keys, forgetting the least recently used first', async () => {
    const { write, stats } = await startApi({ idempotencyKeys: 3 })
    for (const suffix of ['1', '2', '3', '4', '5']) {
      await write('/projects', { orgId: 'o1', name: `P${suffix}` }, { 'Idempotency-Key': key(suffix) })
    }
    expect((await stats()).idempotencyKeys).toBe(3)
    const forgotten = await write('/projects', { orgId: 'o1', name: 'P1' }, { 'Idempotency-Key': key('1') })
    const kept = await write('/projects', { orgId: 'o1', name: 'P5' }, { 'Idempotency-Key': key('5') })
    expect(forgotten.headers.get('Idempotent-Replayed')).toBeNull()
    expect(kept.headers.get('Idempotent-Replayed')).toBe('true')
  })
})

describe('GET /api/stats', () => {
  it('counts GET requests per path, and since the last change', async () => {
    const { base, write, stats } = await startApi()
    await fetch(`${base}/organizations/o1/projects`)
    await fetch(`${base}/organizations/o1/projects`)
    await fetch(`${base}/projects/p1`)
    const before = await stats()
    expect(before.requests).toEqual({ '/api/organizations/o1/projects': 2, '/api/projects/p1': 1 })
    await write('/projects/p1', { name: 'Changed' }, {}, 'PATCH')
    await fetch(`${base}/organizations/o1/projects`)
    const after = await stats()
    expect(after.sinceLastChange).toEqual({ '/api/organizations/o1/projects': 1 })
    expect(after.requests['/api/organizations/o1/projects']).toBe(3)
  })

  it('gives the page its control and the requests since the last change in one GET /api/control', async () => {
    const { base } = await startApi()
    await fetch(`${base}/organizations/o1/projects`)
    await fetch(`${base}/projects/p1`)
    const control = (await (await fetch(`${base}/control`)).json()) as Record<string, number>
    expect(control).toEqual({ delayMs: 0, failWrites: 0, refuseWrites: 0, requestsSinceLastChange: 2 })
  })

  it('logs every write received with its key, tab and whether the kept answer was replayed', async () => {
    const { write, stats } = await startApi()
    const headers = { 'Idempotency-Key': key('log'), 'X-Demo-Tab': 'tab-1' }
    await write('/projects', { orgId: 'o1', name: 'Logged' }, headers)
    await write('/projects', { orgId: 'o1', name: 'Logged' }, { ...headers, 'X-Demo-Tab': '<script>' })
    expect((await stats()).writes).toEqual([
      { method: 'POST', path: '/api/projects', key: key('log'), tab: 'tab-1', status: 201, replayed: false },
      { method: 'POST', path: '/api/projects', key: key('log'), tab: null, status: 201, replayed: true },
    ])
  })

  it('keeps a bounded table however many distinct paths are requested', async () => {
    const { base, stats } = await startApi()
    for (let index = 0; index < 520; index++) await fetch(`${base}/nowhere/${index}`)
    expect(Object.keys((await stats()).requests)).toHaveLength(500)
  })
})
