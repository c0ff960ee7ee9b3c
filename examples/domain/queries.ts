// Keys, reads and writes of the example domain, defined once with the toolkit and used by the demo and
// the stories alike.
import { createQueryHooks, createQueryKeys, defineMutation, defineQueries } from 'react-query-toolkit'
import type { Project } from './model'
import { organizationRepository, payrollRepository, projectRepository, timeEntryRepository } from './repository'

export const organizationKeys = createQueryKeys('organizations', { all: null })
export const projectKeys = createQueryKeys('projects', {
  list: (orgId: string) => [orgId],
  detail: (id: string) => [id],
})
export const timeEntryKeys = createQueryKeys('timeEntries', { list: (projectId: string) => [projectId] })
export const payrollKeys = createQueryKeys('payroll', { current: null })

export const organizationQueries = defineQueries(organizationKeys, {
  all: { tier: 'static', queryFn: (ctx) => organizationRepository.findAll(ctx.signal) },
})

export const projectQueries = defineQueries(projectKeys, {
  list: {
    tier: 'normal',
    queryFn: (orgId: string, ctx) => projectRepository.findByOrganization(orgId, ctx.signal),
    tags: (projects: Array<Project>, orgId) => [`org:${orgId}`, ...projects.map((project) => `project:${project.id}`)],
  },
  detail: {
    tier: 'long',
    queryFn: (id: string, ctx) => projectRepository.findById(id, ctx.signal),
    tags: (_project, id) => [`project:${id}`],
  },
})

export const timeEntryQueries = defineQueries(timeEntryKeys, {
  list: {
    tier: 'critical',
    queryFn: (projectId: string, ctx) => timeEntryRepository.findByProject(projectId, ctx.signal),
  },
})

export const payrollQueries = defineQueries(payrollKeys, {
  current: { tier: 'sensitive', queryFn: (ctx) => payrollRepository.currentPayslip(ctx.signal) },
})

export const { useAll: useOrganizations } = createQueryHooks(organizationQueries)
export const { useList: useProjects, useDetail: useProject } = createQueryHooks(projectQueries)
export const { useList: useTimeEntries } = createQueryHooks(timeEntryQueries)
export const { useCurrent: usePayslip } = createQueryHooks(payrollQueries)

// Rename and create write the server's answer into the list and the detail at once (write-through), so the
// two agree without a refetch; the stream tells the other tabs. Both are durable (write-behind): with an
// outbox on the client they are recorded before they are sent, and sent with their idempotency key.
export const useCreateProject = defineMutation({
  name: 'projects.create',
  durable: true,
  mutationFn: (input: { orgId: string; name: string }, { idempotencyKey }) =>
    projectRepository.create(input, idempotencyKey),
  writes: (project) => [
    [projectQueries.detail(project.id).queryKey, project],
    [
      projectQueries.list(project.orgId).queryKey,
      (list: Array<Project> | undefined) => [...withoutProject(list, project.id), project],
    ],
  ],
  invalidates: (_project, input) => [{ tag: `org:${input.orgId}` }],
  optimistic: {
    key: (input) => projectKeys.list(input.orgId),
    update: (current: Array<Project> | undefined, input) => [
      ...(current ?? []),
      { id: `optimistic-${input.name}`, orgId: input.orgId, name: input.name, updatedAt: Date.now() },
    ],
  },
})

export const useRenameProject = defineMutation({
  name: 'projects.rename',
  durable: true,
  mutationFn: (input: { id: string; name: string }, { idempotencyKey }) =>
    projectRepository.rename(input, idempotencyKey),
  writes: (project) => [
    [projectQueries.detail(project.id).queryKey, project],
    [
      projectQueries.list(project.orgId).queryKey,
      (list: Array<Project> | undefined) => list?.map((item) => (item.id === project.id ? project : item)) ?? [],
    ],
  ],
  invalidates: (_project, input) => [{ tag: `project:${input.id}` }],
  optimistic: {
    key: (input) => projectKeys.detail(input.id),
    update: (current: Project | undefined, input) => (current ? { ...current, name: input.name } : current!),
  },
})

function withoutProject(list: Array<Project> | undefined, id: string): Array<Project> {
  return (list ?? []).filter((item) => item.id !== id)
}

export const useAddTimeEntry = defineMutation({
  mutationFn: timeEntryRepository.add,
  invalidates: (_entry, input) => [timeEntryKeys.list(input.projectId)],
})
