// The demo's repositories: plain functions over the embedded HTTP API, unaware of caching.
import type { Organization, Payslip, Project, TimeEntry } from '../api/store'

export type { Organization, Payslip, Project, TimeEntry }

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`/api${path}`, {
    ...init,
    headers: { 'Content-Type': 'application/json', ...init?.headers },
  })
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${path} failed with ${response.status}`)
  return (await response.json()) as T
}

export const organizationRepository = {
  findAll: (signal?: AbortSignal) => request<Array<Organization>>('/organizations', { signal }),
}

export const projectRepository = {
  findByOrganization: (orgId: string, signal?: AbortSignal) =>
    request<Array<Project>>(`/organizations/${orgId}/projects`, { signal }),
  findById: (id: string, signal?: AbortSignal) => request<Project>(`/projects/${id}`, { signal }),
  create: (input: { orgId: string; name: string }) =>
    request<Project>('/projects', { method: 'POST', body: JSON.stringify(input) }),
  rename: (input: { id: string; name: string }) =>
    request<Project>(`/projects/${input.id}`, { method: 'PATCH', body: JSON.stringify({ name: input.name }) }),
}

export const timeEntryRepository = {
  findByProject: (projectId: string, signal?: AbortSignal) =>
    request<Array<TimeEntry>>(`/projects/${projectId}/time-entries`, { signal }),
  add: (input: { projectId: string; minutes: number; note: string }) =>
    request<TimeEntry>(`/projects/${input.projectId}/time-entries`, { method: 'POST', body: JSON.stringify(input) }),
}

export const payrollRepository = {
  currentPayslip: (signal?: AbortSignal) => request<Payslip>('/me/payslip', { signal }),
}

export const apiControl = (control: { delayMs?: number; failWrites?: number }) =>
  request('/control', { method: 'POST', body: JSON.stringify(control) })
