// Table cell styles shared by the inspector's tables.
import type { CSSProperties } from 'react'

export const cell: CSSProperties = { padding: '2px 8px', borderBottom: '1px solid #ddd', textAlign: 'left' }

export const numeric: CSSProperties = { ...cell, textAlign: 'right', fontVariantNumeric: 'tabular-nums' }
