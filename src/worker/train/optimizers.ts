import * as tf from '@tensorflow/tfjs'
import type { OptimizerConfig, OptimizerName } from '../../shared/training/config'

/**
 * Our own optimizers (tfjs has no AdamW, and its optimizers' state is awkward to checkpoint), following
 * PyTorch's update rules so recipes carry over:
 * - adam: g ← ∇ + wd·w; m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²; w ← w − lr·m̂ / (√v̂ + ε) with the
 *   bias-corrected m̂ = m / (1−β1ᵗ), v̂ = v / (1−β2ᵗ).
 * - adamw: w ← w·(1 − lr·wd) first (decoupled decay), then adam without the L2 term.
 * - sgd: g ← ∇ + wd·w; b ← μ·b + g (b starts at 0, so b = g at the first step); w ← w − lr·(g + μ·b) with
 *   nesterov, else w ← w − lr·b. Momentum 0 is plain SGD.
 * Weight decay skips every variable of rank ≤ 1: biases and batch-norm gamma/beta (the usual recipe, e.g. timm's).
 * A variable without a gradient in a step is left alone (its slots too).
 */

export const adamBeta1 = 0.9
export const adamBeta2 = 0.999
export const adamEpsilon = 1e-8

/** What a checkpoint stores: the step count (for bias correction) and every slot by `key/slot` (`3/m`, `fc.weight/v`). */
export interface OptimizerState {
  name: OptimizerName
  step: number
  slots: Record<string, Float32Array>
}

export interface Optimizer {
  readonly config: OptimizerConfig
  /** Applies one update with learning rate `lr`. `grads` is keyed by `tf.Variable.name`, as `tf.variableGrads` returns it; they are not disposed. */
  step(grads: Map<string, tf.Tensor> | tf.NamedTensorMap, lr: number): void
  /** A copy of the state for a checkpoint (reads the slots synchronously). */
  state(): OptimizerState
  /** Restores a `state()`; throws naming the slot when a name or size does not match these variables. */
  loadState(state: OptimizerState): void
  /** Frees the slots (not the variables). */
  dispose(): void
}

interface Entry {
  key: string
  variable: tf.Variable
  decay: boolean
  slots: Map<string, tf.Variable>
}

/**
 * An optimizer for `variables`: an array (slots keyed by position, so build it from the same model each
 * time, e.g. `model.trainableVariables()`) or a map from stable names (slots keyed by name).
 */
export function createOptimizer(config: OptimizerConfig, variables: tf.Variable[] | Map<string, tf.Variable>): Optimizer {
  const named = Array.isArray(variables) ? variables.map((v, i) => [String(i), v] as const) : [...variables]
  const slotNames = config.name === 'sgd' ? (config.momentum > 0 ? ['momentum'] : []) : ['m', 'v']
  const entries: Entry[] = named.map(([key, variable]) => ({
    key,
    variable,
    decay: config.weightDecay > 0 && variable.rank > 1,
    slots: new Map(slotNames.map((slot) => [slot, tf.tidy(() => tf.variable(tf.zerosLike(variable), false))])),
  }))
  let steps = 0

  const slot = (entry: Entry, name: string): tf.Variable => entry.slots.get(name)!

  function update(entry: Entry, gradient: tf.Tensor, lr: number, t: number): void {
    const w = entry.variable
    const wd = entry.decay ? config.weightDecay : 0
    if (config.name === 'sgd') {
      const g = wd > 0 ? tf.add(gradient, tf.mul(wd, w)) : gradient
      if (config.momentum === 0) return w.assign(tf.sub(w, tf.mul(lr, g)))
      const buffer = slot(entry, 'momentum')
      const b = tf.add(tf.mul(config.momentum, buffer), g)
      buffer.assign(b)
      const direction = config.nesterov ? tf.add(g, tf.mul(config.momentum, b)) : b
      return w.assign(tf.sub(w, tf.mul(lr, direction)))
    }
    const decoupled = config.name === 'adamw'
    const base = decoupled && wd > 0 ? tf.mul(w, 1 - lr * wd) : w
    const g = !decoupled && wd > 0 ? tf.add(gradient, tf.mul(wd, w)) : gradient
    const m = tf.add(tf.mul(adamBeta1, slot(entry, 'm')), tf.mul(1 - adamBeta1, g))
    const v = tf.add(tf.mul(adamBeta2, slot(entry, 'v')), tf.mul(1 - adamBeta2, tf.square(g)))
    slot(entry, 'm').assign(m)
    slot(entry, 'v').assign(v)
    const mHat = tf.div(m, 1 - adamBeta1 ** t)
    const vHat = tf.div(v, 1 - adamBeta2 ** t)
    w.assign(tf.sub(base, tf.mul(lr, tf.div(mHat, tf.add(tf.sqrt(vHat), adamEpsilon)))))
  }

  return {
    config,
    step(grads, lr) {
      const lookup = (name: string): tf.Tensor | undefined => (grads instanceof Map ? grads.get(name) : grads[name])
      steps += 1
      tf.tidy(() => {
        for (const entry of entries) {
          const gradient = lookup(entry.variable.name)
          if (gradient) update(entry, gradient, lr, steps)
        }
      })
    },
    state() {
      const slots: Record<string, Float32Array> = {}
      for (const entry of entries) {
        for (const [name, value] of entry.slots) slots[`${entry.key}/${name}`] = (value.dataSync() as Float32Array).slice()
      }
      return { name: config.name, step: steps, slots }
    },
    loadState(state) {
      if (state.name !== config.name) throw new Error(`optimizer state is for ${state.name}, this optimizer is ${config.name}`)
      const expected = new Set(entries.flatMap((e) => [...e.slots.keys()].map((s) => `${e.key}/${s}`)))
      const unexpected = Object.keys(state.slots).filter((k) => !expected.has(k))
      if (unexpected.length > 0) throw new Error(`optimizer state has unexpected slots: ${unexpected.slice(0, 5).join(', ')}`)
      for (const entry of entries) {
        for (const [name, value] of entry.slots) {
          const key = `${entry.key}/${name}`
          const saved = state.slots[key]
          if (!saved) throw new Error(`optimizer state lacks slot ${key}`)
          if (saved.length !== value.size) throw new Error(`optimizer slot ${key} has ${saved.length} values, expected ${value.size}`)
        }
      }
      for (const entry of entries) {
        for (const [name, value] of entry.slots) {
          tf.tidy(() => value.assign(tf.tensor(state.slots[`${entry.key}/${name}`]!, value.shape)))
        }
      }
      steps = state.step
    },
    dispose() {
      for (const entry of entries) for (const value of entry.slots.values()) value.dispose()
    },
  }
}
