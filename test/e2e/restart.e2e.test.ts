// A server restart under open tabs: the stream reconnects, and the pages show both what changed while
// the server was down and what was written right after it came back.
import { readFileSync, writeFileSync } from 'node:fs'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { StoreSnapshot } from '../../examples/demo/api/store'
import { launchBrowser } from './helpers/browser'
import type { E2EBrowser } from './helpers/browser'
import { demoApi, openDemo, uniqueName, waitForList, waitForStreamState, waitForText } from './helpers/demoPage'
import type { DemoApi } from './helpers/demoPage'
import { startDemoServer } from './helpers/demoServer'
import type { DemoServer } from './helpers/demoServer'

let server: DemoServer
let browser: E2EBrowser
let api: DemoApi

beforeAll(async () => {
  server = await startDemoServer()
  api = demoApi(server.url)
  browser = await launchBrowser()
})

afterEach(async ({ task }) => {
  await browser.finishTest(task)
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

async function openTabs(context: BrowserContext, count: number): Promise<Array<Page>> {
  const pages: Array<Page> = []
  for (let index = 0; index < count; index++) {
    const page = await openDemo(context, server.url, '?jitter=0')
    await waitForStreamState(page, 'open')
    pages.push(page)
  }
  return pages
}

const currentNames = async () => (await api.projects('o1')).map((project) => project.name)

describe('a server restart in Chromium', () => {
  it('reconnects the tabs and shows data changed while the server was down and written right after', async () => {
    const context = await browser.newContext()
    const tabs = await openTabs(context, 2)
    await api.createProject('o1', uniqueName('Before the restart'))
    const before = await currentNames()
    await Promise.all(tabs.map((page) => waitForList(page, before)))
    // Every tab shows a project's time entries too.
    const [selected] = await api.projects('o1')
    for (const page of tabs) await page.getByRole('button', { name: selected!.name, exact: true }).click()
    await Promise.all(tabs.map((page) => page.getByTestId('project-name').waitFor()))

    await server.kill()
    await Promise.all(tabs.map((page) => waitForStreamState(page, 'reconnecting')))
    // Another writer changes the data while this server is down.
    const data = JSON.parse(readFileSync(server.dataFile, 'utf8')) as StoreSnapshot
    const renamed = data.projects.find((project) => project.orgId === 'o1' && project.id !== selected!.id)
    renamed!.name = uniqueName('Renamed while down')
    data.projects.push({ id: 'p-while-down', orgId: 'o1', name: uniqueName('Added while down'), updatedAt: Date.now() })
    writeFileSync(server.dataFile, JSON.stringify(data))

    await server.restart()
    // Made as soon as the server answers, usually before the tabs are back (they back off with jitter):
    // it must show either way.
    const note = uniqueName('Logged right after the restart')
    await api.addTimeEntry(selected!.id, 77, note)
    const after = await currentNames()
    expect(after).toHaveLength(before.length + 1)
    expect(after).toContain(renamed!.name)

    // The projects list changed only while the server was down: no live event ever named it.
    await Promise.all(tabs.map((page) => waitForList(page, after)))
    await Promise.all(tabs.map((page) => waitForText(page, [note])))
    await Promise.all(tabs.map((page) => waitForStreamState(page, 'open')))
    await expect.poll(async () => (await api.hubStats()).connections).toBe(1)
    expect(browser.pageErrors()).toEqual([])
  })
})
