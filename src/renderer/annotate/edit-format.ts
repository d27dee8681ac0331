import type { BoxFields, EditHistoryPage, EditRecord, EditState, Verdict } from '../../shared/api/index'

/** A verdict in words, as the history shows it. */
export function verdictText(verdict: Verdict | 'imported' | undefined): string {
  if (verdict === 'present') return 'present'
  if (verdict === 'absent') return 'absent'
  if (verdict === 'none') return 'no label'
  if (verdict === 'imported') return 'as imported'
  return '—'
}

const fieldNames: Record<keyof BoxFields, string> = {
  classCode: 'class',
  xMin: 'x min',
  xMax: 'x max',
  yMin: 'y min',
  yMax: 'y max',
  isOccluded: 'occluded',
  isTruncated: 'truncated',
  isGroupOf: 'group of',
  isDepiction: 'depiction',
  isInside: 'inside',
}
const fieldOrder = Object.keys(fieldNames) as (keyof BoxFields)[]

function fieldValue(key: keyof BoxFields, value: unknown): string {
  if (value === undefined || value === null) return '—'
  if (key === 'classCode') return String(value)
  if (key.startsWith('is')) return value === 1 ? 'yes' : value === 0 ? 'no' : value === -1 ? 'unknown' : String(value)
  return typeof value === 'number' ? value.toFixed(3) : String(value)
}

const boxState = (state: EditState | null): Partial<BoxFields> => (state && !('verdict' in state) ? state : {})

/** The box fields an edit changed, in words: "x min 0.100 → 0.120, occluded no → yes". */
function boxChange(before: Partial<BoxFields>, after: Partial<BoxFields>): string {
  const keys = fieldOrder.filter((key) => key in before || key in after)
  return keys.map((key) => `${fieldNames[key]} ${fieldValue(key, before[key])} → ${fieldValue(key, after[key])}`).join(', ')
}

/** Where a box is, in words: "x 0.120–0.560, y 0.300–0.700". */
function boxPlace(box: Partial<BoxFields>): string {
  if (box.xMin === undefined || box.xMax === undefined || box.yMin === undefined || box.yMax === undefined) return ''
  return `x ${box.xMin.toFixed(3)}–${box.xMax.toFixed(3)}, y ${box.yMin.toFixed(3)}–${box.yMax.toFixed(3)}`
}

/** One edit of the history in words: what it touched (`title`) and how it changed (`change`). */
export function describeEdit(record: EditRecord): { title: string; change: string } {
  const revert = record.revertsEditId !== null ? `Revert of #${record.revertsEditId}: ` : ''
  const before = record.before
  const after = record.after
  if (record.kind === 'label') {
    const from = before && 'verdict' in before ? before.verdict : undefined
    const to = after && 'verdict' in after ? after.verdict : undefined
    return { title: `${revert}label ${record.className}`, change: `${verdictText(from)} → ${verdictText(to)}` }
  }
  if (record.kind === 'box-create') return { title: `${revert}box ${record.className} drawn`, change: boxPlace(boxState(after)) }
  if (record.kind === 'box-delete') return { title: `${revert}box ${record.className} deleted`, change: boxPlace(boxState(before)) }
  return { title: `${revert}box ${record.className} changed`, change: boxChange(boxState(before), boxState(after)) }
}

/** An ISO time as the history shows it: the local date and time to the second. */
export function formatEditTime(iso: string): string {
  const at = new Date(iso)
  if (Number.isNaN(at.getTime())) return iso
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`
}

/**
 * The history shown after the newest page was read again: the fresh page's edits, then the older
 * ones already loaded (edits never change, so they are kept), newest first, each once; when the fresh
 * page does not reach the loaded ones, just the fresh page (no gap in the list). The cursor
 * for older pages stays the loaded list's when it reaches further back.
 */
export function mergeHistory(loaded: EditHistoryPage | null, fresh: EditHistoryPage): EditHistoryPage {
  if (!loaded || loaded.items.length === 0) return fresh
  // More edits came than one page holds: the loaded ones no longer join on; start over from the fresh page.
  const oldestFresh = fresh.items[fresh.items.length - 1]?.editId ?? Infinity
  if (fresh.nextBefore !== null && oldestFresh > loaded.items[0]!.editId) return fresh
  const byId = new Map<number, EditRecord>()
  for (const item of [...fresh.items, ...loaded.items]) if (!byId.has(item.editId)) byId.set(item.editId, item)
  const items = [...byId.values()].sort((a, b) => b.editId - a.editId)
  const oldestLoaded = loaded.items[loaded.items.length - 1]!.editId
  // The fresh page reached past what was loaded (or was all there is): its cursor is right.
  const nextBefore = oldestFresh <= oldestLoaded || fresh.nextBefore === null ? fresh.nextBefore : loaded.nextBefore
  return { items, nextBefore }
}
