// The demo's in-memory data: organizations, projects and time entries, with a change feed that the
// server turns into stream invalidations.
import type { Organization, Payslip, Project, TimeEntry } from '../../domain/model'

export type { Organization, Payslip, Project, TimeEntry }

export interface Change {
  keys: Array<Array<string>>
  tags: Array<string>
}

/** Everything the store holds, as plain data: what `snapshot()` returns and `createStore` can start from. */
export interface StoreSnapshot {
  projects: Array<Project>
  entries: Array<TimeEntry>
  sequence: number
}

export function createStore(initial?: StoreSnapshot) {
  const organizations: Array<Organization> = [
    { id: 'o1', name: 'Acme' },
    { id: 'o2', name: 'Globex' },
  ]
  const projects = new Map<string, Project>(initial?.projects.map((project) => [project.id, project]))
  const entries = new Map<string, TimeEntry>(initial?.entries.map((entry) => [entry.id, entry]))
  let sequence = initial?.sequence ?? 0
  const id = (prefix: string) => `${prefix}${++sequence}`
  const listeners = new Set<(change: Change) => void>()

  const seed: Array<[string, string]> = [
    ['o1', 'Website relaunch'],
    ['o1', 'Mobile app'],
    ['o1', 'Billing migration'],
    ['o2', 'Warehouse robots'],
    ['o2', 'Quarterly report'],
  ]
  for (const [orgId, name] of initial ? [] : seed) {
    const project = { id: id('p'), orgId, name, updatedAt: Date.now() }
    projects.set(project.id, project)
    for (const minutes of [30, 45]) {
      const entry = { id: id('t'), projectId: project.id, minutes, note: 'Planning' }
      entries.set(entry.id, entry)
    }
  }

  const emit = (change: Change) => listeners.forEach((listener) => listener(change))

  return {
    organizations: () => organizations,
    projects: (orgId: string) => [...projects.values()].filter((project) => project.orgId === orgId),
    project: (projectId: string) => projects.get(projectId),
    timeEntries: (projectId: string) => [...entries.values()].filter((entry) => entry.projectId === projectId),
    payslip: (): Payslip => ({ month: '2026-10', net: 4210.5, iban: 'DE89 3704 0044 0532 0130 00' }),

    createProject(orgId: string, name: string): Project {
      const project = { id: id('p'), orgId, name, updatedAt: Date.now() }
      projects.set(project.id, project)
      emit({ keys: [['projects', 'list', orgId]], tags: [`org:${orgId}`] })
      return project
    },
    renameProject(projectId: string, name: string): Project | undefined {
      const project = projects.get(projectId)
      if (!project) return undefined
      const renamed = { ...project, name, updatedAt: Date.now() }
      projects.set(projectId, renamed)
      emit({ keys: [], tags: [`project:${projectId}`] })
      return renamed
    },
    addTimeEntry(projectId: string, minutes: number, note: string): TimeEntry | undefined {
      if (!projects.has(projectId)) return undefined
      const entry = { id: id('t'), projectId, minutes, note }
      entries.set(entry.id, entry)
      emit({ keys: [['timeEntries', 'list', projectId]], tags: [] })
      return entry
    },
    snapshot: (): StoreSnapshot => ({ projects: [...projects.values()], entries: [...entries.values()], sequence }),
    /** Every change, as the keys and tags it makes stale. */
    subscribe(listener: (change: Change) => void): () => void {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
  }
}

export type Store = ReturnType<typeof createStore>
