// A server restart under open tabs: the stream reconnects, and the pages show both what changed while
// the server was down and what was written right after it came back.
import { readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { StoreSnapshot } from '../../examples/demo/api/store'
import { uniqueName, waitForList, waitForStreamState, waitForText } from './helpers/demoPage'
import { useDemoSuite } from './helpers/demoSuite'

const suite = useDemoSuite()

const currentNames = async () => (await suite.api.projects('o1')).map((project) => project.name)

describe('a server restart in Chromium', () => {
  it('reconnects the tabs and shows data changed while the server was down and written right after', async () => {
    const context = await suite.browser.newContext()
    const tabs = await suite.openTabs(context, 2)
    await suite.api.createProject('o1', uniqueName('Before the restart'))
    const before = await currentNames()
    await Promise.all(tabs.map((page) => waitForList(page, before)))
    // Every tab shows a project's time entries too.
    const [selected] = await suite.api.projects('o1')
    for (const page of tabs) await page.getByRole('button', { name: selected!.name, exact: true }).click()
    await Promise.all(tabs.map((page) => page.getByTestId('project-name').waitFor()))

    await suite.server.kill()
    await Promise.all(tabs.map((page) => waitForStreamState(page, 'reconnecting')))
    // Another writer changes the data while this server is down.
    const data = JSON.parse(readFileSync(suite.server.dataFile, 'utf8')) as StoreSnapshot
    const renamed = data.projects.find((project) => project.orgId === 'o1' && project.id !== selected!.id)
    renamed!.name = uniqueName('Renamed while down')
    data.projects.push({ id: 'p-while-down', orgId: 'o1', name: uniqueName('Added while down'), updatedAt: Date.now() })
    writeFileSync(suite.server.dataFile, JSON.stringify(data))

    await suite.server.restart()
    // Made as soon as the server answers, usually before the tabs are back (they back off with jitter):
    // it must show either way.
    const note = uniqueName('Logged right after the restart')
    await suite.api.addTimeEntry(selected!.id, 77, note)
    const after = await currentNames()
    expect(after).toHaveLength(before.length + 1)
    expect(after).toContain(renamed!.name)

    // The projects list changed only while the server was down: no live event ever named it.
    await Promise.all(tabs.map((page) => waitForList(page, after)))
    await Promise.all(tabs.map((page) => waitForText(page, [note])))
    await Promise.all(tabs.map((page) => waitForStreamState(page, 'open')))
    await expect.poll(async () => (await suite.api.hubStats()).connections).toBe(1)
    expect(suite.browser.pageErrors()).toEqual([])
  })
})
