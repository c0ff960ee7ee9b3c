// `npm run bench`: every benchmark module, each printing its figures beside the TanStack baseline.
import { existsSync } from 'node:fs'

const modules = ['invalidate', 'persist', 'live', 'metrics', 'outbox', 'limit']

for (const name of modules) {
  const path = new URL(`./${name}.ts`, import.meta.url)
  if (!existsSync(path)) continue
  const module = (await import(path.href)) as { default: () => Promise<void> }
  await module.default()
}
