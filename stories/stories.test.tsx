// Every story is a test: each one renders through the preview's annotations and runs its play function,
// against the same msw handlers (msw/node here, the service worker in Storybook).
import './support/storiesSetup'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { composeStories } from '@storybook/react'
import { describe, expect, it } from 'vitest'
import * as CacheAside from './CacheAside.stories'
import * as CacheInspector from './CacheInspector.stories'
import * as CacheWarming from './CacheWarming.stories'
import * as LiveInvalidation from './LiveInvalidation.stories'
import * as Logout from './Logout.stories'
import * as MutationInvalidation from './MutationInvalidation.stories'
import * as OptimisticUpdate from './OptimisticUpdate.stories'
import * as PersistenceRestore from './PersistenceRestore.stories'
import * as StalenessTiers from './StalenessTiers.stories'

const modules = { CacheAside, StalenessTiers, MutationInvalidation, OptimisticUpdate, LiveInvalidation, PersistenceRestore, Logout, CacheWarming, CacheInspector }

type StoryModule = Parameters<typeof composeStories>[0]
type ComposedStory = { run: () => Promise<void> }

describe.each(Object.entries(modules))('%s stories', (_name, module) => {
  const stories = Object.entries(composeStories(module as StoryModule)) as Array<[string, ComposedStory]>
  it.each(stories)('%s renders and passes its play function', async (_story, Story) => {
    await Story.run()
  })
})

it('tests every story file', () => {
  const files = readdirSync(join(process.cwd(), 'stories')).filter((file) => file.endsWith('.stories.tsx'))
  expect(files.map((file) => file.replace('.stories.tsx', '')).sort()).toEqual(Object.keys(modules).sort())
})
