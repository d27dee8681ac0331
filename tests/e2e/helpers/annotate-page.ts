import type { Locator, Page } from 'playwright-core'
import { expect } from 'vitest'

export interface Rect {
  left: number
  top: number
  width: number
  height: number
}

export const rectOf = (locator: Locator): Promise<Rect> =>
  locator.evaluate((element) => {
    const { left, top, width, height } = element.getBoundingClientRect()
    return { left, top, width, height }
  })

export const imageView = (page: Page) => page.getByTestId('image-view')

/** Opens an image of the grid in the image view and waits for its pixels. */
export async function openTile(page: Page, imageId: string): Promise<Locator> {
  const tile = page.locator(`[data-testid="image-tile"][data-image-id="${imageId}"]`)
  await expect.poll(() => tile.count(), { timeout: 20_000 }).toBe(1)
  await tile.scrollIntoViewIfNeeded()
  await tile.click()
  await expect.poll(() => imageView(page).getAttribute('data-image-id'), { timeout: 10_000 }).toBe(imageId)
  const image = imageView(page).locator(`img[alt="Image ${imageId}"]`)
  await expect.poll(() => image.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0), { timeout: 10_000 }).toBe(true)
  return image
}

/** Types into a class picker and chooses the class by its code. */
export async function pickClass(page: Page, picker: Locator, name: string, code: string): Promise<void> {
  const input = picker.locator('input')
  await input.click()
  await input.fill(name)
  await page.locator(`li[data-class-code="${code}"]`).click({ timeout: 10_000 })
  await expect.poll(() => input.inputValue()).toBe(name)
}

/** Presses, drags by (dx, dy) and releases the mouse, in steps. */
export async function drag(page: Page, from: { x: number; y: number }, dx: number, dy: number): Promise<void> {
  await page.mouse.move(from.x, from.y)
  await page.mouse.down()
  await page.mouse.move(from.x + dx, from.y + dy, { steps: 6 })
  await page.mouse.up()
}

/** A point of the box's outline in the view that no other box covers (to click or drag it by), or null. */
export function pointOnBox(page: Page, boxId: number): Promise<{ x: number; y: number } | null> {
  return imageView(page)
    .locator(`[data-box-id="${boxId}"]`)
    .evaluate((element, id) => {
      const { left, top, width, height } = element.getBoundingClientRect()
      for (let fy = 0.1; fy < 1; fy += 0.1)
        for (let fx = 0.1; fx < 1; fx += 0.1) {
          const x = left + fx * width
          const y = top + fy * height
          if (document.elementFromPoint(x, y)?.closest('[data-box-id]')?.getAttribute('data-box-id') === String(id)) return { x, y }
        }
      return null
    }, boxId)
}

/** Closes the image view: Esc first drops a drawn box, a selection and draw mode, so press until it is gone. */
export async function closeView(page: Page): Promise<void> {
  for (let i = 0; i < 6 && (await imageView(page).isVisible()); i++) {
    await page.keyboard.press('Escape')
    await page.waitForTimeout(150)
  }
  await expect.poll(() => imageView(page).isVisible()).toBe(false)
}
