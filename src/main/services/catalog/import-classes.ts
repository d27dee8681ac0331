import { readFile } from 'node:fs/promises'
import type { FileImportReport } from '../../../shared/api/index'
import { ApiError } from '../../../shared/errors'
import { classCodePattern } from '../../../shared/ids'
import { importCsv, type ImportTick } from './import-csv'
import { skipRow, type ImportContext } from './import-context'

/**
 * class-descriptions(-boxable).csv: `code,name`, no header. Names the classes (described = 1); the
 * boxable file also sets the boxable flag, replacing the previous boxable set.
 */
export async function importClassDescriptions(ctx: ImportContext, file: string, report: FileImportReport, tick: ImportTick, boxable: boolean): Promise<void> {
  if (boxable) ctx.db.prepare('UPDATE classes SET boxable = 0 WHERE boxable = 1').run()
  const update = ctx.db.prepare(`UPDATE classes SET name = ?, described = 1${boxable ? ', boxable = 1' : ''} WHERE id = ?`)
  await importCsv(file, null, report, tick, (fields, count, line) => {
    const code = fields[0]!
    if (count !== 2) return skipRow(report, 'column-count', line, `expected label_code,description, found ${count} fields`)
    if (!classCodePattern.test(code)) return skipRow(report, 'bad-class-code', line, `${JSON.stringify(code)} is not a label code`)
    const id = ctx.classId(code)
    ctx.flush()
    update.run(fields[1]!, id)
    report.rows++
  })
}

/** classes-trainable.csv: header `label_code`, one code a line. Replaces the trainable set. */
export async function importTrainable(ctx: ImportContext, file: string, report: FileImportReport, tick: ImportTick): Promise<void> {
  ctx.db.prepare('UPDATE classes SET trainable = 0 WHERE trainable = 1').run()
  const codes: string[] = []
  await importCsv(file, ['label_code'], report, tick, (fields, count, line) => {
    const code = fields[0]!
    if (count !== 1) return skipRow(report, 'column-count', line, `expected one label code, found ${count} fields`)
    if (!classCodePattern.test(code)) return skipRow(report, 'bad-class-code', line, `${JSON.stringify(code)} is not a label code`)
    codes.push(code)
    report.rows++
  })
  const ids = codes.map((code) => ctx.classId(code))
  ctx.flush()
  const update = ctx.db.prepare('UPDATE classes SET trainable = 1 WHERE id = ?')
  for (const id of ids) update.run(id)
}

type Edge = [parent: number, child: number, kind: 'subcategory' | 'part']

interface HierarchyNode {
  LabelName?: unknown
  Subcategory?: unknown
  Part?: unknown
}

/** bbox_labels_600_hierarchy.json (a few hundred kB): parent → child edges, subcategory and part. Replaces all edges. */
export async function importHierarchy(ctx: ImportContext, file: string, report: FileImportReport): Promise<void> {
  let root: HierarchyNode
  const text = await readFile(file, 'utf8')
  report.bytes = Buffer.byteLength(text)
  try {
    root = JSON.parse(text) as HierarchyNode
  } catch (error) {
    throw new ApiError('bad-input', `${report.file}: not valid JSON (${(error as Error).message})`, report.file)
  }
  const { edges, rootId } = hierarchyEdges(ctx, root, report.file)
  ctx.flush()
  // The root (/m/0bl9f) names no real class and no descriptions file lists it: not an unknown class.
  ctx.db.prepare("UPDATE classes SET name = 'Entity (hierarchy root)', described = 1 WHERE id = ? AND described = 0").run(rootId)
  ctx.db.prepare('DELETE FROM class_edges').run()
  const insert = ctx.db.prepare('INSERT OR IGNORE INTO class_edges (parent_id, child_id, kind) VALUES (?, ?, ?)')
  for (const edge of edges) insert.run(...edge)
  report.rows = edges.length
}

/** A node on the walk: its path is built from `up` only when an error names it (a path per node would be quadratic). */
interface Step {
  node: HierarchyNode
  id: number
  /** `.Subcategory[2]`, or `$` for the root. */
  step: string
  up: Step | null
  leave: boolean
}

/** `$.Subcategory[0].Part[1]`; a long one keeps its first and last steps and says how many it left out. */
function pathOf(at: Step | null, last = ''): string {
  const steps: string[] = last ? [last] : []
  for (let s = at; s !== null; s = s.up) steps.push(s.step)
  steps.reverse()
  return steps.length <= 12 ? steps.join('') : `${steps.slice(0, 4).join('')}…(${steps.length - 10} levels)…${steps.slice(-6).join('')}`
}

/**
 * The parent → child edges below `root`, walked with a stack of our own rather than recursion, so a
 * deep (or hostile) file is an error naming its path, never a stack overflow. A class below itself is
 * a cycle, which every ancestor walk would loop on: refused with the path where it closes.
 */
function hierarchyEdges(ctx: ImportContext, root: HierarchyNode, file: string): { edges: Edge[]; rootId: number } {
  const edges: Edge[] = []
  const fail = (message: string, path: string): never => {
    throw new ApiError('bad-input', `${file}: ${path} ${message}`, `${file}:${path}`)
  }
  const classOf = (node: HierarchyNode, up: Step | null, step: string): number => {
    if (typeof node?.LabelName !== 'string' || !classCodePattern.test(node.LabelName)) fail('has no valid LabelName', pathOf(up, step))
    return ctx.classId(node.LabelName as string)
  }
  const rootId = classOf(root, null, '$')
  // Depth-first, children in file order. Entering a node puts its class on the path of ancestors;
  // its `leave` entry, below its children on the stack, takes it off again.
  const ancestors = new Set<number>()
  const todo: Step[] = [{ node: root, id: rootId, step: '$', up: null, leave: false }]
  while (todo.length > 0) {
    const at = todo.pop()!
    if (at.leave) {
      ancestors.delete(at.id)
      continue
    }
    ancestors.add(at.id)
    todo.push({ ...at, leave: true })
    const children: Step[] = []
    for (const key of ['Subcategory', 'Part'] as const) {
      const list = at.node[key]
      if (list === undefined) continue
      if (!Array.isArray(list)) fail('is not a list', pathOf(at, `.${key}`))
      ;(list as HierarchyNode[]).forEach((child, i) => {
        const step = `.${key}[${i}]`
        const id = classOf(child, at, step)
        if (ancestors.has(id)) fail(`is ${String(child.LabelName)}, which is also above it: the hierarchy has a cycle`, pathOf(at, step))
        edges.push([at.id, id, key === 'Part' ? 'part' : 'subcategory'])
        children.push({ node: child, id, step, up: at, leave: false })
      })
    }
    todo.push(...children.reverse())
  }
  return { edges, rootId }
}
