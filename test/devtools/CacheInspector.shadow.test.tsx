// The inspector's style fence, as far as jsdom can show it: its content sits in a shadow root and it adds
// no stylesheet to the page. The cascade itself is checked in Chromium (CacheInspector.browser.test.ts).
import { QueryClientProvider } from '@tanstack/react-query'
import { render, screen } from '@testing-library/react'
import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { CacheInspector } from '../../src/devtools/index'
import { createTestClient } from '../helpers/createTestClient'
import { panelRoot } from './inspectorPanel'

function renderInspector() {
  const client = createTestClient()
  return render(
    <QueryClientProvider client={client}>
      <CacheInspector refreshMs={0} style={{ maxHeight: '50vh' }} />
    </QueryClientProvider>,
  )
}

describe('CacheInspector styles', () => {
  it('renders its content inside the shadow root of its landmark', () => {
    renderInspector()
    const host = screen.getByRole('complementary', { name: 'Cache inspector' })
    expect(host.childElementCount).toBe(0)
    expect(panelRoot(host).querySelector('section[aria-label="Lookups"]')).not.toBeNull()
  })

  it('adds no style element or class name to the page outside its shadow root', () => {
    const before = document.querySelectorAll('style, link[rel="stylesheet"]').length
    const { container } = renderInspector()
    expect(document.querySelectorAll('style, link[rel="stylesheet"]').length).toBe(before)
    expect(container.querySelector('[class]')).toBeNull()
  })

  it('keeps its own rules in its shadow root, scoped to the panel', () => {
    renderInspector()
    const styles = panelRoot().querySelectorAll('style')
    expect(styles).toHaveLength(1)
    expect(styles[0]!.textContent).toMatch(/^\.panel\{all:initial;/)
  })

  it('applies the style prop to its host element', () => {
    renderInspector()
    expect(screen.getByRole('complementary', { name: 'Cache inspector' }).style.maxHeight).toBe('50vh')
  })

  it('shows the memory figures and the targets', () => {
    renderInspector()
    const root = panelRoot()
    expect(root.querySelector('section[aria-label="Memory"]')).not.toBeNull()
    expect(root.querySelector('section[aria-label="Targets"]')).not.toBeNull()
  })

  it('renders only its empty host on the server, to be filled once mounted', () => {
    const html = renderToString(
      <QueryClientProvider client={createTestClient()}>
        <CacheInspector refreshMs={0} />
      </QueryClientProvider>,
    )
    expect(html).toBe('<aside aria-label="Cache inspector" style="display:block"></aside>')
  })
})
