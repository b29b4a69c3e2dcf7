// Group case discussion and hypotheses in the browser, with JavaScript on:
// a social worker plans the unit's weekly meeting from its caseload, records
// a family's discussion with an owned action, writes and revisits a
// hypothesis, marks an action done, and records a cancelled meeting with
// its reason; the team manager signs off the decisions.
// axe-core checks every page on the way.
//
// Run from the repo root: node --test tests/browser/practice_unit.test.mjs

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

async function waitFor (driver, text, ms = 10_000) {
  await driver.wait(async () => (await driver.getPageSource()).includes(text), ms)
}

async function clickButton (driver, text) {
  await driver.findElement(By.xpath(`//button[normalize-space()='${text}']`)).click()
}

async function type (driver, id, text) {
  const el = await driver.findElement(By.id(id))
  await el.clear()
  await el.sendKeys(text)
}

/** The path of the demo social worker's unit, and one of its families. */
async function demoUnit (driver) {
  await open(driver, '/')
  const fam = await driver.findElement(By.css('a[href^="/families/"]:not([href="/families/new"])'))
  const familyPath = new URL(await fam.getAttribute('href'), server.baseUrl).pathname
  await open(driver, familyPath)
  const unit = await driver.findElement(By.css('a[href^="/units/"]'))
  const unitPath = new URL(await unit.getAttribute('href'), server.baseUrl).pathname
  return { familyPath, unitPath }
}

test('a unit plans its meeting, records a discussion and a hypothesis; the manager signs off', async () => {
  const driver = await newDriver({ baseUrl: server.baseUrl })
  const decision = `Offer a family group conference ${Date.now()}`
  let unitPath
  try {
    await signIn(driver, 'social.worker')
    const found = await demoUnit(driver)
    unitPath = found.unitPath
    await open(driver, unitPath)
    assert.match(await driver.findElement(By.css('h1')).getText(), /unit/)
    await waitFor(driver, 'Caseload')
    await checkAxe(driver, 'unit page')

    // Plan this week's meeting: the agenda comes ticked from the caseload.
    await driver.findElement(By.linkText('Plan or record a unit meeting')).click()
    await driver.wait(async () => (await currentPath(driver)).endsWith('/meetings/new'), 10_000)
    await checkAxe(driver, 'meeting form')
    const agenda = await driver.findElements(By.css('input[name="agenda"]'))
    assert.ok(agenda.length > 0, 'the caseload is offered')
    if ((await driver.findElements(By.css('input[name="agenda"]:checked'))).length === 0) {
      await agenda[0].click()
    }
    await clickButton(driver, 'Save the meeting')
    await driver.wait(async () => /\/meetings\/[0-9a-f-]{36}$/.test(await currentPath(driver)), 10_000)
    const meetingPath = await currentPath(driver)
    await checkAxe(driver, 'meeting page')

    // Record the first family's discussion with an action.
    await driver.findElement(By.partialLinkText('Record the discussion')).click()
    await driver.wait(async () => (await currentPath(driver)).includes('/discussions/'), 10_000)
    await checkAxe(driver, 'discussion form')
    await clickButton(driver, 'Save the discussion')
    await waitFor(driver, 'There is a problem')
    await checkAxe(driver, 'discussion form with errors')
    await type(driver, 'decisions', decision)
    await type(driver, 'action-0-what', 'Book the conference with the coordinator')
    const owner = await driver.findElement(By.id('action-0-owner'))
    const options = await owner.findElements(By.css('option'))
    await options[1].click()
    await type(driver, 'action-0-due-day', '1')
    await type(driver, 'action-0-due-month', '1')
    await type(driver, 'action-0-due-year', '2020')
    await clickButton(driver, 'Save the discussion')
    await driver.wait(async () => (await currentPath(driver)) === meetingPath, 10_000)
    await waitFor(driver, decision)
    await waitFor(driver, 'Awaiting management sign-off')
    await checkAxe(driver, 'meeting page with a discussion')

    // The family's discussions: the overdue action, marked done.
    const familyLink = await driver.findElement(By.xpath(`//p[contains(., '${decision}')]/ancestor::div[contains(@class,'govuk-summary-card')]//h3//a`))
    const familyPath = new URL(await familyLink.getAttribute('href'), server.baseUrl).pathname
    await open(driver, `${familyPath}/discussions`)
    await waitFor(driver, 'Book the conference with the coordinator')
    await checkAxe(driver, 'family discussions')
    const row = await driver.findElement(By.xpath("//tr[contains(., 'Book the conference with the coordinator')]"))
    await row.findElement(By.css('button')).click()
    await waitFor(driver, 'The action was marked done')
    await checkAxe(driver, 'family discussions after marking done')

    // A hypothesis written and revisited; its history shown.
    await open(driver, `${familyPath}/hypotheses`)
    await checkAxe(driver, 'hypotheses')
    await driver.findElement(By.linkText('Write a hypothesis')).click()
    await driver.wait(async () => (await currentPath(driver)).endsWith('/hypotheses/new'), 10_000)
    await checkAxe(driver, 'hypothesis form')
    const statement = `Bedtimes slip when Dad works nights ${Date.now()}`
    await type(driver, 'statement', statement)
    await type(driver, 'held_by', 'The unit')
    await type(driver, 'evidence_for', 'School notice tiredness on Mondays')
    await clickButton(driver, 'Save hypothesis')
    await driver.wait(async () => (await currentPath(driver)).endsWith('/hypotheses'), 10_000)
    await waitFor(driver, statement)
    const card = await driver.findElement(By.xpath(`//h2[normalize-space()='${statement}']/ancestor::div[contains(@class,'govuk-summary-card')]`))
    await card.findElement(By.partialLinkText('Revisit')).click()
    await driver.wait(async () => (await currentPath(driver)).endsWith('/revisit'), 10_000)
    await checkAxe(driver, 'revisit form')
    await type(driver, 'note', 'Mum kept a sleep diary: it fits')
    await driver.findElement(By.css('input[name="status"][value="supported"]')).click()
    await clickButton(driver, 'Save the revisit')
    await driver.wait(async () => (await currentPath(driver)).endsWith('/hypotheses'), 10_000)
    await waitFor(driver, 'Mum kept a sleep diary: it fits')
    const mine = await driver.findElement(By.xpath(`//h2[normalize-space()='${statement}']/ancestor::div[contains(@class,'govuk-summary-card')]`))
    assert.match(await mine.getText(), /Supported by the evidence/)
    await mine.findElement(By.css('summary')).click()
    await checkAxe(driver, 'hypotheses with history open')
    await checkNoCspErrors(driver)
  } finally {
    await quitDriver(driver)
  }

  // The team manager signs off the decisions from the unit's page.
  const manager = await newDriver({ baseUrl: server.baseUrl })
  try {
    await signIn(manager, 'team.manager')
    await open(manager, unitPath)
    await waitFor(manager, 'Decisions awaiting sign-off')
    await checkAxe(manager, 'unit page for the manager')
    await manager.findElement(By.partialLinkText('Sign off the discussion of')).click()
    await manager.wait(async () => (await currentPath(manager)).endsWith('/sign-off'), 10_000)
    await checkAxe(manager, 'sign-off form')
    await type(manager, 'note', 'Agreed; bring back in four weeks')
    await clickButton(manager, 'Sign off')
    await waitFor(manager, 'The decisions were signed off')
    await checkAxe(manager, 'discussions after sign-off')
    await checkNoCspErrors(manager)
  } finally {
    await quitDriver(manager)
  }
})

test('a cancelled meeting is recorded with its reason', async () => {
  const driver = await newDriver({ baseUrl: server.baseUrl })
  try {
    await signIn(driver, 'social.worker')
    const { unitPath } = await demoUnit(driver)
    await open(driver, `${unitPath}/meetings/new`)
    await driver.findElement(By.css('input[name="went_ahead"][value="no"]')).click()
    await clickButton(driver, 'Save the meeting')
    await waitFor(driver, 'Give the reason the meeting was cancelled')
    await checkAxe(driver, 'meeting form, cancelled without a reason')
    await driver.findElement(By.id('reason')).sendKeys('Court hearing for two unit members')
    await clickButton(driver, 'Save the meeting')
    await driver.wait(async () => /\/meetings\/[0-9a-f-]{36}$/.test(await currentPath(driver)), 10_000)
    await waitFor(driver, 'Court hearing for two unit members')
    assert.equal((await driver.findElements(By.partialLinkText('Record the discussion'))).length, 0)
    await checkAxe(driver, 'cancelled meeting')
    await checkNoCspErrors(driver)
  } finally {
    await quitDriver(driver)
  }
})
