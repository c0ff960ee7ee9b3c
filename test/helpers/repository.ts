// A small repository over HTTP (organizations, projects, time entries) served by msw, so tests read
// through real `fetch` calls with real abort signals.
import { http, HttpResponse, delay } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll } from 'vitest'

export const API = 'http://api.test'

export interface Organization {
  id: string
  name: string
}

export interface Project {
  id: string
  orgId: string
  name: string
}

export interface TimeEntry {
  id: string
  projectId: string
  minutes: number
}

export interface NewProject {
  orgId: string
  name: string
}

/** The server's data, mutable per test, plus what the repository saw. */
export interface RepositoryDatabase {
  organizations: Array<Organization>
  projects: Array<Project>
  timeEntries: Array<TimeEntry>
  /** Paths requested, in order (`GET /projects/p1`). */
  requests: Array<string>
  /** Paths whose fetch was aborted by the caller's signal. */
  aborted: Array<string>
}

function createDatabase(): RepositoryDatabase {
  return {
    organizations: [
      { id: 'o1', name: 'Acme' },
      { id: 'o2', name: 'Globex' },
    ],
    projects: [
      { id: 'p1', orgId: 'o1', name: 'Website' },
      { id: 'p2', orgId: 'o1', name: 'Mobile app' },
      { id: 'p3', orgId: 'o2', name: 'Billing' },
    ],
    timeEntries: [
      { id: 't1', projectId: 'p1', minutes: 30 },
      { id: 't2', projectId: 'p1', minutes: 45 },
    ],
    requests: [],
    aborted: [],
  }
}

/**
 * An msw server for the calling suite (listening from its first test to its last, handlers reset after
 * each test), and `serveRepository()`, which gives a test a fresh database served by it and a
 * repository reading it.
 */
export function setupRepositoryServer() {
  const server = setupServer()
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterEach(() => server.resetHandlers())
  afterAll(() => server.close())
  const serveRepository = () => {
    const db = createDatabase()
    server.use(...repositoryHandlers(db))
    return { db, repository: createRepository(db) }
  }
  return { server, serveRepository }
}

function repositoryHandlers(db: RepositoryDatabase) {
  const log = (request: Request) => {
    db.requests.push(`${request.method} ${new URL(request.url).pathname}`)
  }
  return [
    http.get(`${API}/organizations/:id`, ({ request, params }) => {
      log(request)
      const found = db.organizations.find((org) => org.id === params.id)
      return found ? HttpResponse.json(found) : new HttpResponse(null, { status: 404 })
    }),
    http.get(`${API}/organizations/:orgId/projects`, ({ request, params }) => {
      log(request)
      return HttpResponse.json(db.projects.filter((project) => project.orgId === params.orgId))
    }),
    http.get(`${API}/projects/:id`, ({ request, params }) => {
      log(request)
      const found = db.projects.find((project) => project.id === params.id)
      return found ? HttpResponse.json(found) : new HttpResponse(null, { status: 404 })
    }),
    http.get(`${API}/projects/:id/time-entries`, ({ request, params }) => {
      log(request)
      return HttpResponse.json(db.timeEntries.filter((entry) => entry.projectId === params.id))
    }),
    http.post(`${API}/projects`, async ({ request }) => {
      log(request)
      const input = (await request.json()) as NewProject
      const project = { id: `p${db.projects.length + 1}`, ...input }
      db.projects.push(project)
      return HttpResponse.json(project, { status: 201 })
    }),
  ]
}

/** A handler that never answers, so a fetch of `path` stays in flight until it is aborted. */
export function hangingHandler(path: string) {
  return http.get(`${API}${path}`, async () => {
    await delay('infinite')
    return new HttpResponse(null, { status: 500 })
  })
}

export class RepositoryError extends Error {
  override name = 'RepositoryError'
  constructor(
    readonly status: number,
    path: string,
  ) {
    super(`${path} answered ${status}`)
  }
}

/** The repository the query definitions read through. Every read takes the caller's abort signal. */
function createRepository(db: RepositoryDatabase) {
  const request = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    try {
      const response = await fetch(`${API}${path}`, init)
      if (!response.ok) throw new RepositoryError(response.status, path)
      return (await response.json()) as T
    } catch (error) {
      if ((error as { name?: string } | null)?.name === 'AbortError') db.aborted.push(path)
      throw error
    }
  }
  return {
    findOrganization: (id: string, signal?: AbortSignal) => request<Organization>(`/organizations/${id}`, { signal }),
    findProjects: (orgId: string, signal?: AbortSignal) =>
      request<Array<Project>>(`/organizations/${orgId}/projects`, { signal }),
    findProject: (id: string, signal?: AbortSignal) => request<Project>(`/projects/${id}`, { signal }),
    findTimeEntries: (projectId: string, signal?: AbortSignal) =>
      request<Array<TimeEntry>>(`/projects/${projectId}/time-entries`, { signal }),
    createProject: (input: NewProject) =>
      request<Project>('/projects', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input),
      }),
  }
}

export type Repository = ReturnType<typeof createRepository>
