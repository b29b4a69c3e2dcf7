// The genogram and ecomap in a real browser: reached from a child's family,
// accessible (axe), named for screen readers, with the same information in
// words below the picture, no CSP violations (the SVG uses presentation
// attributes only), usable on a phone and without JavaScript.
// Run from the repo root: node --test tests/browser/pictures.test.mjs

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

/** The path of the family of the first child on the social worker's caseload. */
async function firstFamilyPath (driver) {
  const child = await driver.findElement(By.css('table.govuk-table a[href^="/people/"]'))
  await open(driver, new URL(await child.getAttribute('href'), server.baseUrl).pathname)
  const family = await driver.findElement(By.css('a[href^="/families/"]'))
  return new URL(await family.getAttribute('href'), server.baseUrl).pathname
}

/** Checks the picture is an image named by its own title and description. */
async function checkNamedPicture (driver, id) {
  const svg = await driver.findElement(By.css(`svg#${id}`))
  assert.equal(await svg.getAttribute('role'), 'img')
  assert.equal(await svg.getAttribute('aria-labelledby'), `${id}-title ${id}-desc`)
  const title = await driver.findElement(By.id(`${id}-title`)).getAttribute('textContent')
  assert.match(title, /^(Genogram|Ecomap) of the /)
  const rect = await svg.getRect()
  assert.ok(rect.width > 100 && rect.height > 100, `the picture is drawn at a visible size: ${JSON.stringify(rect)}`)
}

test('a social worker opens the family genogram and ecomap from the family page', async () => {
  const driver = await newDriver({ baseUrl: server.baseUrl })
  try {
    await signIn(driver, 'social.worker')
    const familyPath = await firstFamilyPath(driver)
    await open(driver, familyPath)
    await checkNamedPicture(driver, 'family-genogram')
    await checkAxe(driver)
    await checkNoCspErrors(driver)

    await driver.findElement(By.linkText('Genogram, full size and in words')).click()
    await driver.wait(async () => (await currentPath(driver)) === `${familyPath}/genogram`, 10_000)
    await checkNamedPicture(driver, 'genogram')
    const words = await driver.findElement(By.id('genogram-in-words')).getText()
    assert.equal(words, 'The genogram in words')
    const headings = await driver.findElements(By.css('main h3'))
    const texts = await Promise.all(headings.map((h) => h.getText()))
    for (const h of ['People', 'Relationships', 'Households now']) {
      assert.ok(texts.includes(h), `the text alternative has a "${h}" section: ${texts}`)
    }
    // Everyone named under a symbol is in the text alternative too.
    const svgNames = await driver.executeScript(
      "return [...document.querySelectorAll('svg#genogram .hearth-genogram__people text')].map(t => t.textContent)")
    const mainText = await driver.findElement(By.css('main')).getText()
    assert.ok(svgNames.length > 0)
    for (const n of svgNames.filter((n) => !n.endsWith('…') && !/years|months|Died/.test(n))) {
      assert.ok(mainText.includes(n), `"${n}" is in the words below the picture`)
    }
    assert.ok(await driver.findElement(By.linkText('Add a relationship')).isDisplayed())
    await checkAxe(driver)
    await checkNoCspErrors(driver)

    await driver.findElement(By.linkText('Ecomap')).click()
    await driver.wait(async () => (await currentPath(driver)) === `${familyPath}/ecomap`, 10_000)
    await checkNamedPicture(driver, 'ecomap')
    assert.ok((await driver.findElement(By.css('main')).getText()).includes('At the centre'))
    await checkAxe(driver)
    await checkNoCspErrors(driver)
  } finally {
    await quitDriver(driver)
  }
})

test('on a phone the pictures scroll inside their box, not the page', async () => {
  const driver = await newDriver({ baseUrl: server.baseUrl, ...PHONE })
  try {
    await signIn(driver, 'social.worker')
    const familyPath = await firstFamilyPath(driver)
    for (const kind of ['genogram', 'ecomap']) {
      await open(driver, `${familyPath}/${kind}`)
      await checkNamedPicture(driver, kind)
      const overflow = await driver.executeScript(
        'return document.documentElement.scrollWidth - document.documentElement.clientWidth')
      assert.ok(overflow <= 0, `the ${kind} page itself does not scroll sideways (${overflow}px)`)
      await checkAxe(driver)
      await checkNoCspErrors(driver)
    }
  } finally {
    await quitDriver(driver)
  }
})

test('without JavaScript the pictures and their words are all there', async () => {
  const driver = await newDriver({ baseUrl: server.baseUrl, ...PHONE, javascript: false })
  try {
    await signIn(driver, 'social.worker')
    const familyPath = await firstFamilyPath(driver)
    for (const kind of ['genogram', 'ecomap']) {
      await open(driver, `${familyPath}/${kind}`)
      const bodyClass = (await driver.findElement(By.css('body')).getAttribute('class')) || ''
      assert.ok(!bodyClass.includes('govuk-frontend-supported'), 'page scripts ran')
      await checkNamedPicture(driver, kind)
      assert.ok(await driver.findElement(By.id(`${kind}-in-words`)).isDisplayed())
    }
  } finally {
    await quitDriver(driver)
  }
})
