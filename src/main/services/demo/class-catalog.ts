import { readFile } from 'node:fs/promises'
import { parse } from 'csv-parse/sync'
import { resourceDataFile } from '../../resources'

/** A row of class-descriptions*.csv. */
export interface ClassDescription {
  code: string
  description: string
}

/** A node of bbox_labels_600_hierarchy.json. */
interface HierarchyNode {
  LabelName: string
  Subcategory?: HierarchyNode[]
  Part?: HierarchyNode[]
}

/** The hierarchy's root, "Entity": a container, never a label. */
export const hierarchyRoot = '/m/0bl9f'

/** The 600 boxable classes shipped in resources (11 kB, so read whole). */
export async function readBoxableClasses(): Promise<ClassDescription[]> {
  const rows = await readCsv('class-descriptions-boxable.csv', false)
  return rows.map(([code, description]) => ({ code: code!, description: description ?? '' }))
}

/** The 484 classes of the tuning set with their display names (file has a header). */
export async function readTuningClasses(): Promise<ClassDescription[]> {
  const rows = await readCsv('tuning-label-names.csv', true)
  return rows.map(([code, , description]) => ({ code: code!, description: description ?? '' }))
}

/** Every class a dataset describes: the boxable ones, then the tuning classes they lack (class-descriptions.csv's rows). */
export function describedClasses(boxable: readonly ClassDescription[], tuning: readonly ClassDescription[]): ClassDescription[] {
  const all = new Map(boxable.map((c) => [c.code, c]))
  for (const c of tuning) if (!all.has(c.code)) all.set(c.code, c)
  return [...all.values()]
}

/**
 * Each boxable class's ancestors in the 600-class hierarchy, nearest first, the root excluded. A class listed
 * under several parents follows the first place it appears. Only `Subcategory` is an is-a link; `Part`
 * children (a face of a person) are visited for their own subcategories but get no parent from it.
 */
export async function readAncestors(): Promise<Map<string, string[]>> {
  const text = await readFile(resourceDataFile('bbox_labels_600_hierarchy.json'), 'utf8')
  const parents = new Map<string, string>()
  collectParents(JSON.parse(text) as HierarchyNode, parents)
  const ancestors = new Map<string, string[]>()
  for (const code of parents.keys()) ancestors.set(code, ancestorChain(code, parents))
  return ancestors
}

function collectParents(node: HierarchyNode, parents: Map<string, string>): void {
  for (const child of node.Subcategory ?? []) {
    if (!parents.has(child.LabelName)) parents.set(child.LabelName, node.LabelName)
    collectParents(child, parents)
  }
  for (const part of node.Part ?? []) collectParents(part, parents)
}

function ancestorChain(code: string, parents: ReadonlyMap<string, string>): string[] {
  const chain: string[] = []
  for (let parent = parents.get(code); parent && parent !== hierarchyRoot; parent = parents.get(parent)) {
    if (chain.includes(parent)) break
    chain.push(parent)
  }
  return chain
}

async function readCsv(name: string, hasHeader: boolean): Promise<string[][]> {
  const text = await readFile(resourceDataFile(name), 'utf8')
  const rows = parse(text, { skip_empty_lines: true, relax_column_count: true }) as string[][]
  return hasHeader ? rows.slice(1) : rows
}
