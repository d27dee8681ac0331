import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const tuningLabels = join(__dirname, '..', '..', '..', '..', 'resources', 'data', 'tuning_labels.csv')

/** tuning_labels.csv read by hand: `id,"code code"`, no header. */
export function readTuning(): Map<string, string[]> {
  const truth = new Map<string, string[]>()
  for (const line of readFileSync(tuningLabels, 'utf8').split('\n')) {
    if (line === '') continue
    const [id, labels] = line.split(/,(.*)/s) as [string, string]
    truth.set(id, labels.replace(/"/g, '').split(' ').filter(Boolean))
  }
  return truth
}

/**
 * A scores CSV (`image_id,label_code,score`) from the tuning truth with noise: true labels ~U(0.4,1),
 * 8 wrong tuning classes per image ~U(0,0.6); every third class (by code) is shifted down by 0.3, so
 * per-class thresholds help. Seeded: the same file every time.
 */
export function writeNoisyScores(file: string, truth: Map<string, string[]>, seed = 11): void {
  let state = seed
  const random = () => (state = (state * 16807) % 2147483647) / 2147483647
  const codes = [...new Set([...truth.values()].flat())].sort()
  const shifted = new Set(codes.filter((_, i) => i % 3 === 0))
  const lines = ['image_id,label_code,score']
  const add = (id: string, code: string, score: number) => {
    const value = Math.max(0, shifted.has(code) ? score - 0.3 : score)
    lines.push(`${id},${code},${value.toFixed(4)}`)
  }
  for (const [id, labels] of truth) {
    for (const code of labels) add(id, code, 0.4 + 0.6 * random())
    const wrong = new Set<string>()
    while (wrong.size < 8) {
      const code = codes[Math.floor(random() * codes.length)]!
      if (!labels.includes(code)) wrong.add(code)
    }
    for (const code of wrong) add(id, code, 0.6 * random())
  }
  writeFileSync(file, `${lines.join('\n')}\n`)
}
