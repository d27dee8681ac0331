import { request } from 'node:http'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/temp-dir'
import { startDemoSession, type DemoSession } from './helpers/demo-session'
import type { RunningApp } from './helpers/headless-app'

function rawGet(url: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url)
  return new Promise((done, fail) => {
    request({ host: hostname, port, path }, (res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => (body += chunk.toString()))
      res.on('end', () => done({ status: res.statusCode ?? 0, body }))
    })
      .on('error', fail)
      .end()
  })
}

/** The headless app as `npm start` runs it on first launch: the demo workspace, made and served. */
describe('the app in Chromium, on the embedded demo workspace', () => {
  const home = tempDir('oiw-home-')
  let app: RunningApp
  let session: DemoSession
  let context: BrowserContext
  let page: Page

  beforeAll(async () => {
    session = await startDemoSession(home.dir)
    ;({ app, context, page } = session)
  })
  afterAll(async () => {
    await session?.close()
    home.remove()
  })

  it('loads, names the demo workspace and shows its counts', async () => {
    await page.goto(app.pageUrl)
    await expect.poll(() => page.getByTestId('workspace-name').textContent(), { timeout: 20_000 }).toContain('demo-workspace')
    await expect.poll(() => page.getByTestId('catalog-summary').textContent(), { timeout: 20_000 }).toMatch(/300/)
  })

  it('shows the demo images as decoded thumbnails', async () => {
    const tiles = page.getByTestId('image-tile')
    await expect.poll(() => tiles.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(12)
    const loaded = async () =>
      page.$$eval('[data-testid="image-tile"] img', (imgs) =>
        imgs.slice(0, 8).filter((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth === 256).length,
      )
    await expect.poll(loaded, { timeout: 20_000 }).toBe(8)
  })

  it('opens an image with its boxes drawn over it', async () => {
    const first = page.getByTestId('image-tile').first()
    const imageId = await first.getAttribute('data-image-id')
    await first.click()
    const view = page.getByTestId('image-view')
    await expect.poll(() => view.isVisible(), { timeout: 10_000 }).toBe(true)
    const detail = await fetch(`${app.url}/api/images.get`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ imageId }),
    }).then((res) => res.json() as Promise<{ value: { boxes: Array<{ code: string }> } }>)
    expect(detail.value.boxes.length).toBeGreaterThan(0)
    await expect.poll(() => view.locator('[data-box-class]').count(), { timeout: 10_000 }).toBe(detail.value.boxes.length)
    await page.keyboard.press('Escape')
    await expect.poll(() => view.isVisible()).toBe(false)
  })

  it('refuses API, image and socket requests without the token (401)', async () => {
    expect((await fetch(`${app.url}/api/catalog.getSummary`, { method: 'POST', body: '{}' })).status).toBe(401)
    expect((await rawGet(app.url, '/media/thumb/0123456789abcdef.jpg')).status).toBe(401)
    const stranger = await context.newPage()
    await stranger.goto(`${app.url}/`)
    const socketStatus = await stranger.evaluate(
      () =>
        new Promise<string>((done) => {
          const socket = new WebSocket(`ws://${location.host}/ws`)
          socket.onopen = () => done('open')
          socket.onerror = () => done('refused')
        }),
    )
    expect(socketStatus).toBe('refused')
    await expect.poll(() => stranger.getByRole('alert').first().textContent(), { timeout: 10_000 }).toMatch(/token/i)
    await stranger.close()
  })

  it('refuses path traversal on the image route', async () => {
    for (const path of [
      `/media/full/..%2F..%2F..%2F..%2Fetc%2Fpasswd?token=${app.token}`,
      `/media/full/../../../../etc/passwd?token=${app.token}`,
      `/media/thumb/%2e%2e%2f%2e%2e%2fworkspace.json?token=${app.token}`,
    ]) {
      const res = await rawGet(app.url, path)
      expect(res.status, path).toBeGreaterThanOrEqual(400)
      expect(res.body, path).not.toMatch(/root:|oiw-workspace/)
    }
  })
})
