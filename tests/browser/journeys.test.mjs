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

import {
  By,
  Key,
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
