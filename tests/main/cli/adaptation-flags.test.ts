import { describe, expect, it } from 'vitest'
import { adaptationOf } from '../../../src/main/cli/adaptation-flags'
import { defaultShiftAdaptation, describeShiftAdaptation, noShiftAdaptation } from '../../../src/shared/training/shift-adaptation'

describe('the shift-adaptation flags', () => {
  it('start from the defaults (pipeline) or from none (export), each flag changing its part', () => {
    expect(adaptationOf({}, 'pipeline')).toEqual(defaultShiftAdaptation)
    expect(adaptationOf({}, 'export')).toEqual(noShiftAdaptation)
    const a = adaptationOf({ adapt: 'none', cutMix: '0.25', fineTuneFolds: '4', fineTuneEpochs: '12' }, 'pipeline')
    expect(a).toEqual({ ...noShiftAdaptation, cutMix: 0.25, fineTuneFolds: 4, fineTuneEpochs: 12 })
    expect(describeShiftAdaptation(a)).toBe('cut-mix 25 %, fine-tuned on the tuning labels (4 folds × 12 epochs)')
    expect(adaptationOf({ adapt: 'none', fineTuneFolds: '0' }, 'pipeline').fineTuneFolds).toBe(0)
  })

  it('refuse a bad value, naming the flag and what it takes', () => {
    expect(() => adaptationOf({ fineTuneFolds: '1' }, 'pipeline')).toThrow('--fine-tune-folds takes a whole number from 0 to 10 other than 1, not 1')
    expect(() => adaptationOf({ fineTuneFolds: '2.5' }, 'pipeline')).toThrow('--fine-tune-folds takes a whole number from 0 to 10 other than 1, not 2.5')
    expect(() => adaptationOf({ fineTuneFolds: '11' }, 'pipeline')).toThrow(/--fine-tune-folds takes/)
    expect(() => adaptationOf({ fineTuneEpochs: '0' }, 'pipeline')).toThrow('--fine-tune-epochs takes a whole number from 1 to 100, not 0')
    expect(() => adaptationOf({ fineTuneEpochs: ' ' }, 'pipeline')).toThrow(/--fine-tune-epochs takes/)
    expect(() => adaptationOf({ cutMix: '1.5' }, 'pipeline')).toThrow('--cut-mix takes a number from 0 to 1, not 1.5')
  })
})
