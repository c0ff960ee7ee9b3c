// A page that opens after a write made while no tab of the browser was open: it restores the list from
// IndexedDB, resumes the stream from the id the previous page kept, and the hub's replay refetches it.
import { describe, expect, it } from 'vitest'
import { openDemo, readPersistedRecords, uniqueName, waitForList, waitForStreamState } from './helpers/demoPage'
import { useDemoSuite } from './helpers/demoSuite'

const suite = useDemoSuite()

const projectNames = async () => (await suite.api.projects('o1')).map((project) => project.name)

describe('resuming the stream on the next page load in Chromium', () => {
  it('shows a project created while no tab was open, although the restored list was fresh', async () => {
    const context = await suite.browser.newContext()
    const first = await openDemo(context, suite.server.url, '?jitter=0')
    await waitForStreamState(first, 'open')
    const before = await projectNames()
    await waitForList(first, before)
    await expect
      .poll(async () => (await readPersistedRecords(first)).some((record) => record.value.includes('"list","o1"')))
      .toBe(true)
    const keptId = await first.evaluate(() =>
      Object.keys(localStorage).some((key) => key.endsWith(':last-event-id') && localStorage.getItem(key)),
    )
    expect(keptId).toBe(true)
    await first.close()

    const name = uniqueName('Created while no tab was open')
    await suite.api.createProject('o1', name)

    const second = await openDemo(context, suite.server.url, '?jitter=0')
    await waitForList(second, [...before, name])
    await context.close()
  })
})
