// The stories' back end: organizations, projects and time entries in memory, reset before every story.
import { createStore } from 'zustand/vanilla'
import type { Organization, Project, TimeEntry } from '../../examples/domain/model'

export type { Organization, Project, TimeEntry }

const seed = () => ({
  organizations: [
    { id: 'o1', name: 'Acme' },
    { id: 'o2', name: 'Globex' },
  ] satisfies Array<Organization>,
  projects: [
    { id: 'p1', orgId: 'o1', name: 'Website relaunch', updatedAt: 1 },
    { id: 'p2', orgId: 'o1', name: 'Mobile app', updatedAt: 1 },
    { id: 'p3', orgId: 'o2', name: 'Data warehouse', updatedAt: 1 },
  ] satisfies Array<Project>,
  timeEntries: [
    { id: 't1', projectId: 'p1', minutes: 90, note: 'Wireframes' },
    { id: 't2', projectId: 'p1', minutes: 45, note: 'Review' },
  ] satisfies Array<TimeEntry>,
  /** Writes fail while this is true (optimistic rollback). */
  failWrites: false,
  /** Writes are refused (422: not retried, the outbox keeps them as failed) while this is true. */
  refuseWrites: false,
  nextId: 100,
})

export const db = seed()

/** Every request the handlers answered, as `METHOD /path`, for the stories to show hits against misses. */
export const requestLog = createStore<{ requests: Array<string> }>(() => ({ requests: [] }))

export function logRequest(request: Request): void {
  const entry = `${request.method} ${new URL(request.url).pathname}`
  requestLog.setState(({ requests }) => ({ requests: [...requests, entry] }))
}

export function resetDb(): void {
  Object.assign(db, seed())
  requestLog.setState({ requests: [] })
}
