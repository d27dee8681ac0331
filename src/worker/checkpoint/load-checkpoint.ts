import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { OptimizerState } from '../train/optimizers'
import { elementCount, manifestFile, optimizerFile, validateManifest, weightsFile } from './manifest'
import { previousFolder } from './save-checkpoint'

export interface StoredTensor {
  shape: number[]
  values: Float32Array
}

export interface LoadedCheckpoint {
  weights: Map<string, StoredTensor>
  optimizer: OptimizerState | null
  meta: Record<string, unknown>
}

/**
 * Reads a checkpoint written by `saveCheckpoint`. If `dir` is missing but `<dir>.previous` exists (a crash
 * between the two renames of a replace), reads that. Throws an error naming the file when the manifest is
 * not valid JSON of our format or a .bin file's size does not match it (e.g. truncated).
 */
export async function loadCheckpoint(dir: string): Promise<LoadedCheckpoint> {
  const folder = (await exists(dir)) || !(await exists(previousFolder(dir))) ? dir : previousFolder(dir)
  const manifestPath = join(folder, manifestFile)
  let text: string
  try {
    text = await readFile(manifestPath, 'utf8')
  } catch (error) {
    throw new Error(`${manifestPath}: cannot read the checkpoint manifest (${(error as Error).message})`, { cause: error })
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new Error(`${manifestPath}: not valid JSON (${(error as Error).message})`, { cause: error })
  }
  const manifest = validateManifest(parsed, manifestPath)
  const weightsPath = join(folder, weightsFile)
  const weightBytes = await readFloats(weightsPath, manifest.weights.bytes)
  const weights = new Map<string, StoredTensor>()
  for (const { name, shape, offset } of manifest.weights.tensors) {
    weights.set(name, { shape, values: slice(weightBytes, offset, elementCount(shape), weightsPath, name) })
  }
  let optimizer: OptimizerState | null = null
  if (manifest.optimizer) {
    const optimizerPath = join(folder, optimizerFile)
    const optimizerBytes = await readFloats(optimizerPath, manifest.optimizer.bytes)
    const slots: Record<string, Float32Array> = {}
    for (const { name, length, offset } of manifest.optimizer.slots) slots[name] = slice(optimizerBytes, offset, length, optimizerPath, name)
    optimizer = { name: manifest.optimizer.name, step: manifest.optimizer.step, slots }
  }
  return { weights, optimizer, meta: manifest.meta }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  )
}

/** The file's bytes, 4-byte aligned, after checking its size against the manifest. */
async function readFloats(path: string, expectedBytes: number): Promise<Uint8Array> {
  let bytes: Uint8Array
  try {
    bytes = await readFile(path)
  } catch (error) {
    throw new Error(`${path}: cannot read checkpoint data (${(error as Error).message})`, { cause: error })
  }
  if (bytes.byteLength !== expectedBytes) {
    throw new Error(`${path}: ${bytes.byteLength} bytes, the manifest says ${expectedBytes} (${bytes.byteLength < expectedBytes ? 'truncated' : 'too long'}): the checkpoint is damaged`)
  }
  return bytes.byteOffset % 4 === 0 ? bytes : bytes.slice()
}

function slice(bytes: Uint8Array, offset: number, length: number, path: string, name: string): Float32Array {
  if (offset % 4 !== 0 || offset + length * 4 > bytes.byteLength) {
    throw new Error(`${path}: ${name} (${length} floats at byte ${offset}) lies outside the file's ${bytes.byteLength} bytes`)
  }
  return new Float32Array(bytes.buffer, bytes.byteOffset + offset, length)
}
