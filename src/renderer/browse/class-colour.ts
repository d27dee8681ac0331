/**
 * A class's colour, the same in every view and every session: a hash of its code picks the hue,
 * saturation and lightness are fixed so every colour reads on the dark theme.
 */
export function classHue(code: string): number {
  // FNV-1a, 32 bits: cheap, and neighbouring codes (/m/01a, /m/01b) land far apart.
  let hash = 0x811c9dc5
  for (let i = 0; i < code.length; i++) {
    hash ^= code.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  // Final avalanche (murmur3's fmix32), so codes that differ in one character differ in every bit.
  hash ^= hash >>> 16
  hash = Math.imul(hash, 0x85ebca6b)
  hash ^= hash >>> 13
  hash = Math.imul(hash, 0xc2b2ae35)
  hash ^= hash >>> 16
  return (hash >>> 0) % 360
}

export function classColour(code: string): string {
  return `hsl(${classHue(code)}, 85%, 60%)`
}

/** The same hue, translucent, for fills behind text. */
export function classFill(code: string, alpha = 0.85): string {
  return `hsla(${classHue(code)}, 70%, 30%, ${alpha})`
}
