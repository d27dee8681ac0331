import type { Verdict } from '../../shared/api/index'
import { countOf, formatCount } from '../app/format'

/** A verdict the batch bar sets, in the words of its button, its progress and its notice. */
export interface BatchAction {
  testId: string
  text: string
  verdict: Verdict
  title: string
  /** "Reject Hat on …?" */
  verb: string
  /** "Rejecting Hat on …" */
  doing: string
  /** "Rejected Hat on …" */
  past: string
  /** What it does to each image, for the confirmation: "marks Hat verified absent" */
  effect: (className: string) => string
}

export const batchActions: readonly BatchAction[] = [
  // Adding a label and verifying a machine one are the same verdict: one button.
  { testId: 'batch-verify', text: 'Add / verify', verdict: 'present', title: 'Mark the class present (human-verified) on every selected image: adds the label, or verifies a machine one', verb: 'Verify', doing: 'Verifying', past: 'Verified', effect: (c) => `marks ${c} present (human-verified)` },
  { testId: 'batch-reject', text: 'Reject', verdict: 'absent', title: 'Verify the class absent on every selected image', verb: 'Reject', doing: 'Rejecting', past: 'Rejected', effect: (c) => `marks ${c} verified absent` },
  { testId: 'batch-remove', text: 'Remove', verdict: 'none', title: 'Remove the human label of the class from every selected image', verb: 'Remove', doing: 'Removing', past: 'Removed', effect: (c) => `removes the human label of ${c}` },
]

/** Batches of more images than this ask first, in a dialog that says how many and what. */
export const confirmAbove = 1_000

export function needsConfirmation(count: number): boolean {
  return count > confirmAbove
}

/** The question before a large batch: "Reject Hat on 5,000 images?" and what that does. */
export function confirmText(action: BatchAction, className: string, count: number, wholeFilter: boolean): { title: string; body: string } {
  const images = countOf(count, 'image')
  const which = wholeFilter ? `all ${images} of this filter, not only those shown` : `each of the ${images} selected`
  return {
    title: `${action.verb} ${className} on ${images}?`,
    body: `This ${action.effect(className)} on ${which}. It is one action: Undo (Ctrl+Z) reverts it.`,
  }
}

/** "Rejected Hat on 5,000 images" (or "Rejecting …" while it runs). */
export function batchText(action: BatchAction, className: string, count: number, running = false): string {
  return `${running ? action.doing : action.past} ${className} on ${countOf(count, 'image')}`
}

/** "Rejecting Hat on 5,000 images: 2,000 / 5,000". */
export function progressText(action: BatchAction, className: string, sent: number, count: number): string {
  return `${batchText(action, className, count, true)}: ${formatCount(sent)} / ${formatCount(count)}`
}

/** What the bar says is selected: "5,000 images selected — all images of this filter". */
export function selectionText(count: number, wholeFilter: boolean, except: number): string {
  const selected = `${countOf(count, 'image')} selected`
  if (!wholeFilter) return selected
  return except === 0 ? `${selected} — all images of this filter` : `${selected} — all images of this filter but ${formatCount(except)}`
}

/** The edits a batch sends at once: a filter's images are listed a part ahead of the edits. */
export const batchPartSize = 2_000
