import { render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { StreamAndPersistenceSection } from '../../../../src/devtools/internal/sections/StreamAndPersistenceSection'
import { metricsSnapshot } from './metricsSnapshot'

const section = () => within(screen.getByRole('region', { name: 'Stream and persistence' }))
const figure = (label: string) => section().getByLabelText(label, { selector: 'dd' }).textContent
const labels = () =>
  section()
    .getAllByRole('term')
    .map((dt) => dt.textContent)

describe('StreamAndPersistenceSection', () => {
  it('says there is no stream and nothing persisted before either is reported', () => {
    render(<StreamAndPersistenceSection metrics={metricsSnapshot()} />)
    expect(labels()).toEqual(['Stream', 'Persisted'])
    expect([figure('Stream'), figure('Persisted')]).toEqual(['not connected', 'not persisted'])
  })

  it('shows the state, role and events of the reported stream', () => {
    const stream = { state: 'reconnecting', role: 'follower', received: 12, dropped: 3, retryCount: 2 } as const
    render(<StreamAndPersistenceSection metrics={metricsSnapshot({ stream })} />)
    expect([figure('Stream'), figure('Role'), figure('Stream events')]).toEqual([
      'reconnecting',
      'follower',
      '12 received, 3 dropped',
    ])
  })

  it('shows the persisted records and their size', () => {
    const persistence = { records: 340, bytes: 5 * 1024 * 1024 + 300 * 1024, lastRestore: undefined }
    render(<StreamAndPersistenceSection metrics={metricsSnapshot({ persistence })} />)
    expect(figure('Persisted')).toBe('340 records, 5.3 MiB')
    expect(labels()).not.toContain('Last restore')
  })

  it('counts expired, busted and corrupt records of the last restore as dropped', () => {
    const lastRestore = { restored: 9, expired: 1, busted: 2, corrupt: 3, ms: 2345 }
    render(
      <StreamAndPersistenceSection
        metrics={metricsSnapshot({ persistence: { records: 9, bytes: 900, lastRestore } })}
      />,
    )
    expect(figure('Last restore')).toBe('9 restored, 6 dropped in 2.35 s')
  })

  it('shows the reports dropped as invalid only once there are some', () => {
    const { unmount } = render(<StreamAndPersistenceSection metrics={metricsSnapshot()} />)
    expect(labels()).not.toContain('Invalid reports dropped')
    unmount()
    render(<StreamAndPersistenceSection metrics={metricsSnapshot({ droppedReports: 4 })} />)
    expect(figure('Invalid reports dropped')).toBe('4')
  })
})
