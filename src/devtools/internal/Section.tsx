// One titled section of the inspector panel, named by its title for assistive technology.
import type { ReactNode } from 'react'

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title} style={{ margin: '8px 0' }}>
      <h3 style={{ fontSize: 12, margin: '4px 0', textTransform: 'uppercase', color: '#57606a' }}>{title}</h3>
      {children}
    </section>
  )
}
