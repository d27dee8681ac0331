import sharp from 'sharp'

/** Pixel size of an image file as stored (no EXIF rotation: crops use the stored frame, as sharp reads it). */
export interface Dimensions {
  width: number
  height: number
}

const capacity = 65_536
const cache = new Map<string, Dimensions>()

/**
 * An image's size from its header (sharp metadata: no decode), remembered in a small LRU (65 536 files,
 * ~8 MB) so later epochs skip the extra round trip to the thread pool. Throws an Error naming the file.
 */
export async function imageDimensions(file: string): Promise<Dimensions> {
  const known = cache.get(file)
  if (known) {
    cache.delete(file)
    cache.set(file, known)
    return known
  }
  let dimensions: Dimensions
  try {
    const { width, height } = await sharp(file).metadata()
    if (!width || !height) throw new Error('no size in header')
    dimensions = { width, height }
  } catch (error) {
    throw new Error(`cannot read image ${file}: ${(error as Error).message}`, { cause: error })
  }
  cache.set(file, dimensions)
  if (cache.size > capacity) cache.delete(cache.keys().next().value!)
  return dimensions
}
