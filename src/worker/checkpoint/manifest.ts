import type { OptimizerName } from '../../shared/training/config'

/**
 * A checkpoint is a folder: `manifest.json` (this), `weights.bin` and, when an optimizer was saved,
 * `optimizer.bin`: every tensor's float32 values, little-endian, back to back in manifest order.
 */

export const manifestFile = 'manifest.json'
export const weightsFile = 'weights.bin'
export const optimizerFile = 'optimizer.bin'
export const checkpointFormat = 'oiw-checkpoint'
export const checkpointVersion = 1

export interface ManifestTensor {
  name: string
  shape: number[]
  /** Byte offset in the .bin file. */
  offset: number
}

export interface ManifestSlot {
  name: string
  length: number
  offset: number
}

export interface CheckpointManifest {
  format: typeof checkpointFormat
  version: number
  weights: { file: string; bytes: number; tensors: ManifestTensor[] }
  optimizer: { file: string; bytes: number; name: OptimizerName; step: number; slots: ManifestSlot[] } | null
  meta: Record<string, unknown>
}

export function elementCount(shape: number[]): number {
  return shape.reduce((product, side) => product * side, 1)
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0

/** Checks a parsed manifest's structure; throws naming the file and the bad field. */
export function validateManifest(value: unknown, path: string): CheckpointManifest {
  const fail = (what: string): never => {
    throw new Error(`${path}: not a valid checkpoint manifest (${what})`)
  }
  if (!isRecord(value) || value.format !== checkpointFormat) return fail(`format is not "${checkpointFormat}"`)
  if (value.version !== checkpointVersion) return fail(`version ${String(value.version)}, this build reads ${checkpointVersion}`)
  const weights = value.weights
  if (!isRecord(weights) || !isCount(weights.bytes) || !Array.isArray(weights.tensors)) return fail('weights')
  weights.tensors.forEach((t: unknown, i) => {
    if (!isRecord(t) || typeof t.name !== 'string' || !isCount(t.offset) || !Array.isArray(t.shape) || !t.shape.every(isCount)) fail(`weights.tensors.${i}`)
  })
  const optimizer = value.optimizer
  if (optimizer !== null) {
    if (!isRecord(optimizer) || !isCount(optimizer.bytes) || typeof optimizer.name !== 'string' || !isCount(optimizer.step) || !Array.isArray(optimizer.slots)) return fail('optimizer')
    optimizer.slots.forEach((s: unknown, i) => {
      if (!isRecord(s) || typeof s.name !== 'string' || !isCount(s.offset) || !isCount(s.length)) fail(`optimizer.slots.${i}`)
    })
  }
  if (!isRecord(value.meta)) return fail('meta')
  return value as unknown as CheckpointManifest
}
