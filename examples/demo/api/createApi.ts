// The demo's HTTP API over the in-memory store, as a Node request handler. `/api/control` lets
// tests and the page slow the API down or make the next write fail.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Store } from './store'

export interface ApiControl {
  delayMs: number
  failWrites: number
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>

export function createApi(store: Store): { handle: Handler; control: ApiControl } {
  const control: ApiControl = { delayMs: 0, failWrites: 0 }

  const handle: Handler = async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (!url.pathname.startsWith('/api/') || url.pathname === '/api/stream') return false
    const parts = url.pathname.split('/').filter(Boolean).slice(1)
    const method = req.method ?? 'GET'

    if (parts[0] === 'control' && method === 'POST') {
      Object.assign(control, pick(await readJson(req), ['delayMs', 'failWrites']))
      return send(res, 200, control)
    }
    if (control.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, control.delayMs))
    if (method !== 'GET' && control.failWrites > 0) {
      control.failWrites--
      return send(res, 500, { error: 'write failed on purpose' })
    }

    const [resource, id, child] = parts
    if (method === 'GET' && resource === 'organizations' && !id) return send(res, 200, store.organizations())
    if (method === 'GET' && resource === 'organizations' && id && child === 'projects') {
      return send(res, 200, store.projects(id))
    }
    if (resource === 'projects' && id && !child) {
      if (method === 'GET') return sendFound(res, store.project(id))
      if (method === 'PATCH') {
        const body = await readJson(req)
        if (typeof body.name !== 'string' || body.name.trim() === '') return send(res, 400, { error: 'name required' })
        return sendFound(res, store.renameProject(id, body.name.trim()))
      }
    }
    if (resource === 'projects' && !id && method === 'POST') {
      const body = await readJson(req)
      if (typeof body.orgId !== 'string' || typeof body.name !== 'string' || body.name.trim() === '') {
        return send(res, 400, { error: 'orgId and name required' })
      }
      return send(res, 201, store.createProject(body.orgId, body.name.trim()))
    }
    if (resource === 'projects' && id && child === 'time-entries') {
      if (method === 'GET') return send(res, 200, store.timeEntries(id))
      if (method === 'POST') {
        const body = await readJson(req)
        const minutes = Number(body.minutes)
        if (!Number.isFinite(minutes) || minutes <= 0) return send(res, 400, { error: 'minutes required' })
        return sendFound(res, store.addTimeEntry(id, minutes, String(body.note ?? '')))
      }
    }
    if (method === 'GET' && resource === 'me' && id === 'payslip') return send(res, 200, store.payslip())
    return send(res, 404, { error: 'not found' })
  }

  return { handle, control }
}

function send(res: ServerResponse, status: number, body: unknown): true {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
  res.end(JSON.stringify(body))
  return true
}

function sendFound(res: ServerResponse, body: unknown): true {
  return body === undefined ? send(res, 404, { error: 'not found' }) : send(res, 200, body)
}

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
