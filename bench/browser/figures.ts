// The browser benchmark's figures for one size, and the tables `run.ts` prints from them: medians (min–max),
// ratios against TanStack's whole-cache side, and "did not finish: <why>" in the cells of a side that did not.
import { printTable } from '../harness'
import type { Side } from './page'

type Write = { bytes: number; ownBytes: number; storedMs: number; mainMs: number }
const perSide = <T>(): Record<Side, Array<T>> => ({ toolkit: [], 'toolkit-all': [], whole: [], fine: [] })

export function newFigures() {
  return {
    first: perSide<number>(),
    ready: perSide<number>(),
    /** Full restore until the side's restore resolved. */
    restored: perSide<number>(),
    /** Full restore until `getQueryData` had returned every record. */
    every: perSide<number>(),
    raw: perSide<number>(),
    writes: perSide<Write>(),
    /** Why a side did not finish at this size. */
    dnf: {} as Partial<Record<Side, string>>,
  }
}
export type Figures = ReturnType<typeof newFigures>

const summary = (values: Array<number>) => {
  const sorted = [...values].sort((a, b) => a - b)
  return { median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]!, max: sorted[sorted.length - 1]! }
}
const ms = (value: number) => (value < 1 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0))
const cell = (values: Array<number>) => {
  const { median, min, max } = summary(values)
  return `${ms(median)} ms (${ms(min)}–${ms(max)})`
}

const names: Record<Side, string> = {
  toolkit: "toolkit, restore: 'lazy'",
  'toolkit-all': "toolkit, restore: 'all'",
  whole: 'TanStack whole-cache (persistQueryClientRestore, idb-keyval)',
  fine: 'TanStack fine-grained (experimental_createQueryPersister, idb-keyval)',
}

export function printFigures(count: number, sides: Array<Side>, figures: Figures): void {
  const { dnf } = figures
  const size = `${count.toLocaleString('en')} persisted queries`
  // A side that did not finish shows why in each of its cells.
  const done = (side: Side, values: Array<number>, format = cell) =>
    dnf[side] !== undefined ? `did not finish: ${dnf[side]}` : format(values)
  const ratio = (side: Side, key: 'restored' | 'every') =>
    dnf[side] !== undefined || dnf.whole !== undefined || figures[key].whole.length === 0
      ? '–'
      : `${(summary(figures[key][side]).median / summary(figures[key].whole).median).toFixed(2)}×`
  printTable(
    `${size}: first screen (one query mounts after a reload)`,
    sides.map((side) => ({
      side: names[side],
      'until ready': done(side, figures.ready[side]),
      'shown after ready': done(side, figures.first[side]),
      'shown from start': done(
        side,
        figures.ready[side].map((r, i) => r + figures.first[side][i]!),
      ),
    })),
  )
  const full = sides.filter((side) => side !== 'toolkit')
  printTable(
    `${size}: full restore`,
    full.map((side) => ({
      side: names[side],
      'until restored': done(side, figures.restored[side]),
      'vs whole-cache': ratio(side, 'restored'),
      'until getQueryData returned every record': done(side, figures.every[side]),
      'vs whole-cache, every record': ratio(side, 'every'),
      'of which the storage read alone': done(side, figures.raw[side]),
    })),
  )
  printTable(
    `${size}: one changed query`,
    full.map((side) => {
      const writes = figures.writes[side]
      const bytes = (values: Array<number>) =>
        `${summary(values).median} (${summary(writes.map((w) => w.bytes / w.ownBytes)).median.toFixed(2)}× its own)`
      return {
        side: names[side],
        'bytes written': done(
          side,
          writes.map((w) => w.bytes),
          bytes,
        ),
        'main thread (CDP TaskDuration, less an empty call)': done(
          side,
          writes.map((w) => w.mainMs),
        ),
        'until stored': done(
          side,
          writes.map((w) => w.storedMs),
        ),
      }
    }),
  )
}
