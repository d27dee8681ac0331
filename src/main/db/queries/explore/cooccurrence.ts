import type { Cooccurrence } from '../../../../shared/api/stats'
import { ApiError } from '../../../../shared/errors'
import type { Db } from '../../connection'

type Member = { id: number; code: string; name: string; images: number }

const memberColumns = 'c.id, c.code, c.name, s.human_positive_images AS images FROM classes AS c JOIN class_stats AS s ON s.class_id = c.id'

/**
 * The co-occurrence matrix of the `top` classes with most human-positive images (ties by name), or of
 * the classes given (in their order; an unknown code is ApiError not-found, where `classCodes`).
 * Off-diagonal cells from class_pairs (a seek per row), the diagonal the class's own images.
 */
export function getCooccurrence(db: Db, top: number, classCodes: readonly string[] | null): Cooccurrence {
  const members = classCodes ? namedClasses(db, classCodes) : (db.prepare(`SELECT ${memberColumns} ORDER BY images DESC, c.name, c.id LIMIT ?`).all(top) as Member[])
  const index = new Map(members.map((m, i) => [m.id, i]))
  const images = members.map((m, i) => members.map((_, j) => (i === j ? m.images : 0)))
  const ids = JSON.stringify(members.map((m) => m.id))
  const cells = db
    .prepare('SELECT a, b, images FROM class_pairs WHERE a IN (SELECT value FROM json_each(@ids)) AND b IN (SELECT value FROM json_each(@ids))')
    .raw()
    .all({ ids }) as Array<[number, number, number]>
  for (const [a, b, n] of cells) images[index.get(a)!]![index.get(b)!] = n
  return { classes: members.map(({ code, name, images: n }) => ({ code, name, images: n })), images }
}

function namedClasses(db: Db, codes: readonly string[]): Member[] {
  const byCode = db.prepare(`SELECT ${memberColumns} WHERE c.code = ?`)
  return codes.map((code) => {
    const member = byCode.get(code) as Member | undefined
    if (!member) throw new ApiError('not-found', `no class ${code} in the catalog`, 'classCodes')
    return member
  })
}
