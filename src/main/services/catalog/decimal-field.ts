/**
 * A CSV field as a decimal number (`0`, `1`, `0.25`, `-.5`, `1e-3`), or NaN for anything else: blank or
 * padded text, hex/binary/octal (`0x1`), `Infinity`. `+text` alone reads `" "` as 0 and `0x1` as 1, which
 * silently turned a verified positive into a verified absence. Hand-written: it runs on every number of
 * every row (tens of millions), so it checks the first, second and last characters instead of a regex and
 * leaves the rest to `+text` (which refuses any other non-decimal character).
 */
export function decimalField(text: string): number {
  const n = text.length
  if (n === 0) return NaN
  const first = text.charCodeAt(0)
  // digit, '.', '+' or '-' first
  if (!((first >= 48 && first <= 57) || first === 46 || first === 43 || first === 45)) return NaN
  // digit or '.' last (no trailing blank, no "Infinity")
  const last = text.charCodeAt(n - 1)
  if (!((last >= 48 && last <= 57) || last === 46)) return NaN
  // no radix prefix: 0x, 0b, 0o in either case (| 32 lower-cases a letter and leaves digits and '.' as they are)
  const second = n > 1 ? text.charCodeAt(1) | 32 : 0
  if (second === 120 || second === 98 || second === 111) return NaN
  return +text
}
