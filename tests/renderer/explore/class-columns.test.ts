import { describe, expect, it } from 'vitest'
import { formatCell, formatShare } from '../../../src/renderer/explore/class-table/class-columns'

describe('class table cells', () => {
  it('keeps counts exact below 100,000 and compact above, so they fit the column', () => {
    expect(formatCell(0)).toBe('0')
    expect(formatCell(99_999)).toBe('99,999')
    expect(formatCell(889_995)).toBe('890K')
    expect(formatCell(2_049_321)).toBe('2M')
    expect(formatCell(14_610_229)).toBe('14.6M')
  })

  it('shows shares with enough digits for the long tail', () => {
    expect(formatShare(0.5234)).toBe('52.3%')
    expect(formatShare(0.0123)).toBe('1.23%')
  })
})
