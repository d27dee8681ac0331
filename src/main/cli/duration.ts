import { ApiError } from '../../shared/errors'

const units: Record<string, number> = { s: 1, m: 60, h: 3600 }

/** `90`, `90s`, `15m`, `1.5h` → seconds. */
export function parseDuration(flag: string, value: string): number {
  const match = /^(\d+(?:\.\d+)?)([smh]?)$/.exec(value.trim())
  if (!match) throw new ApiError('invalid-argument', `${flag} takes a duration like 90s, 15m or 2h, not ${value}`, flag)
  const seconds = Number(match[1]) * units[match[2] || 's']!
  if (seconds <= 0) throw new ApiError('invalid-argument', `${flag} must be above 0`, flag)
  return seconds
}
