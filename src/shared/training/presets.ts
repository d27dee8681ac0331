import type { RunConfigInput } from './config'

/**
 * Named starting points for a run. A preset is a partial config; `oiw train --preset NAME` and the training
 * page start from it and let every field be overridden.
 */
export const presets = {
  /**
   * The competition write-up's recipe (docs/seed-recipe.md): ResNet-50 pretrained on box crops, then
   * fine-tuned multi-label with soft-F2, multi-scale 224–320 through global pooling, Adam switched to SGD when
   * validation F2 stalls, hard augmentation.
   */
  'seed-recipe': {
    name: 'seed recipe',
    model: { arch: 'resnet50' },
    classes: 'trainable',
    stages: [
      {
        kind: 'boxes',
        epochs: 10,
        batchSize: 64,
        inputSizes: [128, 160],
        augmentation: 'hard',
        sampling: { scheme: 'sqrt' },
        optimizer: { name: 'adam', lr: 1e-3, weightDecay: 1e-5 },
        schedule: { kind: 'cosine', warmupSteps: 500 },
      },
      {
        kind: 'labels',
        epochs: 20,
        batchSize: 32,
        inputSizes: [224, 256, 288, 320],
        augmentation: 'hard',
        sampling: { scheme: 'sqrt' },
        loss: { bce: 0.5, softF2: 1 },
        optimizer: { name: 'adam', lr: 3e-4, weightDecay: 1e-5 },
        switch: { to: { name: 'sgd', lr: 0.01, momentum: 0.9, nesterov: true, weightDecay: 1e-4 }, plateauPatience: 2 },
        schedule: { kind: 'constant', warmupSteps: 200 },
        machineLabels: { use: true, minConfidence: 0.7, weight: 0.5 },
      },
    ],
  },
  /** A small net at 96–128 px that trains on a laptop CPU in minutes. */
  'cpu-quick': {
    name: 'cpu quick',
    model: { arch: 'small' },
    classes: 'trainable',
    stages: [
      { kind: 'boxes', epochs: 2, batchSize: 32, inputSizes: [64], augmentation: 'soft', optimizer: { name: 'adam', lr: 2e-3 } },
      {
        kind: 'labels',
        epochs: 4,
        batchSize: 32,
        inputSizes: [96, 112, 128],
        augmentation: 'soft',
        loss: { bce: 1, softF2: 0.5 },
        optimizer: { name: 'adam', lr: 2e-3 },
        switch: { to: { name: 'sgd', lr: 0.02, momentum: 0.9 }, plateauPatience: 2 },
      },
    ],
  },
} satisfies Record<string, RunConfigInput>

export type PresetName = keyof typeof presets
export const presetNames = Object.keys(presets) as PresetName[]
