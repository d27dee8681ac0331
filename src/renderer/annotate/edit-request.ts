/** Letters and digits for ids made here. */
const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'

function randomText(length: number): string {
  const bytes = new Uint8Array(length)
  crypto.getRandomValues(bytes)
  return Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('')
}

/** Who this window is in the edit history: `window-` and six random characters, made once per page load. */
export const windowAuthor = `window-${randomText(6)}`

/** A fresh idempotency key for one edit request (sent again unchanged if the answer was lost). */
export function newRequestId(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `req-${randomText(24)}`
}
