// The selected organization's projects, with a form that creates one (optimistic, then the server's answer
// written into the list and the detail).
import { useState } from 'react'
import type { FormEvent } from 'react'
import { useCreateProject, useProjects } from '../../domain/queries'
import { Panel, time } from './Panel'
import { useStreamFlash } from './useStreamFlash'

interface ProjectListProps {
  orgId: string
  selected?: string
  onSelect: (id: string) => void
}

export function ProjectList({ orgId, selected, onSelect }: ProjectListProps) {
  const projects = useProjects(orgId)
  const createProject = useCreateProject()
  const [name, setName] = useState('')
  const flash = useStreamFlash(projects.dataUpdatedAt)

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (name.trim() === '') return
    createProject.mutate({ orgId, name: name.trim() })
    setName('')
  }

  return (
    <Panel title="Projects" tier="normal" flash={flash}>
      {projects.isPending && <p className="muted">Loading…</p>}
      {projects.error && <p className="error">{projects.error.message}</p>}
      <ul data-testid="project-list">
        {projects.data?.map((project) => (
          <li
            key={project.id}
            className={[project.id === selected && 'selected', project.id.startsWith('optimistic') && 'optimistic']
              .filter(Boolean)
              .join(' ')}
          >
            <button
              className="link"
              type="button"
              onClick={() => onSelect(project.id)}
              disabled={project.id.startsWith('optimistic')}
            >
              {project.name}
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={submit}>
        <input
          aria-label="New project name"
          placeholder="New project"
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        <button type="submit">Create</button>
      </form>
      {createProject.error && <p className="error">Create failed, rolled back: {createProject.error.message}</p>}
      <p className="muted">{projects.isFetching ? 'Refreshing…' : `Updated ${time(projects.dataUpdatedAt)}`}</p>
    </Panel>
  )
}
