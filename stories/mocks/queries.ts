// Keys, reads and writes of the stories' domain, defined once with the toolkit.
import { createQueryHooks, createQueryKeys, defineMutation, defineQueries } from 'react-query-toolkit'
import { organizationRepository, projectRepository, timeEntryRepository } from './repository'
import type { Project, TimeEntry } from './repository'

export const organizationKeys = createQueryKeys('organizations', { all: null })
export const projectKeys = createQueryKeys('projects', {
  list: (orgId: string) => [orgId],
  detail: (id: string) => [id],
})
export const timeEntryKeys = createQueryKeys('timeEntries', { list: (projectId: string) => [projectId] })

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
  list: { tier: 'critical', queryFn: (projectId: string, ctx) => timeEntryRepository.findByProject(projectId, ctx.signal) },
})

export const { useAll: useOrganizations } = createQueryHooks(organizationQueries)
export const { useList: useProjects, useDetail: useProject } = createQueryHooks(projectQueries)
export const { useList: useTimeEntries } = createQueryHooks(timeEntryQueries)

export const useAddTimeEntry = defineMutation({
  mutationFn: timeEntryRepository.add,
  invalidates: (_entry, input) => [timeEntryKeys.list(input.projectId)],
})

export const useRenameProject = defineMutation({
  mutationFn: projectRepository.rename,
  invalidates: (_project, input) => [{ tag: `project:${input.id}` }],
  optimistic: {
    key: (input) => projectKeys.detail(input.id),
    update: (current: Project | undefined, input) => (current ? { ...current, name: input.name } : current!),
  },
})

export type { Project, TimeEntry }
