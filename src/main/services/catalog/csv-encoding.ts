import { closeSync, openSync, readSync } from 'node:fs'

/** Files people hand over by mistake, by their first bytes. */
const magicNumbers: Array<[bytes: number[], what: string]> = [
  [[0x1f, 0x8b], 'a gzip archive (unpack it first)'],
  [[0x50, 0x4b, 0x03, 0x04], 'a zip archive or a spreadsheet (unpack it, or save the sheet as CSV)'],
  [[0x37, 0x7a, 0xbc, 0xaf], 'a 7-Zip archive (unpack it first)'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], 'an SQLite database'],
]

const startsWith = (bytes: Buffer, prefix: number[]) => prefix.every((b, i) => bytes[i] === b)

/** What the first bytes of a file say it is when it is not UTF-8 text, or null when it may be. */
export function notUtf8Text(bytes: Buffer): string | null {
  if (startsWith(bytes, [0xff, 0xfe, 0, 0]) || startsWith(bytes, [0, 0, 0xfe, 0xff])) return 'UTF-32 text (it starts with a UTF-32 byte-order mark)'
  if (startsWith(bytes, [0xff, 0xfe])) return 'UTF-16 LE text (it starts with the byte-order mark FF FE)'
  if (startsWith(bytes, [0xfe, 0xff])) return 'UTF-16 BE text (it starts with the byte-order mark FE FF)'
  for (const [magic, what] of magicNumbers) if (startsWith(bytes, magic)) return what
  let zeros = 0
  let evenZeros = 0
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0) continue
    zeros++
    if (i % 2 === 0) evenZeros++
  }
  if (zeros === 0) return null
  // Text in UTF-16 without a byte-order mark: every other byte of its ASCII characters is zero.
  if (zeros >= bytes.length / 3) {
    if (evenZeros === 0) return 'UTF-16 LE text (every other byte is zero)'
    if (evenZeros === zeros) return 'UTF-16 BE text (every other byte is zero)'
  }
  return 'binary data (it holds zero bytes, which text never does)'
}

/** Reads the first 4 KiB of `file` and says why it is not a UTF-8 CSV, or null when it may be one. */
export function notUtf8Csv(file: string): string | null {
  const fd = openSync(file, 'r')
  try {
    const bytes = Buffer.alloc(4096)
    const read = readSync(fd, bytes, 0, bytes.length, 0)
    return notUtf8Text(bytes.subarray(0, read))
  } finally {
    closeSync(fd)
  }
}
