// Whole-family focus and the child's voice in the browser: a family group
// conference referred and then held with the family's plan and a review, the
// family's feedback, a child's views with a drawing uploaded from a file,
// and the safety plan's network. Every page is checked with axe-core.
// Helpers are in lib.mjs.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

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

/** A 1x1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64'
)

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

async function waitFor (driver, text) {
  await driver.wait(async () => (await driver.getPageSource()).includes(text), 10_000)
}

async function typeToday (driver, name) {
  const d = new Date()
  await type(driver, `${name}-day`, String(d.getUTCDate()))
  await type(driver, `${name}-month`, String(d.getUTCMonth() + 1))
  await type(driver, `${name}-year`, String(d.getUTCFullYear()))
}

test('a family group conference is referred, then held with the family plan and reviewed', async () => {
  const driver = await newDriver({ baseUrl: server.baseUrl })
  const reason = `The family asked to make their own plan ${Date.now()}`
  try {
    await signIn(driver, 'social.worker')
    const family = await firstFamily(driver)
    await open(driver, `${family}/practice`)
    await driver.findElement(By.linkText('Family group conferences')).click()
    await driver.wait(async () => (await currentPath(driver)) === `${family}/conferences`, 10_000)
    await checkAxe(driver, 'conferences')
    await open(driver, `${family}/conferences/new`)
    await checkAxe(driver, 'conference form')
    await submit(driver, 'Save conference')
    await waitFor(driver, 'There is a problem')
    await waitFor(driver, 'Enter why the family was referred')
    await checkAxe(driver, 'conference form with errors')
    await type(driver, 'reason', reason)
    // The invitees come from the family's recorded relationships.
    const invite = await driver.findElements(By.css('input[name="invited"]'))
    assert.ok(invite.length > 0, 'people from the relationship graph are offered')
    await invite[invite.length - 1].click()
    await submit(driver, 'Save and carry on')
    await driver.wait(async () => /\/conferences\/[0-9a-f-]{36}$/.test(await currentPath(driver)), 10_000)
    const edit = await currentPath(driver)
    assert.equal(await driver.findElement(By.id('reason')).getAttribute('value'), reason)

    // The second sitting: held, who came, the plan.
    await typeToday(driver, 'held_on')
    await driver.findElement(By.css('input[name="attended"]')).click()
    await driver.findElement(By.css('#private_family_time option[value="yes"]')).click()
    await type(driver, 'plan1-what', 'Nan has the children every Friday')
    await type(driver, 'plan1-who', 'Nan')
    await type(driver, 'plan1-when', 'Every week')
    await type(driver, 'plan1-check', 'The children tell the worker how it went')
    await driver.findElement(By.css('#plan_agreed option[value="yes"]')).click()
    await submit(driver, 'Save and carry on')
    await waitFor(driver, 'name="plan2-what"')
    await checkAxe(driver, 'conference carried on')
    await open(driver, `${edit}/review`)
    await checkAxe(driver, 'plan review form')
    await type(driver, 'note', 'Fridays at Nan\'s are going well')
    await submit(driver, 'Save review')
    await driver.wait(async () => (await currentPath(driver)) === `${family}/conferences`, 10_000)
    const page = await driver.getPageSource()
    assert.ok(page.includes(reason))
    assert.ok(page.includes('Nan has the children every Friday'))
    assert.ok(page.includes('Plan reviewed'))
    await checkAxe(driver, 'conference with plan and review')
    await checkNoCspErrors(driver)
  } finally {
    await quitDriver(driver)
  }
})

test('the family give feedback and a child\'s views are recorded with a drawing, on a phone', async () => {
  const driver = await newDriver({ baseUrl: server.baseUrl, ...PHONE })
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hearth-drawing-'))
  const file = path.join(dir, 'drawing.png')
  await fs.writeFile(file, PNG)
  const comment = `It helped to have Nan there ${Date.now()}`
  const description = `Me and my dog in the park ${Date.now()}`
  try {
    await signIn(driver, 'social.worker')
    const family = await firstFamily(driver)
    await open(driver, `${family}/feedback`)
    await checkAxe(driver, 'feedback')
    await open(driver, `${family}/feedback/new`)
    await checkAxe(driver, 'feedback form')
    const from = await driver.findElements(By.css('#from option'))
    await from[1].click()
    await driver.findElement(By.id('listened_to-5')).click()
    await driver.findElement(By.id('things_better-4')).click()
    await type(driver, 'comment', comment)
    await submit(driver, 'Save feedback')
    await driver.wait(async () => (await currentPath(driver)) === `${family}/feedback`, 10_000)
    assert.ok((await driver.getPageSource()).includes(comment))
    assert.ok((await driver.getPageSource()).includes('out of 5'))
    await checkAxe(driver, 'feedback with averages')

    await open(driver, `${family}/views`)
    await checkAxe(driver, 'children\'s views')
    const record = await driver.findElement(By.css('a[href*="/views/new?child="]'))
    await record.click()
    await driver.wait(async () => (await currentPath(driver)) === `${family}/views/new`, 10_000)
    await checkAxe(driver, 'views form')
    await type(driver, 'worries', 'When there is shouting')
    await type(driver, 'dreams', 'A puppy of my own')
    await type(driver, 'new_description', description)
    await driver.findElement(By.id('drawing')).sendKeys(file)
    await submit(driver, 'Save views')
    await driver.wait(async () => (await currentPath(driver)) === `${family}/views`, 10_000)
    const img = await driver.findElement(By.css(`img[alt="${description}"]`))
    await driver.wait(async () => (await driver.executeScript('return arguments[0].complete && arguments[0].naturalWidth', img)) > 0, 10_000)
    await checkAxe(driver, 'views with a drawing')
    await checkNoCspErrors(driver)
  } finally {
    await quitDriver(driver)
    await fs.rm(dir, { recursive: true, force: true })
  }
})

test('a safety plan is updated with the network from the family\'s relationships', async () => {
  const driver = await newDriver({ baseUrl: server.baseUrl })
  const explained = `Drew the plan with the children as a comic strip ${Date.now()}`
  try {
    await signIn(driver, 'social.worker')
    const family = await firstFamily(driver)
    await open(driver, `${family}/safety-plan`)
    await checkAxe(driver, 'safety plan')
    await open(driver, `${family}/safety-plan/new`)
    await checkAxe(driver, 'safety plan form')
    const network = await driver.findElements(By.css('input[name="network"]'))
    assert.ok(network.length > 0, 'people from the relationship graph are offered')
    if (!(await network[0].isSelected())) await network[0].click()
    // The first blank rule row.
    const rules = await driver.findElements(By.css('input[id$="-what"][id^="rule"]'))
    let blank
    for (const r of rules) {
      if ((await r.getAttribute('value')) === '') { blank = r; break }
    }
    assert.ok(blank, 'a blank rule row is offered')
    await blank.sendKeys('An adult who has not been drinking is always in charge')
    await type(driver, 'childrens_explanation', explained)
    await submit(driver, 'Save safety plan')
    await driver.wait(async () => (await currentPath(driver)) === `${family}/safety-plan`, 10_000)
    const page = await driver.getPageSource()
    assert.ok(page.includes(explained))
    assert.ok(page.includes('An adult who has not been drinking is always in charge'))
    await checkAxe(driver, 'safety plan updated')
    await checkNoCspErrors(driver)
  } finally {
    await quitDriver(driver)
  }
})
