// Hearth browser journeys: user journeys driven end to end through the real
// pages (sign in, find a child, record a visit, ...). Helpers are in lib.mjs;
// run with `node --test --test-concurrency=1 tests/browser/*.test.mjs` from
// the repo root (scripts/test does).
//
// ===========================================================================
// JOURNEY TESTS GO HERE. Pattern:
//
//   test('a social worker records a visit', async () => {
//     const driver = await newDriver({ baseUrl: server.baseUrl })
//     try {
//       await signIn(driver, 'social.worker')
//       await open(driver, '/search')
//       ...
//       await checkAxe(driver)           // after each significant step
//       await checkNoCspErrors(driver)
//     } finally {
//       await quitDriver(driver)
//     }
//   })
// ===========================================================================

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {
  By,
  Key,
  checkAxe,
  checkNoCspErrors,
  clickWhenReady,
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

test('sign in, then sign out with the keyboard', async () => {
  const driver = await newDriver({ baseUrl: server.baseUrl })
  try {
    await signIn(driver, 'social.worker')
    assert.notEqual(await currentPath(driver), '/sign-in')
    await checkAxe(driver)
    await checkNoCspErrors(driver)

    // The Sign out control is a POST form's button: reach it and press Enter.
    const button = await driver.findElement(By.css('form[action="/sign-out"] button'))
    await driver.executeScript('arguments[0].focus()', button)
    const focused = await driver.switchTo().activeElement()
    assert.equal(await focused.getText(), 'Sign out')
    await focused.sendKeys(Key.ENTER)

    // Signed out: protected pages lead back to the sign-in form.
    await driver.wait(async () => (await driver.findElements(By.css('form[action="/sign-out"]'))).length === 0, 10_000)
    await open(driver, '/')
    await driver.wait(async () => (await driver.findElements(By.id('username'))).length > 0, 10_000)
    await checkNoCspErrors(driver)
  } finally {
    await quitDriver(driver)
  }
})

test('a social worker records a visit and sees it in the chronology; a manager sees who viewed the record', async () => {
  const driver = await newDriver({ baseUrl: server.baseUrl })
  const title = `Home visit ${Date.now()}`
  let personPath
  try {
    await signIn(driver, 'social.worker')
    await checkAxe(driver)
    // My caseload: open the first child.
    const child = await driver.findElement(By.css('table.govuk-table a[href^="/people/"]'))
    personPath = new URL(await child.getAttribute('href'), server.baseUrl).pathname
    await child.click()
    await driver.wait(async () => (await currentPath(driver)) === personPath, 10_000)
    await checkAxe(driver)

    // Start a visit draft, fill it in, save it, then finalise it.
    await driver.findElement(By.xpath("//button[normalize-space()='Record a visit']")).click()
    await driver.wait(async () => (await currentPath(driver)).startsWith('/drafts/'), 10_000)
    await checkAxe(driver)
    const titleInput = await driver.findElement(By.id('title'))
    await titleInput.clear()
    await titleInput.sendKeys(title)
    await driver.findElement(By.id('seen')).click()
    await driver.findElement(By.id('direct_work_minutes')).sendKeys('45')
    await driver.findElement(By.id('body')).sendKeys('Saw the children at home; they showed me their drawings.')
    await driver.findElement(By.id('childs_words')).sendKeys('I like it when we go to the park.')
    await driver.findElement(By.xpath("//button[normalize-space()='Save draft']")).click()
    await driver.wait(async () => (await driver.getPageSource()).includes('Your draft has been saved'), 10_000)
    assert.equal(await driver.findElement(By.id('title')).getAttribute('value'), title)
    await checkAxe(driver)
    await driver.findElement(By.xpath("//button[normalize-space()='Finalise record']")).click()
    await driver.wait(async () => (await currentPath(driver)).startsWith('/records/'), 10_000)
    assert.match(await driver.findElement(By.css('h1')).getText(), new RegExp(title))
    await checkAxe(driver)

    // The visit is in the child's chronology.
    await open(driver, `${personPath}/chronology`)
    assert.ok((await driver.getPageSource()).includes(title), 'the chronology shows the new visit')
    await checkAxe(driver)
    await checkNoCspErrors(driver)
  } finally {
    await quitDriver(driver)
  }

  const manager = await newDriver({ baseUrl: server.baseUrl })
  try {
    await signIn(manager, 'team.manager')
    await open(manager, `${personPath}/access-log`)
    const page = await manager.getPageSource()
    assert.ok(page.includes('Viewed the record'), 'the access log lists record views')
    assert.ok(/Who has viewed this record/.test(await manager.findElement(By.css('h1')).getText()))
    await checkAxe(manager)
  } finally {
    await quitDriver(manager)
  }
})

test('a social worker records a step of a child\'s statutory journey and sees its due date and what the return would say', async () => {
  const driver = await newDriver({ baseUrl: server.baseUrl })
  try {
    await signIn(driver, 'social.worker')
    const child = await driver.findElement(By.css('table.govuk-table a[href^="/people/"]'))
    const personPath = new URL(await child.getAttribute('href'), server.baseUrl).pathname
    await open(driver, `${personPath}/journey`)
    assert.match(await driver.findElement(By.css('h1')).getText(), /Statutory journey/)
    await checkAxe(driver)
    await driver.findElement(By.linkText('Section 47 enquiry and initial conference')).click()
    await driver.wait(async () => (await currentPath(driver)).endsWith('/journey/new/section47'), 10_000)
    await checkAxe(driver)
    // Saving without the start date: the GOV.UK error summary.
    await driver.findElement(By.xpath("//button[normalize-space()='Save']")).click()
    await driver.wait(async () => (await driver.getPageSource()).includes('There is a problem'), 10_000)
    await checkAxe(driver)
    await driver.findElement(By.id('start-day')).sendKeys('19')
    await driver.findElement(By.id('start-month')).sendKeys('12')
    await driver.findElement(By.id('start-year')).sendKeys('2025')
    await driver.findElement(By.xpath("//button[normalize-space()='Save']")).click()
    await driver.wait(async () => (await driver.getPageSource()).includes('saved'), 10_000)
    await checkAxe(driver)
    await open(driver, `${personPath}/journey`)
    const page = await driver.getPageSource()
    assert.ok(page.includes('Initial child protection conference (15 working days)'), 'the ICPC due date is shown')
    assert.ok(page.includes('14 January 2026'), '15 working days from 19 December 2025, bank holidays skipped')
    await checkAxe(driver)
    await checkNoCspErrors(driver)
  } finally {
    await quitDriver(driver)
  }
})

test('the data team checks a return on the returns page', async () => {
  const driver = await newDriver({ baseUrl: server.baseUrl })
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hearth-return-'))
  try {
    const file = path.join(dir, 'header.csv')
    await fs.writeFile(file, 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nC1,X,01/01/2015,WBRI,,,\n')
    await signIn(driver, 'data.team')
    await open(driver, '/returns')
    await checkAxe(driver)
    await driver.findElement(By.id('files')).sendKeys(file)
    await driver.findElement(By.xpath("//button[normalize-space()='Check the return']")).click()
    await driver.wait(async () => (await driver.getPageSource()).includes('What the rules found'), 20_000)
    assert.ok((await driver.getPageSource()).includes('SEX: X'), 'the finding shows the value')
    await checkAxe(driver)
  } finally {
    await quitDriver(driver)
    await fs.rm(dir, { recursive: true, force: true })
  }
})

test('a failed sign-in shows the error summary and keeps the username', async () => {
  const driver = await newDriver({ baseUrl: server.baseUrl })
  try {
    await open(driver, '/sign-in')
    await driver.findElement(By.id('username')).sendKeys('social.worker')
    await driver.findElement(By.id('password')).sendKeys('not-the-password')
    await driver.findElement(By.css('form[action="/sign-in"] button')).click()
    await driver.wait(async () => (await driver.findElements(By.css('.govuk-error-summary'))).length > 0, 10_000)
    assert.equal(await driver.findElement(By.id('username')).getAttribute('value'), 'social.worker')
    await checkAxe(driver)
  } finally {
    await quitDriver(driver)
  }
})

test('without JavaScript, on a phone: find a child, save a visit draft, finalise it and see it in the chronology', async () => {
  const driver = await newDriver({ baseUrl: server.baseUrl, width: 390, height: 844, javascript: false })
  const title = `Visit without scripts ${Date.now()}`
  try {
    await signIn(driver, 'social.worker')
    const child = await driver.findElement(By.css('table.govuk-table a[href^="/people/"]'))
    const personPath = new URL(await child.getAttribute('href'), server.baseUrl).pathname
    await open(driver, personPath)
    // Scripts really are off: GOV.UK Frontend never marked the page.
    const bodyClass = (await driver.findElement(By.css('body')).getAttribute('class')) || ''
    assert.ok(!bodyClass.includes('govuk-frontend-supported'), 'page scripts ran')
    await driver.findElement(By.xpath("//button[normalize-space()='Record a visit']")).click()
    await driver.wait(async () => (await currentPath(driver)).startsWith('/drafts/'), 10_000)
    const titleInput = await driver.findElement(By.id('title'))
    await titleInput.clear()
    await titleInput.sendKeys(title)
    await driver.findElement(By.id('seen')).click()
    // Finalising with the visit unwritten keeps what was typed and says what is missing.
    await driver.findElement(By.xpath("//button[normalize-space()='Finalise record']")).click()
    await driver.wait(async () => (await driver.findElements(By.css('.govuk-error-summary'))).length > 0, 10_000)
    assert.equal(await driver.findElement(By.id('title')).getAttribute('value'), title)
    await driver.findElement(By.id('body')).sendKeys('Saw the family at home without any scripts running.')
    await driver.findElement(By.xpath("//button[normalize-space()='Save draft']")).click()
    await driver.wait(async () => (await driver.getPageSource()).includes('Your draft has been saved'), 10_000)
    await clickWhenReady(driver, By.xpath("//button[normalize-space()='Finalise record']"))
    await driver.wait(async () => (await currentPath(driver)).startsWith('/records/'), 10_000)
    await open(driver, `${personPath}/chronology`)
    assert.ok((await driver.getPageSource()).includes(title), 'the chronology shows the visit')
  } finally {
    await quitDriver(driver)
  }
})
