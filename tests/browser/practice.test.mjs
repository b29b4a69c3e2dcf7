// The practice tools in the browser: mapping and scaling with the family,
// adult specialists, information sharing and the partner's view of what is
// shared, and the chronology's analysis. Each page is checked with axe-core,
// on a desktop window and (for the forms a worker fills in on a visit) on a
// phone. Helpers are in lib.mjs.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import {
  By,
  PHONE,
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

/** The first family on the demo social worker's caseload. */
async function firstFamily (driver) {
  const child = await driver.findElement(By.css('table.govuk-table a[href^="/people/"]'))
  await child.click()
  await driver.wait(async () => (await currentPath(driver)).startsWith('/people/'), 10_000)
  const family = await driver.findElement(By.css('a[href^="/families/"]'))
  return new URL(await family.getAttribute('href'), server.baseUrl).pathname.split('/').slice(0, 3).join('/')
}

async function type (driver, id, text) {
  const el = await driver.findElement(By.id(id))
  await el.clear()
  await el.sendKeys(text)
}

async function submit (driver, label) {
  await driver.findElement(By.xpath(`//button[normalize-space()='${label}']`)).click()
}

test('a social worker maps worries and strengths and scales safety with the family, on a phone', async () => {
  const driver = await newDriver({ baseUrl: server.baseUrl, ...PHONE })
  try {
    await signIn(driver, 'social.worker')
    const family = await firstFamily(driver)
    await open(driver, `${family}/practice`)
    assert.match(await driver.findElement(By.css('h1')).getText(), /Practice with the family/)
    await checkAxe(driver, 'practice hub')

    // The demo family already has mappings: start a new one from the last.
    await open(driver, `${family}/mapping`)
    await checkAxe(driver, 'mapping list')
    await open(driver, `${family}/mapping/new`)
    await checkAxe(driver, 'mapping form')
    const stamp = `Grandad walks the children to school ${Date.now()}`
    await type(driver, 'existing_safety', stamp)
    await submit(driver, 'Save mapping')
    await driver.wait(async () => (await currentPath(driver)) === `${family}/mapping`, 10_000)
    assert.ok((await driver.getPageSource()).includes(stamp), 'the new mapping is the latest')
    await checkAxe(driver, 'mapping saved')

    // A scaling conversation: an out-of-range typed score is impossible (a
    // select), so leave all blank and see the error summary first.
    await open(driver, `${family}/scaling/new`)
    await checkAxe(driver, 'scaling form')
    await submit(driver, 'Save scaling')
    await driver.wait(async () => (await driver.getPageSource()).includes('There is a problem'), 10_000)
    await checkAxe(driver, 'scaling form with errors')
    await driver.findElement(By.css('#worker-score option[value="7"]')).click()
    await type(driver, 'worker-why', 'School report things are calmer')
    await submit(driver, 'Save scaling')
    await driver.wait(async () => (await currentPath(driver)) === `${family}/scaling`, 10_000)
    const page = await driver.getPageSource()
    assert.ok(page.includes('<svg class="hearth-chart"'), 'the trend chart is drawn')
    assert.ok(page.includes('Scores, 0 to 10'), 'with the numbers as a table')
    await checkAxe(driver, 'scaling trend')
    await checkNoCspErrors(driver)
  } finally {
    await quitDriver(driver)
  }
})

test('information shared with the school is all the school partner sees', async () => {
  const driver = await newDriver({ baseUrl: server.baseUrl })
  let family
  const agency = `Oakfield Academy ${Date.now()}`
  try {
    await signIn(driver, 'social.worker')
    family = await firstFamily(driver)
    await open(driver, `${family}/specialists`)
    await checkAxe(driver, 'specialists')
    await open(driver, `${family}/sharing`)
    await checkAxe(driver, 'sharing list')
    await open(driver, `${family}/sharing/new`)
    await checkAxe(driver, 'sharing form')
    await type(driver, 'agency', agency)
    const partner = await driver.findElements(By.css('#partner option'))
    let chosen = false
    for (const o of partner) {
      if ((await o.getAttribute('value')) !== '') { await o.click(); chosen = true; break }
    }
    assert.ok(chosen, 'the school partner is offered')
    await type(driver, 'purpose', 'So the school can support the plan')
    await driver.findElement(By.css('#basis option[value="consent"]')).click()
    // With consent but no one ticked: a clear error beside the field.
    await submit(driver, 'Save decision')
    await driver.wait(async () => (await driver.getPageSource()).includes('Choose who gave their consent'), 10_000)
    await checkAxe(driver, 'sharing form with errors')
    await driver.findElement(By.css('input[name="consent_from"]')).click()
    await submit(driver, 'Save decision')
    await driver.wait(async () => (await currentPath(driver)) === `${family}/sharing`, 10_000)
    assert.ok((await driver.getPageSource()).includes(agency))
    await checkAxe(driver, 'sharing saved')

    await open(driver, `${family}/chronology/analysis`)
    await checkAxe(driver, 'chronology analysis')
    await checkNoCspErrors(driver)
  } finally {
    await quitDriver(driver)
  }

  const school = await newDriver({ baseUrl: server.baseUrl })
  try {
    await signIn(school, 'school.partner')
    await open(school, '/shared')
    await checkAxe(school, 'shared list')
    const links = await school.findElements(By.css('a[href^="/shared/"]'))
    assert.ok(links.length > 0, 'something is shared with the school')
    await links[0].click()
    await school.wait(async () => (await currentPath(school)).startsWith('/shared/'), 10_000)
    await checkAxe(school, 'shared family')
    // The family's own record stays closed to the partner.
    await open(school, family)
    assert.match(await school.getPageSource(), /Your role does not allow this/)
    await checkNoCspErrors(school)
  } finally {
    await quitDriver(school)
  }
})

test('the printable family summary passes axe and has the genogram', async () => {
  const driver = await newDriver({ baseUrl: server.baseUrl })
  try {
    await signIn(driver, 'social.worker')
    const family = await firstFamily(driver)
    await open(driver, `${family}/summary`)
    assert.match(await driver.findElement(By.css('h1')).getText(), /./)
    const page = await driver.getPageSource()
    assert.ok(page.includes('OFFICIAL-SENSITIVE'))
    assert.ok(page.includes('role="img"'), 'the genogram is drawn')
    await checkAxe(driver, 'family summary')
    await checkNoCspErrors(driver)
  } finally {
    await quitDriver(driver)
  }
})
