// One project: its name (renamed optimistically, then the server's answer written into the detail and
// the list) and its time entries.
import { useState } from 'react'
import { useAddTimeEntry, useProject, useRenameProject, useTimeEntries } from '../../domain/queries'
import { Panel, TierBadge } from './Panel'
import { useStreamFlash } from './useStreamFlash'

export function ProjectDetail({ id }: { id: string }) {
  const project = useProject(id)
  const entries = useTimeEntries(id)
  const rename = useRenameProject()
  const addEntry = useAddTimeEntry()
  const [name, setName] = useState('')
  const [minutes, setMinutes] = useState('30')
  const flash = useStreamFlash(Math.max(project.dataUpdatedAt, entries.dataUpdatedAt))

  return (
    <Panel title="Project" tier="long" flash={flash}>
      {project.data && (
        <>
          <p data-testid="project-name">
            <strong>{project.data.name}</strong> <span className="muted">({project.data.id})</span>
          </p>
          <form
            onSubmit={(event) => {
              event.preventDefault()
              if (name.trim() === '') return
              rename.mutate({ id, name: name.trim() })
              setName('')
            }}
          >
            <input
              aria-label="Rename project"
              placeholder="New name"
              value={name}
              onChange={(event) => setName(event.target.value)}
            />
            <button type="submit">Rename</button>
          </form>
          {rename.error && <p className="error">Rename failed, rolled back: {rename.error.message}</p>}
        </>
      )}
      <h2>
        Time entries <TierBadge tier="critical" />
      </h2>
      <ul>
        {entries.data?.map((entry, index) => (
          <li key={`${entry.id}-${index}`}>
            <span>{entry.note || '—'}</span>
            <span>{entry.minutes} min</span>
          </li>
        ))}
      </ul>
      <form
        onSubmit={(event) => {
          event.preventDefault()
          addEntry.mutate({ projectId: id, minutes: Number(minutes), note: 'Work' })
        }}
      >
        <input
          aria-label="Minutes"
          type="number"
          min="1"
          value={minutes}
          onChange={(event) => setMinutes(event.target.value)}
        />
        <button type="submit">Log time</button>
      </form>
    </Panel>
  )
}
