export { applyWeights, type ApplyWeightsOptions } from './apply-weights'
export { loadCheckpoint, type LoadedCheckpoint, type StoredTensor } from './load-checkpoint'
export { previousFolder, saveCheckpoint, type CheckpointData } from './save-checkpoint'
