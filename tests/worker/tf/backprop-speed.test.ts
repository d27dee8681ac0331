import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { describe, it } from 'vitest'
import { conv2DBackpropFilterWasm } from '../../../src/worker/tf/conv2d-backprop-filter'
import { backpropInputByConv, backpropInputByColumns } from '../../../src/worker/tf/conv2d-backprop-input'
import { convGeometry } from '../../../src/worker/tf/conv-geometry'
import { builtinWasmBackpropInput, registerWasmGradientKernels } from '../../../src/worker/tf/wasm-kernels'
import type { WasmBackend } from '../../../src/worker/tf/wasm-heap'

// Timing of the backprop kernels on ResNet-18-like shapes; run with OIW_BENCH=1 (slow, prints a table).
const shapes: Array<{ name: string; x: number[]; k: number; s: number; o: number }> = [
  { name: '[8,32,32,64] k3 s1 →64', x: [8, 32, 32, 64], k: 3, s: 1, o: 64 },
  { name: '[8,32,32,64] k3 s2 →128', x: [8, 32, 32, 64], k: 3, s: 2, o: 128 },
  { name: '[8,32,32,64] k1 s2 →128', x: [8, 32, 32, 64], k: 1, s: 2, o: 128 },
  { name: '[8,128,128,3] k7 s2 →64', x: [8, 128, 128, 3], k: 7, s: 2, o: 64 },
]

function time(run: () => tf.TensorInfo, backend: { disposeData(id: object): void }, reps: number): number {
  backend.disposeData(run().dataId)
  const start = performance.now()
  for (let i = 0; i < reps; i++) backend.disposeData(run().dataId)
  return (performance.now() - start) / reps
}

describe.skipIf(process.env.OIW_BENCH !== '1')('backprop kernel speed (OIW_BENCH=1)', () => {
  it('times ours against the built-in and cpu kernels', async () => {
    await tf.setBackend('wasm')
    registerWasmGradientKernels()
    const backend = tf.backend() as WasmBackend
    const rows: string[] = []
    for (const shape of shapes) {
      const [n, h, w, c] = shape.x as [number, number, number, number]
      const x = tf.randomNormal([n, h, w, c]) as tf.Tensor4D
      const filter = tf.randomNormal([shape.k, shape.k, c, shape.o]) as tf.Tensor4D
      const dy = tf.conv2d(x, filter, shape.s, 'same')
      const attrs = { strides: [shape.s, shape.s], pad: 'same', dataFormat: 'NHWC', filterShape: filter.shape, inputShape: x.shape }
      const g = convGeometry(x.shape, filter.shape, attrs)
      const inputArgs = { inputs: { dy, filter }, attrs, backend }
      const fms = time(() => conv2DBackpropFilterWasm({ inputs: { x, dy }, attrs, backend }), backend, 3)
      const bms = time(() => builtinWasmBackpropInput()!.kernelFunc(inputArgs) as tf.TensorInfo, backend, 3)
      const mms = time(() => backpropInputByColumns(inputArgs, g), backend, 3)
      const cms = shape.s === 1 ? time(() => backpropInputByConv(inputArgs, g), backend, 3) : NaN
      await tf.setBackend('cpu')
      const [xc, fc, dyc] = [tf.tensor(x.dataSync(), x.shape), tf.tensor(filter.dataSync(), filter.shape), tf.tensor(dy.dataSync(), dy.shape)]
      // The cpu filter gradient takes minutes per call on these shapes (see wasm-kernels.ts); not repeated here.
      const t1 = performance.now()
      tf.dispose(tf.engine().runKernel('Conv2DBackpropInput', { dy: dyc, filter: fc }, attrs) as tf.Tensor)
      const t2 = performance.now()
      tf.dispose([xc, fc, dyc])
      await tf.setBackend('wasm')
      rows.push(`${shape.name}: filter ours ${fms.toFixed(1)} | input builtin ${bms.toFixed(1)} columns ${mms.toFixed(1)} conv ${cms.toFixed(1)} cpu ${(t2 - t1).toFixed(0)} ms`)
      tf.dispose([x, filter, dy])
    }
    console.log(rows.join('\n'))
  }, 600_000)
})
