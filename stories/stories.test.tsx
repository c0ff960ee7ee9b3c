// Every story is a test: each one renders through the preview's annotations and runs its play function,
// against the same msw handlers (msw/node here, the service worker in Storybook).
import './support/storiesSetup'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { composeStories } from '@storybook/react'
import { describe, expect, it } from 'vitest'
import * as CacheAside from './CacheAside.stories'

const modules = { CacheAside }

describe.each(Object.entries(modules))('%s stories', (_name, module) => {
  it.each(Object.entries(composeStories(module)))('%s renders and passes its play function', async (_story, Story) => {
    await Story.run()
  })
})

it('tests every story file', () => {
  const files = readdirSync(join(process.cwd(), 'stories')).filter((file) => file.endsWith('.stories.tsx'))
  expect(files.map((file) => file.replace('.stories.tsx', '')).sort()).toEqual(Object.keys(modules).sort())
})
