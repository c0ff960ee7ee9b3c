// The inspector's style fence: its content lives in a shadow root, so the host page's stylesheets cannot
// reach it and its own rules cannot reach the page. Only the host element stays in the page's light DOM.
import { useCallback, useState } from 'react'
import type { CSSProperties, ReactNode } from 'react'
import { createPortal } from 'react-dom'

// `all: initial` stops what the host element would pass down by inheritance (font, color, line height…);
// every element below inherits from the panel root instead.
const PANEL_CSS =
  '.panel{all:initial;display:block;box-sizing:border-box;font:12px/1.4 system-ui,sans-serif;color:#24292f;' +
  'background:#fff;padding:8px}'

/** A shadow root opened on the host the first time it mounts (a second mount finds the same root). */
export function ShadowPanel({ label, style, children }: { label: string; style?: CSSProperties; children: ReactNode }) {
  const [root, setRoot] = useState<ShadowRoot | null>(null)
  const host = useCallback((node: HTMLElement | null) => {
    if (node) setRoot(node.shadowRoot ?? node.attachShadow({ mode: 'open' }))
  }, [])
  return (
    <aside ref={host} aria-label={label} style={{ display: 'block', ...style }}>
      {root &&
        createPortal(
          <>
            <style>{PANEL_CSS}</style>
            <div className="panel">{children}</div>
          </>,
          root,
        )}
    </aside>
  )
}
