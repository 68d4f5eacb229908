import { execFileSync } from 'node:child_process'
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import puppeteer from 'puppeteer-core'
import { runCliCaptured } from './cli.js'
import { DAY, HOUR, ago, writeDrillLog, writeSet } from './status-store.js'

// The status report's fixture history (60 daily backups with sizes and durations, three
// drills, one failed, one over its RTO budget) and its rendering in the Debian `chromium`
// package, shared by the browser test and by scripts/status-report-screenshot.ts (which makes
// docs/status-report.png). The policy is the SOP's 35 daily + 12 monthly, so the calendar
// shows days the next prune deletes.

export const FIXTURE = { backups: 60, drills: 3, failedDrills: 1 }

/** Writes the fixture history under `dir` and runs `status --report`; returns the HTML file. */
export async function writeFixtureReport(dir: string): Promise<string> {
  const logDir = path.join(dir, 'drill-logs')
  await mkdir(logDir, { recursive: true })
  for (let day = 0; day < FIXTURE.backups; day++)
    await writeSet(
      dir,
      ago(2 * HOUR + day * DAY),
      1000 + (FIXTURE.backups - day) * 10 + (day % 7) * 40,
      undefined,
      40 + (FIXTURE.backups - day) / 2 + (day % 5) * 6
    )
  await writeDrillLog(logDir, ago(3 * DAY), true, 25 * 60)
  await writeDrillLog(logDir, ago(33 * DAY), false, 70 * 60)
  await writeDrillLog(logDir, ago(58 * DAY), true, 18 * 60)
  const file = path.join(dir, 'status.html')
  // The SOP policy (35 daily + 12 monthly) over 60 days: the sets beyond it are a retention warning, not a failure.
  const run = await runCliCaptured([
    'status',
    '--out-dir',
    dir,
    '--log-dir',
    logDir,
    '--report',
    file
  ])
  if (run.code !== 0) throw new Error(`status --report exited ${run.code}: ${run.stderr}`)
  return file
}

/** The installed chromium, or an error that says how to install it (never a skip). */
export function chromiumPath(): string {
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim()
  } catch {
    throw new Error(
      'chromium is not installed: run `apt-get install -y chromium` (or scripts/setup.sh)'
    )
  }
}

export interface Rendered {
  /** Circles per chart (data-chart name), counted in the browser's DOM. */
  points: Record<string, number>
  failedDrills: number
  /** The pass/fail timeline: points per lane, failed drills, stretches over the RPO without a backup. */
  timeline: { backups: number; drills: number; failedDrills: number; gaps: number }
  /** Budget ticks in the RTO chart (one per drill). */
  budgets: number
  /** The calendar's day cells, by state (daily, monthly, expiring, none), and their days in order. */
  calendar: { states: Record<string, number>; days: string[] }
  title: string
  /** Console errors and uncaught page errors while loading. */
  errors: string[]
}

/** Opens `htmlFile` in headless Chromium, counts each chart's points and saves a full-page PNG. */
export async function renderInChromium(htmlFile: string, screenshot: string): Promise<Rendered> {
  const root = typeof process.getuid === 'function' && process.getuid() === 0
  const browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    // Chromium refuses its sandbox as root (CI containers); elsewhere the sandbox stays on.
    args: root ? ['--no-sandbox'] : []
  })
  try {
    const page = await browser.newPage()
    const errors: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text())
    })
    page.on('pageerror', (error) => errors.push(String(error)))
    page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()}`))
    await page.setViewport({ width: 1000, height: 800 })
    await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' })
    const points: Record<string, number> = {}
    for (const name of ['timeline', 'size', 'duration', 'rpo', 'rto'])
      points[name] = await page.$$eval(
        `svg[data-chart="${name}"] circle`,
        (circles) => circles.length
      )
    const failedDrills = await page.$$eval('svg[data-chart="rto"] circle.fail', (c) => c.length)
    const timeline = {
      backups: await page.$$eval(
        'svg[data-chart="timeline"] circle[data-lane="backups"]',
        (c) => c.length
      ),
      drills: await page.$$eval(
        'svg[data-chart="timeline"] circle[data-lane="drills"]',
        (c) => c.length
      ),
      failedDrills: await page.$$eval('svg[data-chart="timeline"] circle.fail', (c) => c.length),
      gaps: await page.$$eval('svg[data-chart="timeline"] rect.gap', (r) => r.length)
    }
    const budgets = await page.$$eval('svg[data-chart="rto"] line.budget', (l) => l.length)
    const cells = await page.$$eval('svg[data-chart="calendar"] rect.day', (rects) =>
      rects.map((rect) => ({
        day: rect.getAttribute('data-day') ?? '',
        state: rect.getAttribute('class')?.replace('day ', '') ?? ''
      }))
    )
    const states: Record<string, number> = {}
    for (const cell of cells) states[cell.state] = (states[cell.state] ?? 0) + 1
    const title = await page.title()
    await page.screenshot({ path: screenshot, fullPage: true })
    return {
      points,
      failedDrills,
      timeline,
      budgets,
      calendar: { states, days: cells.map((cell) => cell.day) },
      title,
      errors
    }
  } finally {
    await browser.close()
  }
}
