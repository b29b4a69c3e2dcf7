// Helpers for Hearth's browser tests (imported by *.test.mjs in this folder).
//
//   startServer()   spawns `hearth demo --data-dir <fresh tmp dir> --port 0`
//                   and resolves with { baseUrl, stop(), output() }
//   newDriver()     headless Debian Chromium through /usr/bin/chromedriver
//   signIn()        fills #username / #password on /sign-in and submits
//   checkAxe()      runs axe-core (WCAG 2.0/2.1/2.2 A and AA) on the page
//   cspErrors()     console messages about Content Security Policy violations
//
// Environment:
//   HEARTH_BIN         the server binary (default target/debug/hearth,
//                      relative to the repo root)
//   HEARTH_BASE_URL    use an already running server instead of spawning one
//                      (a developer convenience; the server is not stopped)
//   CHROMIUM_BIN       default /usr/bin/chromium
//   CHROMEDRIVER_BIN   default /usr/bin/chromedriver

import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { Builder, Browser, By, Key, logging, until } from 'selenium-webdriver'
import chrome from 'selenium-webdriver/chrome.js'

const require = createRequire(import.meta.url)

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

export const DEMO_USERS = ['social.worker', 'team.manager', 'front.door', 'data.team', 'admin', 'school.partner']
export const DEMO_PASSWORD = 'demo-password'

export const DESKTOP = { width: 1280, height: 900 }
export const PHONE = { width: 390, height: 844 }

const SERVER_START_TIMEOUT_MS = 120_000
const URL_PATTERN = /http:\/\/127\.0\.0\.1:\d+/

// ---------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------

/**
 * Starts `hearth demo` on a free port with a fresh data directory.
 * Resolves once the server prints its URL (http://127.0.0.1:PORT) on stdout.
 * @returns {Promise<{baseUrl: string, stop: () => Promise<void>, output: () => string}>}
 */
export async function startServer () {
  if (process.env.HEARTH_BASE_URL) {
    const baseUrl = process.env.HEARTH_BASE_URL.replace(/\/+$/, '')
    return { baseUrl, stop: async () => {}, output: () => '' }
  }

  const bin = path.resolve(REPO_ROOT, process.env.HEARTH_BIN || 'target/debug/hearth')
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hearth-browser-data-'))
  const args = ['demo', '--data-dir', dataDir, '--port', '0', '--size', process.env.HEARTH_DEMO_SIZE || '0.2']
  const child = spawn(bin, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] })

  let log = ''
  const keep = (chunk) => {
    log += chunk.toString()
    if (log.length > 200_000) log = log.slice(-100_000)
  }
  const killOnExit = () => child.kill('SIGKILL')
  process.on('exit', killOnExit)

  let exited = false
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = true
      resolve({ code, signal })
    })
  })

  const baseUrl = await new Promise((resolve, reject) => {
    let stdoutBuf = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${bin} did not print a http://127.0.0.1:PORT URL within ` +
        `${SERVER_START_TIMEOUT_MS / 1000} s. Output so far:\n${log}`))
    }, SERVER_START_TIMEOUT_MS)
    child.stderr.on('data', keep)
    child.stdout.on('data', (chunk) => {
      keep(chunk)
      stdoutBuf += chunk.toString()
      const lines = stdoutBuf.split('\n')
      stdoutBuf = lines.pop()
      for (const line of lines) {
        const m = URL_PATTERN.exec(line)
        if (m) {
          clearTimeout(timer)
          resolve(m[0])
          return
        }
      }
    })
    child.on('error', (err) => {
      clearTimeout(timer)
      reject(new Error(`could not start ${bin} (build it with: cargo build -p hearth): ${err.message}`))
    })
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`${bin} ${args.join(' ')} exited (code ${code}, signal ${signal}) ` +
        `before printing its URL. Output:\n${log}`))
    })
  })

  async function stop () {
    process.off('exit', killOnExit)
    if (!exited) {
      child.kill('SIGTERM')
      const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), 10_000))
      if ((await Promise.race([exitPromise, timeout])) === 'timeout') {
        child.kill('SIGKILL')
        await exitPromise
      }
    }
    rmSync(dataDir, { recursive: true, force: true })
  }

  return { baseUrl, stop, output: () => log }
}

// ---------------------------------------------------------------------------
// The browser
// ---------------------------------------------------------------------------

/**
 * A headless Chromium session of the given window size. The returned driver
 * has `driver.baseUrl` set; call `await quitDriver(driver)` when done.
 * `javascript: false` blocks page scripts, to prove a journey works without them.
 * @param {{baseUrl: string, width?: number, height?: number, javascript?: boolean}} opts
 */
export async function newDriver ({ baseUrl, width = DESKTOP.width, height = DESKTOP.height, javascript = true }) {
  const profile = mkdtempSync(path.join(tmpdir(), 'hearth-chromium-'))
  const options = new chrome.Options()
  options.setChromeBinaryPath(process.env.CHROMIUM_BIN || '/usr/bin/chromium')
  options.addArguments(
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
    `--user-data-dir=${profile}`,
    `--window-size=${width},${height}`
  )
  if (!javascript) {
    options.setUserPreferences({ 'profile.managed_default_content_settings.javascript': 2 })
  }
  const prefs = new logging.Preferences()
  prefs.setLevel(logging.Type.BROWSER, logging.Level.ALL)
  options.setLoggingPrefs(prefs)

  const service = new chrome.ServiceBuilder(process.env.CHROMEDRIVER_BIN || '/usr/bin/chromedriver')
  const driver = await new Builder()
    .forBrowser(Browser.CHROME)
    .setChromeOptions(options)
    .setChromeService(service)
    .build()
  driver.baseUrl = baseUrl.replace(/\/+$/, '')
  driver.hearthProfileDir = profile
  await driver.manage().setTimeouts({ pageLoad: 60_000, script: 60_000 })
  await driver.manage().window().setRect({ width, height })
  return driver
}

export async function quitDriver (driver) {
  try {
    await driver.quit()
  } finally {
    if (driver.hearthProfileDir) rmSync(driver.hearthProfileDir, { recursive: true, force: true })
  }
}

/**
 * Clicks the element `locator` finds, finding it again if the page was
 * replaced between finding and clicking (a form's next page arriving late on
 * a busy machine makes the first element stale).
 */
export async function clickWhenReady (driver, locator, tries = 10) {
  for (let i = 1; ; i++) {
    try {
      await driver.findElement(locator).click()
      return
    } catch (e) {
      const stale = e.name === 'StaleElementReferenceError' ||
        /stale element|does not belong to the document/i.test(String(e.message))
      if (!stale || i >= tries) throw e
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
}

/** Opens a path (or absolute URL) on the server under test. */
export async function open (driver, pathOrUrl) {
  await driver.get(new URL(pathOrUrl, driver.baseUrl + '/').href)
}

/** The current page's path, e.g. "/search". */
export async function currentPath (driver) {
  return new URL(await driver.getCurrentUrl()).pathname
}

/**
 * Signs in through the real form: opens /sign-in, types into #username and
 * #password, and presses the form's submit button. Fails if the browser is
 * still on /sign-in afterwards.
 */
export async function signIn (driver, username, password = DEMO_PASSWORD) {
  await open(driver, '/sign-in')
  const user = await driver.wait(until.elementLocated(By.id('username')), 10_000)
  await user.clear()
  await user.sendKeys(username)
  const pass = await driver.findElement(By.id('password'))
  await pass.clear()
  await pass.sendKeys(password)
  const form = await user.findElement(By.xpath('./ancestor::form'))
  const buttons = await form.findElements(By.css('button[type="submit"], button:not([type]), input[type="submit"]'))
  if (buttons.length > 0) {
    await buttons[0].click()
  } else {
    await form.submit()
  }
  try {
    await driver.wait(async () => (await currentPath(driver)) !== '/sign-in', 15_000)
  } catch {
    const text = await driver.findElement(By.css('body')).getText()
    throw new Error(`signing in as ${username} failed; the page says:\n${text.slice(0, 2000)}`)
  }
}

// ---------------------------------------------------------------------------
// Accessibility and console checks
// ---------------------------------------------------------------------------

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

/**
 * Runs axe-core on the current page and returns its violations as
 * [{id, impact, help, helpUrl, targets: [string]}].
 */
export async function axeViolations (driver) {
  const loaded = await driver.executeScript('return typeof window.axe !== "undefined"')
  if (!loaded) await driver.executeScript(AXE_SOURCE)
  return driver.executeScript(`
    return axe.run(document, { runOnly: { type: 'tag', values: arguments[0] } })
      .then(r => r.violations.map(v => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        targets: v.nodes.map(n => n.target.join(' '))
      })))`, AXE_TAGS)
}

/** A readable multi-line report of axe violations. */
export function formatViolations (violations) {
  return violations.map((v) =>
    `  - ${v.id} (${v.impact}): ${v.help}\n` +
    v.targets.map((t) => `      at ${t}`).join('\n')
  ).join('\n')
}

/** Fails (throws) with a readable list if axe finds any violation. */
export async function checkAxe (driver, label) {
  const violations = await axeViolations(driver)
  if (violations.length > 0) {
    const where = label || (await driver.getCurrentUrl())
    throw new Error(`axe found ${violations.length} accessibility violation(s) on ${where}:\n` +
      formatViolations(violations))
  }
}

/**
 * Reads (and so clears) the browser console log since the last call.
 * @returns {Promise<Array<{level: string, message: string}>>}
 */
export async function consoleEntries (driver) {
  const entries = await driver.manage().logs().get(logging.Type.BROWSER)
  return entries.map((e) => ({ level: e.level.name, message: e.message }))
}

/** Console messages about Content Security Policy violations, since the last read. */
export async function cspErrors (driver) {
  return (await consoleEntries(driver))
    .filter((e) => e.message.includes('Content Security Policy'))
    .map((e) => e.message)
}

/** Fails if the console shows a CSP violation since the last read. */
export async function checkNoCspErrors (driver, label) {
  const errors = await cspErrors(driver)
  if (errors.length > 0) {
    throw new Error(`Content Security Policy violations on ${label || (await driver.getCurrentUrl())}:\n` +
      errors.map((m) => `  - ${m}`).join('\n'))
  }
}

/** The HTTP status of the current document (0 if the browser does not say). */
export async function responseStatus (driver) {
  return driver.executeScript(`
    const nav = performance.getEntriesByType('navigation')[0]
    return nav && typeof nav.responseStatus === 'number' ? nav.responseStatus : 0`)
}

export { By, Key, until }
