import * as tf from '@tensorflow/tfjs'

/** max|a − b| / max(max|b|, 1e-6): the error of `actual` relative to the reference's scale. */
export function relativeError(actual: ArrayLike<number>, reference: ArrayLike<number>): number {
  if (actual.length !== reference.length) return Infinity
  let diff = 0
  let scale = 1e-6
  for (let i = 0; i < reference.length; i++) {
    const a = actual[i] as number
    const b = reference[i] as number
    diff = Math.max(diff, Number.isNaN(a) ? Infinity : Math.abs(a - b))
    scale = Math.max(scale, Math.abs(b))
  }
  return diff / scale
}

/** Deterministic pseudo-random floats in [−1, 1) so failures reproduce. */
export function randomValues(size: number, seed: number): Float32Array {
  const out = new Float32Array(size)
  let state = seed >>> 0 || 1
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    out[i] = state / 2 ** 31 - 1
  }
  return out
}

/** Runs `fn` with `backend` active and returns its plain result; restores the previous backend. */
export async function onBackend<T>(backend: string, fn: () => T): Promise<T> {
  const previous = tf.getBackend()
  await tf.setBackend(backend)
  try {
    return fn()
  } finally {
    await tf.setBackend(previous)
  }
}

/** Runs one kernel on the active backend through the engine and returns its values. */
export function runKernelValues(name: string, inputs: Record<string, tf.Tensor>, attrs: tf.NamedAttrMap): Float32Array {
  const out = tf.engine().runKernel(name, inputs, attrs) as tf.Tensor
  const values = out.dataSync() as Float32Array
  out.dispose()
  return values
}
