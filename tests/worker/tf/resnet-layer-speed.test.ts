import * as tf from '@tensorflow/tfjs'
import { describe, it } from 'vitest'
import { loadBackend } from '../../../src/worker/tf/backend'

// Per-layer timing of ResNet-18's convolutions at 128 px, batch 32 (forward, filter and input gradients),
// with GFLOP/s; run with OIW_BENCH=1 (and OIW_WASM_THREADS=N to pick the pool, OIW_BENCH_CPU=1 to time CPU
// rather than wall, OIW_BENCH_NET=small for the cpu quick net). Prints a table.
const resnetLayers: Array<{ name: string; x: number[]; k: number; s: number; o: number; count: number }> = [
  { name: 'stem 128² 3→64 k7 s2', x: [32, 128, 128, 3], k: 7, s: 2, o: 64, count: 1 },
  { name: 'layer1 32² 64→64 k3', x: [32, 32, 32, 64], k: 3, s: 1, o: 64, count: 4 },
  { name: 'layer2 32² 64→128 k3 s2', x: [32, 32, 32, 64], k: 3, s: 2, o: 128, count: 1 },
  { name: 'layer2 ds 64→128 k1 s2', x: [32, 32, 32, 64], k: 1, s: 2, o: 128, count: 1 },
  { name: 'layer2 16² 128→128 k3', x: [32, 16, 16, 128], k: 3, s: 1, o: 128, count: 3 },
  { name: 'layer3 16² 128→256 k3 s2', x: [32, 16, 16, 128], k: 3, s: 2, o: 256, count: 1 },
  { name: 'layer3 ds 128→256 k1 s2', x: [32, 16, 16, 128], k: 1, s: 2, o: 256, count: 1 },
  { name: 'layer3 8² 256→256 k3', x: [32, 8, 8, 256], k: 3, s: 1, o: 256, count: 3 },
  { name: 'layer4 8² 256→512 k3 s2', x: [32, 8, 8, 256], k: 3, s: 2, o: 512, count: 1 },
  { name: 'layer4 ds 256→512 k1 s2', x: [32, 8, 8, 256], k: 1, s: 2, o: 512, count: 1 },
  { name: 'layer4 4² 512→512 k3', x: [32, 4, 4, 512], k: 3, s: 1, o: 512, count: 3 },
]

// The "cpu quick" net (small, width 16) at 96 px, batch 32: OIW_BENCH_NET=small.
const smallLayers: typeof resnetLayers = [
  { name: 'stem 96² 3→16 k3 s2', x: [32, 96, 96, 3], k: 3, s: 2, o: 16, count: 1 },
  { name: 'layer1 48² 16→32 k3 s2', x: [32, 48, 48, 16], k: 3, s: 2, o: 32, count: 1 },
  { name: 'layer1 24² 32→32 k3', x: [32, 24, 24, 32], k: 3, s: 1, o: 32, count: 1 },
  { name: 'layer2 24² 32→64 k3 s2', x: [32, 24, 24, 32], k: 3, s: 2, o: 64, count: 1 },
  { name: 'layer2 12² 64→64 k3', x: [32, 12, 12, 64], k: 3, s: 1, o: 64, count: 1 },
  { name: 'layer3 12² 64→128 k3 s2', x: [32, 12, 12, 64], k: 3, s: 2, o: 128, count: 1 },
  { name: 'layer3 6² 128→128 k3', x: [32, 6, 6, 128], k: 3, s: 1, o: 128, count: 1 },
]

/** Milliseconds per call: wall time, or with OIW_BENCH_CPU=1 this process's CPU time (steadier on a busy machine). */
function timeMs(run: () => tf.Tensor, reps: number): number {
  run().dispose()
  const cpu = process.env.OIW_BENCH_CPU === '1'
  const start = cpu ? process.cpuUsage() : undefined
  const wall = performance.now()
  for (let i = 0; i < reps; i++) run().dispose()
  if (start === undefined) return (performance.now() - wall) / reps
  const used = process.cpuUsage(start)
  return (used.user + used.system) / 1000 / reps
}

describe.skipIf(process.env.OIW_BENCH !== '1')('ResNet-18 conv layer speed (OIW_BENCH=1)', () => {
  it('times forward, filter and input gradients per layer', async () => {
    const choice = await loadBackend({ prefer: 'wasm' })
    const rows = [`${choice.reason}`]
    const layers = process.env.OIW_BENCH_NET === 'small' ? smallLayers : resnetLayers
    const totals = { forward: 0, filter: 0, input: 0 }
    for (const layer of layers) {
      const [n, h, w, c] = layer.x as [number, number, number, number]
      const x = tf.randomNormal([n, h, w, c]) as tf.Tensor4D
      const filter = tf.randomNormal([layer.k, layer.k, c, layer.o]) as tf.Tensor4D
      const pad = Math.floor(layer.k / 2)
      const dy = tf.conv2d(x, filter, layer.s, pad)
      const attrs = { strides: [layer.s, layer.s], pad, dataFormat: 'NHWC', dilations: [1, 1] }
      const macs = dy.size * layer.k * layer.k * c
      const reps = layers === smallLayers ? 10 : 2
      const fwd = timeMs(() => tf.conv2d(x, filter, layer.s, pad), reps)
      const fil = timeMs(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: filter.shape }) as tf.Tensor, reps)
      const inp = layer.name.startsWith('stem') // the image needs no gradient
        ? 0
        : timeMs(() => tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, { ...attrs, inputShape: x.shape }) as tf.Tensor, reps)
      totals.forward += fwd * layer.count
      totals.filter += fil * layer.count
      totals.input += inp * layer.count
      const gflops = (ms: number): string => (ms > 0 ? ((2 * macs) / ms / 1e6).toFixed(1) : '-')
      rows.push(
        `${layer.name} ×${layer.count}: forward ${fwd.toFixed(1)} ms (${gflops(fwd)} GFLOP/s) | filter ${fil.toFixed(1)} (${gflops(fil)}) | input ${inp.toFixed(1)} (${gflops(inp)})`,
      )
      tf.dispose([x, filter, dy])
    }
    rows.push(`per step: forward ${totals.forward.toFixed(0)} ms, filter ${totals.filter.toFixed(0)} ms, input ${totals.input.toFixed(0)} ms`)
    console.log(rows.join('\n'))
  }, 900_000)
})
