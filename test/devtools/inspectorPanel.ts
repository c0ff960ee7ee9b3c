// The inspector renders into a shadow root (its style fence): queries go through the host's shadow root,
// which Testing Library's `screen` does not enter.
import { screen, within } from '@testing-library/react'

/** The panel's content: the shadow root of the `Cache inspector` landmark, as a query container. */
export function panelRoot(host: HTMLElement = screen.getByRole('complementary', { name: 'Cache inspector' })) {
  const root = host.shadowRoot
  if (!root) throw new Error('the Cache inspector has no shadow root')
  return root as unknown as HTMLElement
}

export const inspector = (host?: HTMLElement) => within(panelRoot(host))
