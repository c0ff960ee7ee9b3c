// msw handlers of the stories' API, shared by Storybook (service worker) and the story tests (msw/node).
import { delay, http, HttpResponse } from 'msw'
import { db, logRequest } from './db'
import type { Project, TimeEntry } from './db'
import { invalidationStreamHandler } from './stream'

const LATENCY_MS = 30

async function answer(request: Request) {
  logRequest(request)
  await delay(LATENCY_MS)
}

const writeFailure = () => HttpResponse.json({ message: 'The server refused the change' }, { status: 500 })
const writeRefusal = () => HttpResponse.json({ message: 'The server refused this write' }, { status: 422 })

export const handlers = [
  http.get('*/api/organizations', async ({ request }) => {
    await answer(request)
    return HttpResponse.json(db.organizations)
  }),
  http.get('*/api/organizations/:orgId/projects', async ({ request, params }) => {
    await answer(request)
    return HttpResponse.json(db.projects.filter((project) => project.orgId === params.orgId))
  }),
  http.get('*/api/projects/:id', async ({ request, params }) => {
    await answer(request)
    const project = db.projects.find((candidate) => candidate.id === params.id)
    return project ? HttpResponse.json(project) : HttpResponse.json({ message: 'Not found' }, { status: 404 })
  }),
  http.patch('*/api/projects/:id', async ({ request, params }) => {
    await answer(request)
    if (db.failWrites) return writeFailure()
    if (db.refuseWrites) return writeRefusal()
    const { name } = (await request.json()) as { name: string }
    const project = db.projects.find((candidate) => candidate.id === params.id)
    if (!project) return HttpResponse.json({ message: 'Not found' }, { status: 404 })
    Object.assign(project, { name, updatedAt: project.updatedAt + 1 })
    return HttpResponse.json(project)
  }),
  http.post('*/api/projects', async ({ request }) => {
    await answer(request)
    if (db.failWrites) return writeFailure()
    if (db.refuseWrites) return writeRefusal()
    const { orgId, name } = (await request.json()) as { orgId: string; name: string }
    const project: Project = { id: `p${db.nextId++}`, orgId, name, updatedAt: 1 }
    db.projects.push(project)
    return HttpResponse.json(project, { status: 201 })
  }),
  http.get('*/api/projects/:id/time-entries', async ({ request, params }) => {
    await answer(request)
    return HttpResponse.json(db.timeEntries.filter((entry) => entry.projectId === params.id))
  }),
  http.post('*/api/projects/:id/time-entries', async ({ request, params }) => {
    await answer(request)
    if (db.failWrites) return writeFailure()
    const { minutes, note } = (await request.json()) as { minutes: number; note: string }
    const entry: TimeEntry = { id: `t${db.nextId++}`, projectId: String(params.id), minutes, note }
    db.timeEntries.push(entry)
    return HttpResponse.json(entry, { status: 201 })
  }),
  invalidationStreamHandler,
]
