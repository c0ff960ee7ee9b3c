// Repositories of the example domain: plain fetch functions over its HTTP API, unaware of caching.
import type { Organization, Payslip, Project, TimeEntry } from './model'
import { assertReachable, requestHeaders } from './network'

// Absolute URLs: Node's fetch (story tests) has no base URL to resolve a relative one against.
export const apiUrl = (path: string) => new URL(`/api${path}`, globalThis.location?.origin ?? 'http://localhost').href

/** The API answered with an error status: 4xx is a refusal (not retried), 5xx a server error (retried). */
export class RequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message)
    this.name = 'RequestError'
  }
}

/** A write's idempotency key: a server that honours it applies a resent write once. */
const keyed = (idempotencyKey?: string): Record<string, string> =>
  idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}

async function request<T>(path: string, init?: RequestInit & { headers?: Record<string, string> }): Promise<T> {
  assertReachable(path)
  const response = await fetch(apiUrl(path), {
    ...init,
    headers: { 'Content-Type': 'application/json', ...requestHeaders(), ...init?.headers },
  })
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { message?: string; error?: string }
    const message = body.message ?? body.error ?? `${init?.method ?? 'GET'} ${path} failed with ${response.status}`
    throw new RequestError(message, response.status)
  }
  return (await response.json()) as T
}

export const organizationRepository = {
  findAll: (signal?: AbortSignal) => request<Array<Organization>>('/organizations', { signal }),
}

export const projectRepository = {
  findByOrganization: (orgId: string, signal?: AbortSignal) =>
    request<Array<Project>>(`/organizations/${orgId}/projects`, { signal }),
  findById: (id: string, signal?: AbortSignal) => request<Project>(`/projects/${id}`, { signal }),
  create: (input: { orgId: string; name: string }, idempotencyKey?: string) =>
    request<Project>('/projects', { method: 'POST', body: JSON.stringify(input), headers: keyed(idempotencyKey) }),
  rename: (input: { id: string; name: string }, idempotencyKey?: string) =>
    request<Project>(`/projects/${input.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ name: input.name }),
      headers: keyed(idempotencyKey),
    }),
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
