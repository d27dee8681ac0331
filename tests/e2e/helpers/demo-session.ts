import type { BrowserContext, Page } from 'playwright-core'
import { launchChromium } from './browser'
import { startHeadlessApp, type RunningApp } from './headless-app'

export interface DemoSession {
  app: RunningApp
  context: BrowserContext
  page: Page
  /** Closes the browser and stops the app. */
  close(): Promise<void>
}

/** The headless app on the demo workspace made in `home` (as OIW_HOME), and a fresh Chromium page. */
export async function startDemoSession(home: string): Promise<DemoSession> {
  const app = await startHeadlessApp({ home })
  const browser = await launchChromium()
  const page = await browser.context.newPage()
  return {
    app,
    context: browser.context,
    page,
    close: async () => {
      await browser.close()
      await app.stop()
    },
  }
}
