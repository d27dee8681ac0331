import { describe, expect, it } from 'vitest'
import { fineTuneTime } from '../../../../src/main/services/kaggle/kaggle-pipeline'
import { applicableAdaptation, kaggleFineTuneImages, kaggleScorings } from '../../../../src/main/services/kaggle/kaggle-predict'
import { noShiftAdaptation } from '../../../../src/shared/training/shift-adaptation'

describe("the Kaggle pipeline's predict reserve", () => {
  const fineTuned = { ...noShiftAdaptation, fineTuneFolds: 5, fineTuneEpochs: 8, checkpoints: 'snapshot' as const }

  it("counts each tuning image once and every other image once per fold when fine-tuning, else once per checkpoint", () => {
    const images = { predict: 400, tuning: 100 }
    expect(kaggleScorings(images, fineTuned)).toBe(100 + 300 * 5)
    expect(kaggleScorings(images, { ...fineTuned, fineTuneFolds: 0 })).toBe(800)
    expect(kaggleScorings(images, noShiftAdaptation)).toBe(400)
  })

  it("counts the images fine-tuning trains on: each fold passes over the other folds' share, every epoch", () => {
    // 100 tuning images, 5 folds of 20: each fold trains on 80 for 8 epochs, 5 × 8 × 80
    expect(kaggleFineTuneImages(100, fineTuned)).toBe(3200)
    expect(kaggleFineTuneImages(100, noShiftAdaptation)).toBe(0)
  })

  it('leaves fine-tuning out, predicting with its checkpoints choice, where fewer than two tuning images a fold have a file', () => {
    expect(applicableAdaptation(fineTuned, 10)).toEqual(fineTuned)
    expect(applicableAdaptation(fineTuned, 9)).toEqual({ ...fineTuned, fineTuneFolds: 0 })
    expect(applicableAdaptation(noShiftAdaptation, 0)).toBe(noShiftAdaptation)
  })
})

describe("fine-tuning's time in the pipeline", () => {
  it("is what is left less the plan's predict and export part, or half of it without a plan, at least a second", () => {
    expect(fineTuneTime(100, { seconds: 60, fineTuneSeconds: 40 })).toBe(80)
    expect(fineTuneTime(100, null)).toBe(50)
    expect(fineTuneTime(10, { seconds: 60, fineTuneSeconds: 5 })).toBe(1)
  })
})
