import { act, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { useOutbox } from '../../../src/persist'
import type { MutationOutbox } from '../../../src/persist'
import { device, openTab, renameDefinition, scriptedServer, settle, setOnline } from './harness'

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup()
  setOnline(true)
})

function Badge({ outbox }: { outbox: MutationOutbox }) {
  const { pending, failed, retry, discard } = useOutbox(outbox)
  return (
    <div>
      <span data-testid="pending">{pending.length}</span>
      {failed.map((entry) => (
        <span key={entry.id}>
          failed: {entry.error}
          <button onClick={() => void retry(entry.id)}>Retry</button>
          <button onClick={() => void discard(entry.id)}>Discard</button>
        </span>
      ))}
    </div>
  )
}

describe('useOutbox', () => {
  it('re-renders with the pending count as writes are recorded and sent', async () => {
    const server = scriptedServer()
    const useRename = renameDefinition(server)
    const { client, outbox } = openTab(device(), [useRename], cleanups)
    await outbox.ready
    render(<Badge outbox={outbox} />)
    expect(screen.getByTestId('pending').textContent).toBe('0')
    setOnline(false)
    const run = client.getMutationCache().build(client, useRename.options()).execute({ id: 'p1', name: 'x' })
    await act(() => settle())
    expect(screen.getByTestId('pending').textContent).toBe('1')
    await act(async () => {
      setOnline(true)
      await run
    })
    expect(screen.getByTestId('pending').textContent).toBe('0')
  })

  it('lists a refused write as failed, and Discard removes it', async () => {
    const server = scriptedServer()
    server.answer = async () => {
      throw Object.assign(new Error('name taken'), { status: 422 })
    }
    const useRename = renameDefinition(server)
    const { client, outbox } = openTab(device(), [useRename], cleanups)
    await outbox.ready
    render(<Badge outbox={outbox} />)
    await act(async () => {
      await client
        .getMutationCache()
        .build(client, useRename.options())
        .execute({ id: 'p1', name: 'x' })
        .catch(() => {})
    })
    expect(screen.getByText(/failed: name taken/)).toBeTruthy()
    await act(async () => {
      screen.getByText('Discard').click()
      await settle()
    })
    expect(screen.queryByText(/failed:/)).toBeNull()
  })
})
