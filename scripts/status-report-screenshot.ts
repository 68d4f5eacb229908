// Makes docs/status-report.png: the status report of the tests' 60-day fixture history,
// screenshotted in headless Chromium. Run by hand: node --import tsx scripts/status-report-screenshot.ts
import { copyFile, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { renderInChromium, writeFixtureReport } from '../test/support/report-in-chromium.js'

const dir = await mkdtemp(path.join(tmpdir(), 'status-report-'))
try {
  const shot = path.join(dir, 'status-report.png')
  const rendered = await renderInChromium(await writeFixtureReport(dir), shot)
  if (rendered.errors.length > 0) throw new Error(`console errors: ${rendered.errors.join('; ')}`)
  await copyFile(shot, 'docs/status-report.png')
  console.log('wrote docs/status-report.png', rendered.points)
} finally {
  await rm(dir, { recursive: true, force: true })
}
