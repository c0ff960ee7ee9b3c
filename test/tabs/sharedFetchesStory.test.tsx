// The shared-fetches story as a test (the lead adds it to stories/stories.test.tsx's list on merge):
// three tabs mount one list with one request, and an invalidation in one tab costs one more.
import '../../stories/support/storiesSetup'
import { composeStories } from '@storybook/react'
import { it } from 'vitest'
import * as SharedFetches from '../../stories/SharedFetches.stories'

it('renders the shared-fetches story and passes its play function', async () => {
  await composeStories(SharedFetches).ThreeTabsOneRequest.run()
})
