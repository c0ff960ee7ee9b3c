// Tabs of one browser share one stream connection: every tab hears every event, and closing the
// leader hands the connection to another tab without losing events published meanwhile.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { streamStatus, uniqueName, waitForList } from './helpers/demoPage'
import { useDemoSuite } from './helpers/demoSuite'

const suite = useDemoSuite()

async function roles(pages: ReadonlyArray<Page>): Promise<Array<string>> {
  return Promise.all(pages.map(async (page) => (await streamStatus(page)).role))
}

/** Renames the first o1 project through the API and waits until every tab lists the new name. */
async function expectEveryTabToHearAWrite(pages: ReadonlyArray<Page>): Promise<void> {
  const [project] = await suite.api.projects('o1')
  await suite.api.renameProject(project!.id, uniqueName('Heard by every tab'))
  const names = (await suite.api.projects('o1')).map((entry) => entry.name)
  await Promise.all(pages.map((page) => waitForList(page, names)))
}

declare global {
  interface Window {
    e2eLeadingSince?: number
  }
}

describe('tabs sharing the stream in Chromium', () => {
  it('holds one connection for two and then five tabs, and every tab hears every event', async () => {
    const context = await suite.browser.newContext()
    const tabs = await suite.openTabs(context, 2)
    expect((await roles(tabs)).sort()).toEqual(['follower', 'leader'])
    await expect.poll(async () => (await suite.api.hubStats()).connections).toBe(1)
    await expectEveryTabToHearAWrite(tabs)

    tabs.push(...(await suite.openTabs(context, 3)))
    expect((await roles(tabs)).sort()).toEqual(['follower', 'follower', 'follower', 'follower', 'leader'])
    await expect.poll(async () => (await suite.api.hubStats()).connections).toBe(1)
    await expectEveryTabToHearAWrite(tabs)
    expect((await suite.api.hubStats()).connections).toBe(1)
    expect(suite.browser.pageErrors()).toEqual([])
  })

  it('hands the stream to another tab when the leader closes, with events published meanwhile reaching every tab', async () => {
    const context = await suite.browser.newContext()
    const tabs = await suite.openTabs(context, 5)
    await expect.poll(async () => (await suite.api.hubStats()).connections).toBe(1)
    const leaderAt = (await roles(tabs)).indexOf('leader')
    const [leader] = tabs.splice(leaderAt, 1)

    // Each tab notes (epoch ms) when it becomes the leader with an open stream.
    await Promise.all(
      tabs.map((page) =>
        page.evaluate(() => {
          const badge = document.querySelector<HTMLElement>('[data-testid="stream-status"]')!
          new MutationObserver(() => {
            if (badge.dataset.role === 'leader' && badge.dataset.state === 'open') window.e2eLeadingSince ??= Date.now()
          }).observe(badge, { attributes: true })
        }),
      ),
    )

    // Writes keep coming every few milliseconds while the leader goes (not waiting for one another, so a
    // slow answer leaves no hole); each notes when it was sent (epoch ms).
    const writes: Array<{ name: string; at: number }> = []
    const sending: Array<Promise<unknown>> = []
    const writer = setInterval(() => {
      const write = { name: uniqueName(`During hand-over ${writes.length}`), at: Date.now() }
      writes.push(write)
      sending.push(suite.api.createProject('o1', write.name))
    }, 5)
    let closedAt = 0
    let leadingSince = 0
    try {
      await expect.poll(() => writes.length).toBeGreaterThanOrEqual(2)
      closedAt = Date.now()
      await leader!.close()
      const since = await Promise.any(tabs.map((page) => page.waitForFunction(() => window.e2eLeadingSince)))
      leadingSince = (await since.jsonValue()) as number
      // No write after this point: a lost write of the gap could not be covered by a later one.
    } finally {
      clearInterval(writer)
      await Promise.all(sending)
    }

    const names = (await suite.api.projects('o1')).map((entry) => entry.name)
    await Promise.all(tabs.map((page) => waitForList(page, names)))
    await expect.poll(async () => (await roles(tabs)).sort()).toEqual(['follower', 'follower', 'follower', 'leader'])
    await expect.poll(async () => (await suite.api.hubStats()).connections).toBe(1)
    // Every remaining tab has followed the stream to its last event.
    const { published } = await suite.api.hubStats()
    const lastIds = await Promise.all(tabs.map(async (page) => (await streamStatus(page)).lastEventId))
    expect(lastIds.map((id) => id?.split('.')[1])).toEqual(tabs.map(() => String(published)))
    const duringHandOver = writes.filter((write) => write.at >= closedAt && write.at <= leadingSince).length
    console.log(
      `hand-over: ${leadingSince - closedAt} ms from closing the leader until another tab's stream was open; ` +
        `${duringHandOver} of ${writes.length} writes sent meanwhile`,
    )
    expect(duringHandOver).toBeGreaterThan(0)
    expect(suite.browser.pageErrors()).toEqual([])
  })
})
