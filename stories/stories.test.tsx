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
import * as Eviction from './Eviction.stories'
import * as LiveInvalidation from './LiveInvalidation.stories'
import * as Logout from './Logout.stories'
import * as MutationInvalidation from './MutationInvalidation.stories'
import * as OfflineOutbox from './OfflineOutbox.stories'
import * as OptimisticUpdate from './OptimisticUpdate.stories'
import * as PersistenceRestore from './PersistenceRestore.stories'
import * as SharedFetches from './SharedFetches.stories'
import * as StalenessTiers from './StalenessTiers.stories'
import * as WriteThrough from './WriteThrough.stories'
import { restartStreamServer } from './mocks/stream'

const modules = {
  CacheAside,
  StalenessTiers,
  MutationInvalidation,
  OptimisticUpdate,
  LiveInvalidation,
  PersistenceRestore,
  Logout,
  CacheWarming,
  CacheInspector,
  WriteThrough,
  OfflineOutbox,
  SharedFetches,
  Eviction,
}

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

// A story's server lives in memory and forgets its event ids, while the browser keeps what the stream
// client stored: a later visit must not resume from (and resync because of) an earlier one.
describe.each([
  ['LiveInvalidation', () => composeStories(LiveInvalidation).AnotherUserEdits as unknown as ComposedStory],
  ['CacheInspector', () => composeStories(CacheInspector).BesideAnApp as unknown as ComposedStory],
])('the %s story with a stream', (_name, story) => {
  it('passes on a second visit', async () => {
    await story().run()
    await story().run()
  })

  it('passes after a reload', async () => {
    await story().run()
    restartStreamServer()
    await story().run()
  })

  it('passes after the other stream story ran', async () => {
    await composeStories(LiveInvalidation).AnotherUserEdits.run()
    await composeStories(CacheInspector).BesideAnApp.run()
    await story().run()
  })
})
