// Write-behind in a real browser: durable writes made offline in two tabs survive a reload of both and
// reach the server once each, in order, from one tab; a refused write rolls back and waits for Retry or
// Discard; logging out with writes pending leaves nothing on disk and sends nothing.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { openDemo, uniqueName } from './helpers/demoPage'
import { useDemoSuite } from './helpers/demoSuite'
import {
  failedWrites,
  readAllIndexedDB,
  setDemoOffline,
  waitForDemoOffline,
  waitForPending,
} from './helpers/outboxPage'

const suite = useDemoSuite()

/** Opens a project's detail from the list (needs the API, or the detail in the cache). */
async function selectProject(page: Page, name: string): Promise<void> {
  await page.getByTestId('project-list').getByRole('button', { name, exact: true }).click()
  await page.getByTestId('project-name').waitFor()
}

async function rename(page: Page, name: string): Promise<void> {
  await page.getByLabel('Rename project').fill(name)
  await page.getByRole('button', { name: 'Rename', exact: true }).click()
}

const projectName = (page: Page) => page.getByTestId('project-name').locator('strong').textContent()

/** Writes the server received since `from` (its write log is in order of arrival). */
async function writesSince(from: number) {
  return (await suite.api.stats()).writes.slice(from)
}

describe('the mutation outbox in Chromium', () => {
  it('sends three writes made offline in two tabs once each, in order, from one tab, after both reloaded', async () => {
    const context = await suite.browser.newContext()
    const [first, second] = (await suite.openTabs(context, 2)) as [Page, Page]
    const projects = await suite.api.projects('o1')
    const [p1, p2] = projects as [(typeof projects)[0], (typeof projects)[0]]
    await selectProject(first, p1.name)
    await selectProject(second, p2.name)
    const before = (await suite.api.stats()).writes.length

    await setDemoOffline(first, true)
    await waitForDemoOffline(second, true)
    await context.setOffline(true)
    const names = [uniqueName('first'), uniqueName('second'), uniqueName('third')]
    await rename(first, names[0]!)
    await waitForPending(second, 1)
    await rename(second, names[1]!)
    await waitForPending(first, 2)
    await rename(first, names[2]!)
    await Promise.all([waitForPending(first, 3), waitForPending(second, 3)])
    expect(await projectName(first)).toBe(names[2])

    // The page loads again (the server is reachable), but the switch keeps the app offline.
    await context.setOffline(false)
    await Promise.all([first.reload(), second.reload()])
    await Promise.all([waitForPending(first, 3), waitForPending(second, 3)])
    expect(await writesSince(before)).toEqual([])

    await setDemoOffline(second, false)
    await expect.poll(async () => (await writesSince(before)).length, { timeout: 30_000 }).toBe(3)
    await Promise.all([waitForPending(first, 0), waitForPending(second, 0)])
    // Settled: nothing more arrives (a second replaying tab would send the writes again).
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    const writes = await writesSince(before)
    expect(writes.map(({ method, path, status, replayed }) => ({ method, path, status, replayed }))).toEqual([
      { method: 'PATCH', path: `/api/projects/${p1.id}`, status: 200, replayed: false },
      { method: 'PATCH', path: `/api/projects/${p2.id}`, status: 200, replayed: false },
      { method: 'PATCH', path: `/api/projects/${p1.id}`, status: 200, replayed: false },
    ])
    expect(new Set(writes.map((write) => write.key)).size).toBe(3)
    expect(writes.every((write) => write.key !== null)).toBe(true)
    expect(new Set(writes.map((write) => write.tab)).size).toBe(1)
    const server = await suite.api.projects('o1')
    expect(server.find((project) => project.id === p1.id)?.name).toBe(names[2])
    expect(server.find((project) => project.id === p2.id)?.name).toBe(names[1])
    expect(suite.browser.pageErrors()).toEqual([])
  })

  it('rolls a refused write back and lists it as failed; Retry sends it, Discard drops it', async () => {
    const context = await suite.browser.newContext()
    const page = await openDemo(context, suite.server.url)
    const [project] = await suite.api.projects('o1')
    await selectProject(page, project!.name)
    const original = project!.name

    await suite.api.control({ refuseWrites: 1 })
    const refused = uniqueName('refused')
    await rename(page, refused)
    await expect.poll(() => failedWrites(page), { timeout: 30_000 }).toHaveLength(1)
    await expect.poll(() => projectName(page)).toBe(original)
    await waitForPending(page, 0)

    await page.locator('[data-testid="outbox-failed"] li').getByRole('button', { name: 'Retry' }).click()
    await expect.poll(() => projectName(page), { timeout: 30_000 }).toBe(refused)
    await expect.poll(() => failedWrites(page)).toEqual([])
    // The retried write shows at once (its optimistic layer) and reaches the server when its send ends.
    await waitForPending(page, 0)
    await expect
      .poll(async () => (await suite.api.projects('o1')).find((candidate) => candidate.id === project!.id)?.name, {
        timeout: 30_000,
      })
      .toBe(refused)

    await suite.api.control({ refuseWrites: 1 })
    const dropped = uniqueName('dropped')
    await rename(page, dropped)
    await expect.poll(() => failedWrites(page), { timeout: 30_000 }).toHaveLength(1)
    await page.locator('[data-testid="outbox-failed"] li').getByRole('button', { name: 'Discard' }).click()
    await expect.poll(() => failedWrites(page)).toEqual([])
    expect(await projectName(page)).toBe(refused)
    expect((await suite.api.projects('o1')).find((candidate) => candidate.id === project!.id)?.name).toBe(refused)
    expect(suite.browser.pageErrors()).toEqual([])
  })

  it('resends a write whose tab closed mid-send with the same key, and the API applies it once', async () => {
    const context = await suite.browser.newContext()
    const first = await openDemo(context, suite.server.url)
    const created = uniqueName('crashed')
    await suite.api.control({ delayMs: 1_500 })
    const sent = first.waitForRequest(
      (request) => request.method() === 'POST' && request.url().endsWith('/api/projects'),
    )
    await first.getByLabel('New project name').fill(created)
    await first.getByRole('button', { name: 'Create', exact: true }).click()
    await sent
    // The tab dies while its write is on the wire: the record stays on disk, the answer reaches nobody.
    await first.close()
    await suite.api.control({ delayMs: 0 })

    const second = await openDemo(context, suite.server.url)
    await waitForPending(second, 0)
    await expect
      .poll(async () => (await suite.api.stats()).writes.filter((write) => write.path === '/api/projects'), {
        timeout: 30_000,
      })
      .toHaveLength(2)
    const attempts = (await suite.api.stats()).writes.filter((write) => write.path === '/api/projects')
    expect(attempts[0]!.key).not.toBeNull()
    // Both carry the record's key; the API applied the first and gave its answer to the resend (the two
    // answers may be logged in either order: the resend waited for the first to finish).
    expect(attempts.map(({ key }) => key)).toEqual([attempts[0]!.key, attempts[0]!.key])
    expect(attempts.map(({ replayed }) => replayed).sort()).toEqual([false, true])
    expect((await suite.api.projects('o1')).filter((project) => project.name === created)).toHaveLength(1)
    expect(suite.browser.pageErrors()).toEqual([])
  })

  it('leaves nothing in IndexedDB and sends nothing when the user logs out with writes pending', async () => {
    const context = await suite.browser.newContext()
    const [first, second] = (await suite.openTabs(context, 2)) as [Page, Page]
    const [project] = await suite.api.projects('o1')
    await selectProject(first, project!.name)
    const before = (await suite.api.stats()).writes.length

    await setDemoOffline(first, true)
    await waitForDemoOffline(second, true)
    const pending = uniqueName('never sent')
    await rename(first, pending)
    await Promise.all([waitForPending(first, 1), waitForPending(second, 1)])
    await expect
      .poll(async () => (await readAllIndexedDB(first)).some((record) => record.text.includes(pending)))
      .toBe(true)

    await first.getByRole('button', { name: 'Log out' }).click()
    await Promise.all([first, second].map((page) => page.getByTestId('signed-out').waitFor()))
    await expect
      .poll(async () => (await readAllIndexedDB(second)).filter((record) => record.text.includes(pending)))
      .toEqual([])

    await setDemoOfflineSignedOut(first, false)
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    expect(await writesSince(before)).toEqual([])
    expect((await readAllIndexedDB(first)).filter((record) => record.text.includes(pending))).toEqual([])
    expect(suite.browser.pageErrors()).toEqual([])
  })
})

/** The signed-out screen has no switch: the stored switch is cleared the way the page reads it. */
async function setDemoOfflineSignedOut(page: Page, offline: boolean): Promise<void> {
  await page.evaluate((value) => {
    if (value) localStorage.setItem('demo-offline', '1')
    else localStorage.removeItem('demo-offline')
  }, offline)
}
