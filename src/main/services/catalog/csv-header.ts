const quoted = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)

/** A header row is words, or names at least one expected column; a data row (ids, codes, numbers) is neither. */
function looksLikeHeader(expected: readonly string[], found: readonly string[]): boolean {
  const names = new Set(expected.map((name) => name.toLowerCase()))
  return found.some((field) => names.has(field.toLowerCase())) || found.every((field) => /^[A-Za-z_ ]*$/.test(field))
}

/**
 * Says how the first row differs from the header the file kind needs: the column missing, the one
 * not expected (side by side when one replaces the other: a typo), or the order; or that the header
 * is missing when the row is data. Ends with the row as found.
 */
export function headerProblem(expected: readonly string[], found: readonly string[]): string {
  const want = `expected the header ${expected.join(',')}`
  const row = found.join(',').slice(0, 200)
  if (!looksLikeHeader(expected, found)) return `${want}, found a data row (${row.slice(0, 80)}): the header is missing`
  const missing = expected.filter((name) => !found.includes(name))
  const unexpected = found.filter((name) => !expected.includes(name))
  let what: string
  if (missing.length === 1 && unexpected.length === 1) what = `${quoted(unexpected[0]!)} where ${missing[0]} is expected`
  else if (missing.length > 0 || unexpected.length > 0) {
    what = [missing.length > 0 ? `${missing.join(', ')} missing` : '', unexpected.length > 0 ? `${unexpected.map(quoted).join(', ')} not expected` : ''].filter(Boolean).join('; ')
  } else what = 'the columns are in another order or repeated'
  return `${want}: ${what} (found ${row})`
}
