/** The trainer's tfjs layer: backend choice, wasm gradient kernels and batch norm with a closed-form gradient. */
export { loadBackend } from './backend'
export { batchNormInference, batchNormTraining, type BatchNormResult } from './batch-norm'
export { registerWasmGradientKernels } from './wasm-kernels'
