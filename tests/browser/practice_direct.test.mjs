// Skilled direct work, intensity and consistency in the browser, with
// JavaScript on: a social worker hands a task to the practice assistant,
// sets a child's visit frequency and records their time; the practice
// assistant marks the task done from "My work"; the team manager sees the
// team's caseloads and direct-work share. axe-core checks every page.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import {
  By,
  checkAxe,
  checkNoCspErrors,
  currentPath,
  newDriver,
  open,
  quitDriver,
  signIn,
  startServer
} from './lib.mjs'

let server

before(async () => {
  server = await startServer()
})

after(async () => {
  if (server) await server.stop()
})

/** The main text; '' while a form's next page is still replacing it. */
async function pageText (driver) {
  try {
    return await driver.findElement(By.css('main')).getText()
  } catch (e) {
    // The page was replaced while it was read: Chrome says so in several
    // ways (a stale element, a missing one, or a node no longer in the
    // document), all of which mean "not loaded yet".
    const replaced = e.name === 'StaleElementReferenceError' ||
      e.name === 'NoSuchElementError' ||
      /does not belong to the document|stale element|no such element/i.test(String(e.message))
    if (replaced) return ''
    throw e
  }
}

async function type (driver, id, text) {
  const el = await driver.findElement(By.id(id))
  await el.clear()
  await el.sendKeys(text)
}

async function choose (driver, id, labelPart) {
  const options = await driver.findElements(By.css(`#${id} option`))
  for (const o of options) {
    if ((await o.getText()).includes(labelPart)) {
      await o.click()
      return (await o.getText())
    }
  }
  throw new Error(`no option containing "${labelPart}" in #${id}`)
}

async function submit (driver, text) {
  await driver.findElement(By.xpath(`//button[normalize-space()='${text}']`)).click()
}

test('a task is handed over and done, a visit plan set and time recorded', async () => {
  const title = `Take the children to the dentist ${Date.now()}`
  const tomorrow = new Date(Date.now() + 86_400_000)
  let familyPath
  const sw = await newDriver({ baseUrl: server.baseUrl })
  try {
    await signIn(sw, 'social.worker')
    // The first child on the caseload: visits due from their plan.
    const child = await sw.findElement(By.css('table.govuk-table a[href^="/people/"]'))
    const childPath = new URL(await child.getAttribute('href'), server.baseUrl).pathname
    await open(sw, childPath)
    const childText = await pageText(sw)
    assert.match(childText, /Next visit due/)
    assert.match(childText, /lead practitioners? in all/)
    await checkAxe(sw, 'the child page')
    const family = await sw.findElement(By.css('ul.hearth-actions a[href^="/families/"]'))
    familyPath = new URL(await family.getAttribute('href'), server.baseUrl).pathname

    // Hand a task to the practice assistant.
    await open(sw, `${familyPath}/tasks`)
    await checkAxe(sw, 'the tasks page')
    await sw.findElement(By.linkText('Hand over a task')).click()
    await sw.wait(async () => (await currentPath(sw)) === `${familyPath}/tasks/new`, 10_000)
    await checkAxe(sw, 'the new task form')
    // Saved with nothing filled in: errors, and axe on the error page.
    await submit(sw, 'Hand over the task')
    await sw.wait(async () => (await pageText(sw)).includes('There is a problem'), 10_000)
    await checkAxe(sw, 'the task form with errors')
    await choose(sw, 'kind', 'Transport')
    await type(sw, 'title', title)
    await type(sw, 'detail', 'Appointment at 3.30pm; Mum will meet you there')
    await choose(sw, 'owner', 'Practice assistant')
    await type(sw, 'due-day', String(tomorrow.getUTCDate()))
    await type(sw, 'due-month', String(tomorrow.getUTCMonth() + 1))
    await type(sw, 'due-year', String(tomorrow.getUTCFullYear()))
    await submit(sw, 'Hand over the task')
    await sw.wait(async () => (await currentPath(sw)) === `${familyPath}/tasks`, 10_000)
    assert.ok((await pageText(sw)).includes(title), 'the task is listed')
    await checkAxe(sw, 'the tasks page with the new task')

    // Set a child's visit frequency.
    await open(sw, `${familyPath}/visit-plans`)
    await checkAxe(sw, 'the visit plans page')
    await sw.findElement(By.css('a[href*="/visit-plans/new?child="]')).click()
    await sw.wait(async () => (await currentPath(sw)) === `${familyPath}/visit-plans/new`, 10_000)
    await checkAxe(sw, 'the visit plan form')
    await type(sw, 'every', '7')
    await type(sw, 'reason', 'Agreed at the core group: seen every seven working days')
    await submit(sw, 'Save visit plan')
    await sw.wait(async () => (await currentPath(sw)) === `${familyPath}/visit-plans`, 10_000)
    assert.match(await pageText(sw), /Every 7 working days/)
    await checkAxe(sw, 'the visit plans page after saving')

    // Record a day's time.
    await open(sw, '/my-time')
    await checkAxe(sw, 'my time')
    await type(sw, 'direct_work-minutes', '150')
    await type(sw, 'recording-minutes', '90')
    await type(sw, 'travel-minutes', '60')
    await submit(sw, 'Record time')
    await sw.wait(async () => (await pageText(sw)).includes('Your time has been recorded'), 10_000)
    assert.ok((await sw.findElements(By.css('svg.hearth-chart'))).length === 1, 'the chart is drawn')
    assert.match(await pageText(sw), /from 34% to 58%/)
    await checkAxe(sw, 'my time after recording')
    await checkNoCspErrors(sw)
  } finally {
    await quitDriver(sw)
  }

  // The practice assistant sees it on "My work" and marks it done.
  const pa = await newDriver({ baseUrl: server.baseUrl })
  try {
    await signIn(pa, 'practice.assistant')
    assert.ok((await pageText(pa)).includes(title), 'the task is on the owner\'s My work')
    await checkAxe(pa, 'the practice assistant\'s My work')
    const row = await pa.findElement(By.xpath(`//tr[.//strong[normalize-space()='${title}']]`))
    await row.findElement(By.partialLinkText('Mark done')).click()
    await pa.wait(async () => (await currentPath(pa)).endsWith('/done'), 10_000)
    await checkAxe(pa, 'the mark done form')
    await type(pa, 'outcome', 'Both children seen; a follow-up is booked')
    await submit(pa, 'Mark done')
    await pa.wait(async () => (await currentPath(pa)) === `${familyPath}/tasks`, 10_000)
    assert.ok((await pageText(pa)).includes('Both children seen; a follow-up is booked'))
    await checkAxe(pa, 'the tasks page with the task done')
    await checkNoCspErrors(pa)
  } finally {
    await quitDriver(pa)
  }

  // The team manager's team page: caseloads and direct work.
  const manager = await newDriver({ baseUrl: server.baseUrl })
  try {
    await signIn(manager, 'team.manager')
    const team = await manager.findElement(By.css('a[href^="/teams/"]'))
    await team.click()
    await manager.wait(async () => (await currentPath(manager)).startsWith('/teams/'), 10_000)
    assert.match(await pageText(manager), /Direct work/)
    await checkAxe(manager, 'the team page')
    await checkNoCspErrors(manager)
  } finally {
    await quitDriver(manager)
  }
})
