// Hearth browser crawl: every page a demo user can reach by following links
// must render an <h1>, pass axe-core (WCAG 2.0/2.1/2.2 A and AA), show no
// Content Security Policy violation or uncaught script error in the console,
// and not answer 404 (a broken link) or 5xx. Other 4xx answers are only
// reported as diagnostics (a page may rightly refuse a user).
//
// How to run (from the repo root; scripts/test does all of this):
//   cargo build -p hearth
//   npm ci --prefix tests/browser
//   node --test --test-concurrency=1 tests/browser/*.test.mjs
// The server is `hearth demo --data-dir <tmp> --port 0` (see lib.mjs for
// HEARTH_BIN / HEARTH_BASE_URL). HEARTH_CRAWL_MAX_PAGES (default 60) caps the
// pages visited per user and window size.
//
// For each window size (1280x900, then a phone at 390x844) and each demo
// user: check /sign-in, sign in, then breadth-first from "/" over same-origin
// <a href> links, skipping /sign-out, /assets/, /api/, links with `download`,
// and paths already visited (query strings and #fragments do not make a page
// new; a different path does).

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'

import {
  By,
  DEMO_PASSWORD,
  DEMO_USERS,
  DESKTOP,
  PHONE,
  axeViolations,
  consoleEntries,
  formatViolations,
  newDriver,
  open,
  quitDriver,
  responseStatus,
  signIn,
  startServer
} from './lib.mjs'

const MAX_PAGES = Number(process.env.HEARTH_CRAWL_MAX_PAGES || 60)
const SKIP_PREFIXES = ['/sign-out', '/assets/', '/api/']

let server

before(async () => {
  server = await startServer()
})

after(async () => {
  if (server) await server.stop()
})

/** Checks the page the browser is on; returns a list of problem strings. */
async function checkPage (driver, label) {
  const problems = []
  const status = await responseStatus(driver)
  if (status >= 500 || status === 404) problems.push(`${label}: HTTP ${status}`)

  const h1s = await driver.findElements(By.css('h1'))
  if (h1s.length === 0) problems.push(`${label}: no <h1>`)

  const violations = await axeViolations(driver)
  if (violations.length > 0) {
    problems.push(`${label}: ${violations.length} axe violation(s):\n${formatViolations(violations)}`)
  }

  for (const entry of await consoleEntries(driver)) {
    if (entry.message.includes('Content Security Policy')) {
      problems.push(`${label}: CSP violation: ${entry.message}`)
    } else if (entry.level === 'SEVERE' && entry.message.includes('Uncaught')) {
      problems.push(`${label}: script error: ${entry.message}`)
    }
  }
  return { problems, status }
}

/** Same-origin GET links on the current page, as absolute URLs. */
async function pageLinks (driver, origin) {
  const links = await driver.executeScript(`
    return Array.from(document.querySelectorAll('a[href]')).map(a => ({
      href: a.href,
      download: a.hasAttribute('download')
    }))`)
  const out = []
  for (const { href, download } of links) {
    if (download) continue
    let url
    try {
      url = new URL(href)
    } catch {
      continue
    }
    if (url.origin !== origin) continue
    if (SKIP_PREFIXES.some((p) => url.pathname === p || url.pathname.startsWith(p))) continue
    url.hash = ''
    out.push(url)
  }
  return out
}

const crawlKey = (url) => url.origin + url.pathname
// Pages of one kind differ only in their ids: visit a few of each kind, so
// the crawl reaches every kind of page rather than many of the first kind.
const PER_KIND = 2
const kindOf = (url) => url.pathname
  .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ':id')
  // Every kind of journey step shares one page template.
  .replace(/\/journey\/new\/[a-z0-9_]+$/, '/journey/new/:kind')
  // Every measure's drill-down shares one page template too.
  .replace(/\/measures\/[a-z0-9_]+$/, '/measures/:measure')

async function crawlAs (t, size, username) {
  const driver = await newDriver({ baseUrl: server.baseUrl, ...size })
  const problems = []
  const visited = []
  try {
    const innerWidth = await driver.executeScript('return window.innerWidth')
    t.diagnostic(`window.innerWidth = ${innerWidth}`)

    await open(driver, '/sign-in')
    await consoleEntries(driver) // start the console log afresh
    problems.push(...(await checkPage(driver, `/sign-in (signed out, ${username})`)).problems)

    await signIn(driver, username, DEMO_PASSWORD)

    const origin = new URL(server.baseUrl).origin
    const start = new URL('/', server.baseUrl)
    const seen = new Set([crawlKey(start)])
    const kinds = new Map([[kindOf(start), 1]])
    const queue = [start]

    while (queue.length > 0 && visited.length < MAX_PAGES) {
      const url = queue.shift()
      await driver.get(url.href)
      const finalUrl = new URL(await driver.getCurrentUrl())
      seen.add(crawlKey(finalUrl))
      const label = url.pathname + url.search +
        (finalUrl.pathname !== url.pathname ? ` (-> ${finalUrl.pathname})` : '')
      visited.push(label)

      if (finalUrl.pathname === '/sign-in' && url.pathname !== '/sign-in') {
        problems.push(`${label}: ended on /sign-in - the session was lost`)
        break
      }

      const { problems: found, status } = await checkPage(driver, label)
      problems.push(...found)
      if (status >= 400 && status < 500 && status !== 404) t.diagnostic(`${label}: HTTP ${status}`)

      for (const link of await pageLinks(driver, origin)) {
        const key = crawlKey(link)
        const kind = kindOf(link)
        if (!seen.has(key) && (kinds.get(kind) || 0) < PER_KIND) {
          seen.add(key)
          kinds.set(kind, (kinds.get(kind) || 0) + 1)
          queue.push(link)
        }
      }
    }
    t.diagnostic(`visited ${visited.length} page(s): ${visited.join(', ')}`)
    if (queue.length > 0) t.diagnostic(`stopped at ${MAX_PAGES} pages; ${queue.length} link(s) not visited`)
  } finally {
    await quitDriver(driver)
  }
  assert.ok(visited.length > 0, 'the crawl visited no page')
  assert.equal(problems.length, 0,
    `${problems.length} problem(s) crawling as ${username} at ${size.width}x${size.height}:\n` +
    problems.join('\n'))
}

for (const size of [DESKTOP, PHONE]) {
  describe(`crawl at ${size.width}x${size.height}`, () => {
    for (const username of DEMO_USERS) {
      test(`every page reachable by ${username}`, { timeout: 20 * 60_000 }, async (t) => {
        await crawlAs(t, size, username)
      })
    }
  })
}
