// The demo's HTTP API over the in-memory store, as a Node request handler. `/api/control` lets
// tests and the page slow the API down or make the next write fail; `/api/stats` counts what it answered.
// Writes honour an `Idempotency-Key` header: a repeated key gets the first answer and applies nothing again.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createIdempotencyStore, readIdempotencyKey } from './idempotency'
import type { KeptAnswer } from './idempotency'
import { createRequestStats } from './requestStats'
import type { Store } from './store'

/** A tab names itself in this header (the demo's repository sends it) so the write log says who sent what. */
const TAB_PATTERN = /^[A-Za-z0-9-]{1,64}$/

export interface ApiControl {
  delayMs: number
  /** The next N writes answer 500 (a server error: a client retries it). */
  failWrites: number
  /** The next N writes answer 422 (the server refuses the write: a client rolls it back). */
  refuseWrites: number
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>

export interface ApiOptions {
  /** How many idempotency keys the API remembers (least recently used forgotten first). @default 1000 */
  idempotencyKeys?: number
}

export function createApi(store: Store, { idempotencyKeys = 1000 }: ApiOptions = {}) {
  const control: ApiControl = { delayMs: 0, failWrites: 0, refuseWrites: 0 }
  const idempotency = createIdempotencyStore(idempotencyKeys)
  const stats = createRequestStats()
  store.subscribe(() => stats.changed())

  const handle: Handler = async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (!url.pathname.startsWith('/api/') || url.pathname === '/api/stream') return false
    const parts = url.pathname.split('/').filter(Boolean).slice(1)
    const method = req.method ?? 'GET'

    if (parts[0] === 'control' && method === 'POST') {
      Object.assign(control, pick(await readJson(req), ['delayMs', 'failWrites', 'refuseWrites']))
      return send(res, 200, control)
    }
    if (parts[0] === 'control' && method === 'GET') {
      // The page polls this for its buttons and its "N tabs, M requests" counter: one request, under
      // /api/control, so tests that watch the app's own API traffic can leave it out.
      const requests = Object.values(stats.snapshot().sinceLastChange).reduce((sum, count) => sum + count, 0)
      return send(res, 200, { ...control, requestsSinceLastChange: requests })
    }
    if (parts[0] === 'stats' && parts.length === 1 && method === 'GET') {
      return send(res, 200, { ...stats.snapshot(), idempotencyKeys: idempotency.size() })
    }
    if (method === 'GET') {
      stats.countRead(url.pathname)
      return answer(res, await read(method, parts))
    }

    const key = readIdempotencyKey(req.headers['idempotency-key'])
    if (key.kind === 'invalid') return send(res, 400, { error: key.reason })
    const tabHeader = req.headers['x-demo-tab']
    const tab = typeof tabHeader === 'string' && TAB_PATTERN.test(tabHeader) ? tabHeader : null
    // The body is read first, as a real server does: a client that goes away while the write is being
    // handled does not stop it (its answer is lost, which is what the idempotency key is for).
    const body = await readJson(req)
    const write = () => applyWrite(body, method, parts)
    const result =
      key.kind === 'key'
        ? await idempotency.run(key.key, `${method} ${url.pathname}`, write)
        : { ...(await write()), replayed: false }
    stats.countWrite({
      method,
      path: url.pathname,
      key: key.kind === 'key' ? key.key : null,
      tab,
      status: result.status,
      replayed: result.replayed,
    })
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true')
    return answer(res, result)
  }

  async function read(method: string, parts: Array<string>): Promise<KeptAnswer> {
    if (control.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, control.delayMs))
    const [resource, id, child] = parts
    if (resource === 'organizations' && !id) return ok(store.organizations())
    if (resource === 'organizations' && id && child === 'projects') return ok(store.projects(id))
    if (resource === 'projects' && id && !child) return found(store.project(id))
    if (resource === 'projects' && id && child === 'time-entries') return ok(store.timeEntries(id))
    if (resource === 'me' && id === 'payslip') return ok(store.payslip())
    return { status: 404, body: { error: `not found: ${method} /${parts.join('/')}` } }
  }

  async function applyWrite(body: Record<string, unknown>, method: string, parts: Array<string>): Promise<KeptAnswer> {
    if (control.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, control.delayMs))
    if (control.failWrites > 0) {
      control.failWrites--
      return { status: 500, body: { error: 'write failed on purpose' } }
    }
    if (control.refuseWrites > 0) {
      control.refuseWrites--
      return { status: 422, body: { error: 'the server refused this write' } }
    }
    const [resource, id, child] = parts
    if (resource === 'projects' && id && !child && method === 'PATCH') {
      if (typeof body.name !== 'string' || body.name.trim() === '')
        return { status: 400, body: { error: 'name required' } }
      return found(store.renameProject(id, body.name.trim()))
    }
    if (resource === 'projects' && !id && method === 'POST') {
      if (typeof body.orgId !== 'string' || typeof body.name !== 'string' || body.name.trim() === '') {
        return { status: 400, body: { error: 'orgId and name required' } }
      }
      return { status: 201, body: store.createProject(body.orgId, body.name.trim()) }
    }
    if (resource === 'projects' && id && child === 'time-entries' && method === 'POST') {
      const minutes = Number(body.minutes)
      if (!Number.isFinite(minutes) || minutes <= 0) return { status: 400, body: { error: 'minutes required' } }
      return found(store.addTimeEntry(id, minutes, String(body.note ?? '')))
    }
    return { status: 404, body: { error: `not found: ${method} /${parts.join('/')}` } }
  }

  return { handle, control, stats: stats.snapshot }
}

function send(res: ServerResponse, status: number, body: unknown): true {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
  res.end(JSON.stringify(body))
  return true
}

const answer = (res: ServerResponse, { status, body }: KeptAnswer) => send(res, status, body)
const ok = (body: unknown): KeptAnswer => ({ status: 200, body })
const found = (body: unknown): KeptAnswer =>
  body === undefined ? { status: 404, body: { error: 'not found' } } : ok(body)

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = ''
  for await (const chunk of req) {
    text += chunk
    if (text.length > 64 * 1024) break
  }
  try {
    const value: unknown = JSON.parse(text || '{}')
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

function pick(source: Record<string, unknown>, names: Array<keyof ApiControl>): Partial<ApiControl> {
  const picked: Partial<ApiControl> = {}
  for (const name of names) {
    const value = Number(source[name])
    if (Number.isFinite(value) && value >= 0) picked[name] = value
  }
  return picked
}
