import sharp from 'sharp'
import type { AugmentationLevel } from '../../shared/training/config'
import { Random, hashSeed } from '../../shared/prng'
import { planAugmentation } from './augment-plan'
import { objectMask, recolourContext } from './context-augment'
import type { Box } from './box-samples'
import { imageDimensions } from './image-dimensions'

export interface LoadImageOptions {
  file: string
  /** Normalized crop for box samples (grown by 10% context on each side). */
  box?: Box | undefined
  /** Side of the square output in pixels. */
  size: number
  augmentation: AugmentationLevel
  /** The image's boxes (four normalised coordinates each) and the chance of showing it in a new context. */
  objects?: Float32Array
  context?: number
  /** All randomness derives from it: same seed, identical bytes. */
  seed: number
}

/** Grey shown where a rotation uncovers the corners (the mean of natural images, roughly). */
const neutral = { r: 124, g: 116, b: 104 }

/**
 * Decodes one sample into size × size × 3 RGB bytes (HWC, row-major). The image (or box region, or the
 * random crop of it) is stretched to the square (no letterbox), flipped and colour-jittered by sharp off
 * the JS thread; with `objects`, `context` of the images get a new context (context-augment.ts); 'hard' then rotates ±10° about the centre on a neutral grey and crops back to size × size.
 * Throws an Error naming the file when it is missing or cannot be decoded.
 */
export async function loadImage(options: LoadImageOptions): Promise<Uint8Array> {
  const { file, size } = options
  const { width, height } = await imageDimensions(file)
  const plan = planAugmentation(width, height, options.box, options.augmentation, options.seed)
  try {
    let image = sharp(file).extract({ left: plan.left, top: plan.top, width: plan.width, height: plan.height }).resize(size, size, { fit: 'fill' })
    if (plan.flip) image = image.flop()
    if (plan.brightness !== 1 || plan.saturation !== 1 || plan.hue !== 0) {
      image = image.modulate({ brightness: plan.brightness, saturation: plan.saturation, hue: plan.hue })
    }
    const { data, info } = await image.removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true })
    const pixels = toRgb(data, info.channels, size * size)
    if (options.objects && options.objects.length > 0 && options.context) {
      const random = new Random(hashSeed('context', options.seed))
      if (random.chance(options.context)) recolourContext(pixels, size, objectMask(options.objects, plan, width, height, size, pixels), random)
    }
    return plan.angle === 0 ? pixels : await rotateAndCrop(pixels, size, plan.angle)
  } catch (error) {
    throw new Error(`cannot decode image ${file}: ${(error as Error).message}`, { cause: error })
  }
}

async function rotateAndCrop(pixels: Uint8Array, size: number, angle: number): Promise<Uint8Array> {
  const { data, info } = await sharp(pixels, { raw: { width: size, height: size, channels: 3 } })
    .rotate(angle, { background: neutral })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true })
  const out = new Uint8Array(size * size * 3)
  const left = Math.floor((info.width - size) / 2)
  const top = Math.floor((info.height - size) / 2)
  for (let y = 0; y < size; y++) {
    const from = ((top + y) * info.width + left) * info.channels
    if (info.channels === 3) out.set(data.subarray(from, from + size * 3), y * size * 3)
    else for (let x = 0; x < size; x++) for (let c = 0; c < 3; c++) out[(y * size + x) * 3 + c] = data[from + x * info.channels + c]!
  }
  return out
}

function toRgb(data: Buffer, channels: number, pixelCount: number): Uint8Array {
  if (channels === 3) return new Uint8Array(data.buffer, data.byteOffset, data.length)
  const out = new Uint8Array(pixelCount * 3)
  for (let i = 0; i < pixelCount; i++) for (let c = 0; c < 3; c++) out[i * 3 + c] = data[i * channels + Math.min(c, channels - 1)]!
  return out
}
