import sharp from 'sharp'
import { luminance } from './demo-classes'
import type { Background, DrawnObject, ImageLayout } from './image-plan'

/** JPEG quality of the demo images: like typical web photos, small files, colours intact inside shapes. */
const jpegQuality = 80

/** Caption font size in pixels, and the rough advance of one character used to decide whether it fits. */
const captionSize = 11
const captionCharWidth = 7

/** How an image is drawn: `captions` writes the class name inside large shapes (the demo's default: true). */
export interface RenderOptions {
  captions?: boolean
}

/**
 * Draws a laid-out image and writes it as a JPEG. The SVG is rendered at 72 dpi, so its user units are the
 * image's pixels and every shape covers exactly its planned box.
 */
export async function renderDemoImage(layout: ImageLayout, path: string, options: RenderOptions = {}): Promise<void> {
  await sharp(Buffer.from(layoutSvg(layout, options)))
    .jpeg({ quality: jpegQuality })
    .toFile(path)
}

/** The SVG document of an image: backdrop, then each object with its caption (unless turned off), bottom to top. */
export function layoutSvg(layout: ImageLayout, { captions = true }: RenderOptions = {}): string {
  const { width, height } = layout
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    ...backgroundSvg(layout.background, width, height),
    ...layout.objects.flatMap((object) => [shapeSvg(object), captions ? captionSvg(object) : '']),
    '</svg>',
  ]
  return parts.join('')
}

function backgroundSvg(background: Background, width: number, height: number): string[] {
  const rect = (fill: string): string => `<rect x="0" y="0" width="${width}" height="${height}" fill="${fill}"/>`
  if (background.kind === 'flat') return [rect(background.from)]
  const end = background.kind === 'vertical' ? 'x2="0" y2="1"' : 'x2="1" y2="1"'
  return [
    `<defs><linearGradient id="bg" x1="0" y1="0" ${end}>`,
    `<stop offset="0" stop-color="${background.from}"/><stop offset="1" stop-color="${background.to}"/>`,
    '</linearGradient></defs>',
    rect('url(#bg)'),
  ]
}

function shapeSvg({ cls, colour, shape }: DrawnObject): string {
  const w = shape.right - shape.left
  const h = shape.bottom - shape.top
  const fill = `fill="${colour}"`
  switch (cls.shape) {
    case 'ellipse':
      return `<ellipse cx="${shape.left + w / 2}" cy="${shape.top + h / 2}" rx="${w / 2}" ry="${h / 2}" ${fill}/>`
    case 'roundRect': {
      const r = Math.round(Math.min(w, h) * 0.2)
      return `<rect x="${shape.left}" y="${shape.top}" width="${w}" height="${h}" rx="${r}" ry="${r}" ${fill}/>`
    }
    case 'rect':
      return `<rect x="${shape.left}" y="${shape.top}" width="${w}" height="${h}" ${fill}/>`
  }
}

/**
 * The class name inside a shape, well above its centre, so the pixels around the centre keep the class colour. Only for
 * whole (untruncated) shapes tall and wide enough that the text stays inside even an ellipse.
 */
function captionSvg({ cls, shape, truncated }: DrawnObject): string {
  const w = shape.right - shape.left
  const h = shape.bottom - shape.top
  const room = cls.shape === 'ellipse' ? 0.6 * w : w - 8
  if (truncated || h < 64 || cls.name.length * captionCharWidth > room) return ''
  const x = shape.left + w / 2
  const baseline = shape.top + h / 2 - 14
  const ink = luminance(cls.colour) > 0.55 ? '#1a1a1a' : '#ffffff'
  return (
    `<text x="${x}" y="${baseline}" text-anchor="middle" font-family="DejaVu Sans, Arial, Helvetica, sans-serif" ` +
    `font-size="${captionSize}" font-weight="bold" fill="${ink}">${escapeXml(cls.name)}</text>`
  )
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
