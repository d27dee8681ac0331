import { ApiError } from '../../../shared/errors'

/** A page position: the image and, in confidence order, its sort confidence. */
export type Key = { id: number; c?: number }

const badCursor = (): ApiError => new ApiError('invalid-argument', 'the cursor is not one this listing gave out', 'cursor')
const plainNumber = /^-?\d+(\.\d+)?$/
const imageIdText = /^\d{1,16}$/

/** Cursors: `id`, or `confidence:id` (`bits:id:0` when the confidence would print with an exponent). */
export function encodeCursor(key: Key): string {
  if (key.c === undefined) return String(key.id)
  const text = String(key.c)
  if (plainNumber.test(text)) return `${text}:${key.id}`
  return `${new BigUint64Array(new Float64Array([key.c]).buffer)[0]}:${key.id}:0`
}

export function decodeCursor(cursor: string | null, withConfidence: boolean): Key | null {
  if (cursor === null) return null
  const [first = '', second = '', third] = cursor.split(':')
  if (!withConfidence) {
    if (!imageIdText.test(cursor)) throw badCursor()
    return { id: Number(cursor) }
  }
  let c = NaN
  if (third === undefined && plainNumber.test(first)) c = Number(first)
  if (third === '0' && /^\d{1,20}$/.test(first)) c = new Float64Array(new BigUint64Array([BigInt(first)]).buffer)[0]!
  if (!Number.isFinite(c) || !imageIdText.test(second) || cursor.split(':').length > 3) throw badCursor()
  return { c, id: Number(second) }
}

