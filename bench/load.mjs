// Load benchmark of Hearth's main pages and API (not a test).
//
//   cargo build --release -p hearth
//   node bench/load.mjs [--users 50] [--seconds 20] [--size 1.0]
//
// Starts `hearth demo` (release build) on a fresh data directory with the
// default demo council, signs in one session per virtual user as the demo
// social worker, then for --seconds has every virtual user request the main
// pages and API endpoints in turn, as fast as the server answers. Prints
// throughput and p50/p95/p99 latency per endpoint. The aim is p99 under
// 100 ms for every page on a 2-core machine.

import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? process.argv[i + 1] : dflt
}
const USERS = Number(arg('users', 50))
const SECONDS = Number(arg('seconds', 20))
const SIZE = arg('size', '1.0')
const BIN = process.env.HEARTH_BIN || path.join(root, 'target/release/hearth')

function startServer () {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-bench-'))
  const child = spawn(BIN, ['demo', '--data-dir', dataDir, '--port', '0', '--size', SIZE], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, HEARTH_LOG: 'warn' }
  })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+/)
      if (m) resolve({ url: m[0], child })
    })
    child.on('exit', (code) => reject(new Error(`server exited (${code})`)))
  })
}

async function signIn (base) {
  let res = await fetch(`${base}/sign-in`)
  const cookie = res.headers.get('set-cookie').split(';')[0]
  const csrf = (await res.text()).match(/name="csrf_token" value="([^"]+)"/)[1]
  res = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf_token: csrf, username: 'social.worker', password: 'demo-password' })
  })
  return res.headers.get('set-cookie').split(';')[0]
}

function pct (sorted, p) {
  if (!sorted.length) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

const { url: base, child } = await startServer()
try {
  const cookie = await signIn(base)
  const home = await (await fetch(`${base}/`, { headers: { cookie } })).text()
  const person = home.match(/href="(\/people\/[0-9a-f-]+)"/)[1]
  const family = home.match(/href="(\/families\/[0-9a-f-]+)"/)[1]
  const surname = home.match(/href="\/people\/[0-9a-f-]+">[^<]* ([^< ]+)<\/a>/)[1]
  const cookies = [cookie]
  for (let i = 1; i < USERS; i++) cookies.push(await signIn(base))
  const endpoints = [
    ['my work', '/'],
    ['search', `/search?q=${encodeURIComponent(surname)}`],
    ['family', family],
    ['person', person],
    ['chronology', `${person}/chronology`],
    ['health', '/health']
  ]
  const lat = Object.fromEntries(endpoints.map(([n]) => [n, []]))
  let errors = 0
  const deadline = Date.now() + SECONDS * 1000
  await Promise.all(cookies.map(async (c, u) => {
    let i = u
    while (Date.now() < deadline) {
      const [name, p] = endpoints[i++ % endpoints.length]
      const t0 = performance.now()
      const res = await fetch(base + p, { headers: { cookie: c } })
      await res.arrayBuffer()
      if (res.status !== 200) errors++
      lat[name].push(performance.now() - t0)
    }
  }))
  let total = 0
  console.log(`Hearth load benchmark: ${USERS} concurrent users, ${SECONDS} s, demo council size ${SIZE}`)
  console.log('endpoint      requests   req/s    p50 ms   p95 ms   p99 ms')
  for (const [name] of endpoints) {
    const s = lat[name].sort((a, b) => a - b)
    total += s.length
    console.log(`${name.padEnd(12)} ${String(s.length).padStart(9)} ${(s.length / SECONDS).toFixed(0).padStart(7)} ${pct(s, 50).toFixed(1).padStart(8)} ${pct(s, 95).toFixed(1).padStart(8)} ${pct(s, 99).toFixed(1).padStart(8)}`)
  }
  console.log(`total ${total} requests, ${(total / SECONDS).toFixed(0)} req/s, ${errors} non-200 responses`)
} finally {
  child.kill('SIGINT')
}
