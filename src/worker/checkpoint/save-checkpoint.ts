import { randomBytes } from 'node:crypto'
import { mkdir, open, rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type * as tf from '@tensorflow/tfjs'
import type { OptimizerState } from '../train/optimizers'
import { checkpointFormat, checkpointVersion, manifestFile, optimizerFile, weightsFile, type CheckpointManifest, type ManifestSlot, type ManifestTensor } from './manifest'

export interface CheckpointData {
  /** Model weights by name, e.g. `model.namedWeights()`; read, not disposed. */
  weights: Map<string, tf.Variable | tf.Tensor>
  optimizer?: OptimizerState | null
  /** JSON: stage, epoch, step, config, metric, rng state… */
  meta: Record<string, unknown>
}

/** Where a replaced checkpoint waits while the new one is renamed in; `loadCheckpoint` falls back to it. */
export function previousFolder(dir: string): string {
  return `${dir}.previous`
}

/**
 * Writes a checkpoint folder atomically: files go to a temporary folder beside `dir`, are fsync'ed, and the
 * folder is renamed into place. An existing `dir` is renamed to `<dir>.previous` first and removed after,
 * so a crash at any point leaves the old checkpoint or the new one (`loadCheckpoint` knows where to look).
 */
export async function saveCheckpoint(dir: string, data: CheckpointData): Promise<void> {
  const parent = dirname(dir)
  await mkdir(parent, { recursive: true })
  const temporary = join(parent, `.${basename(dir)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`)
  try {
    const tensors: ManifestTensor[] = []
    const chunks: Float32Array[] = []
    let bytes = 0
    for (const [name, tensor] of data.weights) {
      if (tensor.dtype !== 'float32') throw new Error(`checkpoint weight ${name} is ${tensor.dtype}; only float32 is stored`)
      chunks.push((await tensor.data()) as Float32Array)
      tensors.push({ name, shape: [...tensor.shape], offset: bytes })
      bytes += tensor.size * 4
    }
    const manifest: CheckpointManifest = { format: checkpointFormat, version: checkpointVersion, weights: { file: weightsFile, bytes, tensors }, optimizer: null, meta: data.meta }
    await mkdir(temporary)
    await writeDurably(join(temporary, weightsFile), chunks)
    if (data.optimizer) {
      const slots: ManifestSlot[] = []
      let slotBytes = 0
      for (const [name, values] of Object.entries(data.optimizer.slots)) {
        slots.push({ name, length: values.length, offset: slotBytes })
        slotBytes += values.length * 4
      }
      await writeDurably(join(temporary, optimizerFile), Object.values(data.optimizer.slots))
      manifest.optimizer = { file: optimizerFile, bytes: slotBytes, name: data.optimizer.name, step: data.optimizer.step, slots }
    }
    await writeDurably(join(temporary, manifestFile), [new TextEncoder().encode(JSON.stringify(manifest, null, 1))])
    await syncFolder(temporary)
    await swapIn(temporary, dir)
  } catch (error) {
    await rm(temporary, { recursive: true, force: true })
    throw error
  }
}

async function swapIn(temporary: string, dir: string): Promise<void> {
  const previous = previousFolder(dir)
  const exists = await stat(dir).then(
    () => true,
    () => false,
  )
  if (exists) {
    await rm(previous, { recursive: true, force: true })
    await rename(dir, previous)
  }
  await rename(temporary, dir)
  await syncFolder(dirname(dir))
  // also a stale one left by a crash mid-swap: `dir` is now complete
  await rm(previous, { recursive: true, force: true })
}

/** Writes the arrays' bytes (little-endian, as every platform we run on) and fsyncs the file. */
async function writeDurably(path: string, chunks: ArrayBufferView[]): Promise<void> {
  const file = await open(path, 'w')
  try {
    for (const chunk of chunks) {
      const view = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)
      let written = 0
      while (written < view.byteLength) written += (await file.write(view, written)).bytesWritten
    }
    await file.sync()
  } finally {
    await file.close()
  }
}

/** fsyncs a folder so renames in it are durable; skipped where folders cannot be opened (Windows). */
async function syncFolder(path: string): Promise<void> {
  let folder
  try {
    folder = await open(path, 'r')
  } catch {
    return
  }
  try {
    await folder.sync()
  } catch {
    // some file systems refuse to fsync a folder; the rename is still atomic
  } finally {
    await folder.close()
  }
}
