import { describe, expect, it } from 'vitest'
import { batchActions, batchText, confirmText, needsConfirmation, progressText, selectionText } from '../../../src/renderer/annotate/batch-edit'

const reject = batchActions.find((action) => action.verdict === 'absent')!

describe('the batch bar’s words', () => {
  it('says how many images will change, and when it is the whole filter', () => {
    expect(selectionText(5_000, true, 0)).toBe('5,000 images selected — all images of this filter')
    expect(selectionText(4_998, true, 2)).toBe('4,998 images selected — all images of this filter but 2')
    expect(selectionText(1, false, 0)).toBe('1 image selected')
  })

  it('shows progress while it runs and what was done at the end', () => {
    expect(progressText(reject, 'Hat', 2_000, 5_000)).toBe('Rejecting Hat on 5,000 images: 2,000 / 5,000')
    expect(batchText(reject, 'Hat', 5_000)).toBe('Rejected Hat on 5,000 images')
  })
})

describe('confirming a large batch', () => {
  it('asks above a thousand images, not at or below', () => {
    expect(needsConfirmation(1_000)).toBe(false)
    expect(needsConfirmation(1_001)).toBe(true)
    expect(needsConfirmation(300)).toBe(false)
  })

  it('states the count and the edit', () => {
    const { title, body } = confirmText(reject, 'Hat', 5_000, true)
    expect(title).toBe('Reject Hat on 5,000 images?')
    expect(body).toContain('marks Hat verified absent on all 5,000 images of this filter')
    expect(confirmText(batchActions[0]!, 'Hat', 1_200, false).body).toContain('marks Hat present (human-verified) on each of the 1,200 images selected')
  })
})
