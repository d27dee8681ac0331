import { describe, expect, it } from 'vitest'
import type { AnalysisSummary, ImageErrorLabel, PredictionSetInfo } from '../../../src/shared/api/evaluation'
import { crossValidatedF2, crossValidationText, defaultSet, formatChange, labelChipText, labelChipTitle, labelsOf, nextSort, outcomeStyle, policyText, rangeText } from '../../../src/renderer/errors/error-format'

const summary = (over: Partial<AnalysisSummary['thresholds']> = {}): AnalysisSummary => ({
  set: 's', kind: 'scores', truth: 'tuning', images: 999, unscoredTuningImages: 1, meanF2: 0.5, minLabels: 1, maxLabels: 10, classes: 3, imagesWithFp: 2, imagesWithFn: 2, seconds: 1,
  thresholds: { source: 'fitted', global: 0.4, applied: 'global', perClassCount: 0, fit: { globalF2: 0.5, perClassF2: 0.6, crossValidated: { folds: 5, globalF2: 0.49, perClassF2: 0.47 } }, ...over },
})
const set = (name: string, tuningImages: number): PredictionSetInfo => ({ name, kind: 'scores', file: 'f', createdAt: '', images: 10, rows: 20, tuningImages, humanImages: 0 })

describe('error page formatting', () => {
  it('colours the outcomes green, red and amber', () => {
    expect([outcomeStyle.tp.chip, outcomeStyle.fp.chip, outcomeStyle.fn.chip]).toEqual(['success', 'error', 'warning'])
  })

  it('says which thresholds were applied and why', () => {
    expect(policyText(summary())).toBe('global threshold 0.400 (per-class ones do not cross-validate better), 1–10 labels a row')
    expect(policyText(summary({ applied: 'per-class', perClassCount: 12 }))).toMatch(/^per-class thresholds for 12 classes .* global 0.400 for the rest/)
    expect(policyText(summary({ source: 'manual', fit: null }))).toBe('manual global threshold 0.400, 1–10 labels a row')
    expect(crossValidationText(summary())).toBe('fitted F2 global 0.500 / per-class 0.600; cross-validated (5 folds) 0.490 / 0.470')
    expect(crossValidationText(summary({ fit: null }))).toBeNull()
  })

  it('names the applied policy’s cross-validated F2, and writes changes with their sign (compare-sets)', () => {
    expect(crossValidatedF2(summary())).toBe(0.49)
    expect(crossValidatedF2(summary({ applied: 'per-class' }))).toBe(0.47)
    expect(crossValidatedF2(summary({ fit: null }))).toBeNull()
    expect([formatChange(0.0432), formatChange(-0.05), formatChange(0)]).toEqual(['+0.043', '−0.050', '0.000'])
  })

  it('writes chips with scores where the set has one', () => {
    const fp: ImageErrorLabel = { code: '/m/011k07', name: 'Tortoise', outcome: 'fp', score: 0.95, threshold: 0.5 }
    const fn: ImageErrorLabel = { code: '/m/01g317', name: '', outcome: 'fn', score: null, threshold: 0.5 }
    expect(labelChipText(fp)).toBe('Tortoise 0.95')
    expect(labelChipText(fn)).toBe('/m/01g317')
    expect(labelChipTitle(fn)).toBe('/m/01g317 · false negative: true, not predicted · not scored, threshold 0.500')
    expect(labelsOf([fp, fn], 'fn')).toEqual([fn])
  })

  it('picks the first set with tuning images, sorts error counts most first, and writes ranges', () => {
    expect(defaultSet([set('a', 0), set('b', 5)])).toBe('b')
    expect(defaultSet([set('a', 0)])).toBe('a')
    expect(defaultSet([])).toBeNull()
    expect(nextSort({ by: 'f2', descending: false }, 'fn')).toEqual({ by: 'fn', descending: true })
    expect(nextSort({ by: 'fn', descending: true }, 'fn')).toEqual({ by: 'fn', descending: false })
    expect(nextSort({ by: 'fn', descending: true }, 'f2')).toEqual({ by: 'f2', descending: false })
    expect(rangeText(50, 50, 1234)).toBe('51–100 of 1,234')
    expect(rangeText(0, 0, 0)).toBe('none')
  })
})
