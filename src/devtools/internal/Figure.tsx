// One labelled figure of a description list.
import type { ReactNode } from 'react'

/** `name` is the accessible name when the visible `label` is too short to stand alone. */
export function Figure({ label, name = label, value }: { label: string; name?: string; value: ReactNode }) {
  return (
    <div style={{ display: 'inline-block', marginRight: 16 }}>
      <dt style={{ color: '#57606a' }}>{label}</dt>
      <dd style={{ margin: 0, fontWeight: 600 }} aria-label={name}>
        {value}
      </dd>
    </div>
  )
}
