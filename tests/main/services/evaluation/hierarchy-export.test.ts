import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readClassParents } from '../../../../src/main/db/queries/class-parents'
import { planIndex } from '../../../../src/main/services/catalog/index-plan'
import { runIndex } from '../../../../src/main/services/catalog/run-index'
import { evaluateSubmission } from '../../../../src/main/services/evaluation/evaluate-submission'
import { exportKaggle } from '../../../../src/main/services/evaluation/export-kaggle'
import { Random } from '../../../../src/shared/prng'
import { fixtureWorkspace, type FixtureWorkspace } from '../../../helpers/fixture-workspace'
import { tempDir } from '../../../helpers/temp-dir'

/**
 * Hierarchy-consistent scores in the export, on the demo catalog's real Open Images hierarchy: six classes that
 * have a parent there, and a model that finds each child well but its parent poorly. Where the truth names the
 * parent with each child (the labels follow the hierarchy), giving the parent its child's score must score
 * better; where the truth never names the parent, the export must see that in the tuning labels and leave the
 * scores alone.
 */
const temp = tempDir('oiw-hierarchy-export-')
const random = new Random(5)
let fixture: FixtureWorkspace
let children: string[]
/** Each child's ancestors (its parent, the parent's parents…). */
let ancestorsOf: Map<string, string[]>
const hex = () => `${random.hex32()}${random.hex32()}`.slice(0, 16)

/** Images each showing one or two of the children, with their parents labelled or not; scores of the weak model. */
function draw(count: number, withParents: boolean): { truth: Map<string, string[]>; rows: string[] } {
  const truth = new Map<string, string[]>()
  const rows: string[] = []
  const ancestors = [...new Set([...ancestorsOf.values()].flat())]
  for (let i = 0; i < count; i++) {
    const id = hex()
    const shown = children.filter(() => random.chance(0.25))
    if (shown.length === 0) shown.push(children[i % children.length]!)
    const labels = withParents ? [...new Set([...shown, ...shown.flatMap((c) => ancestorsOf.get(c)!)])] : shown
    truth.set(id, labels)
    for (const code of children) rows.push(`${id},${code},${(shown.includes(code) ? random.float(0.55, 1) : random.float(0, 0.45)).toFixed(4)}`)
    // the ancestors: barely above chance whether or not a child is there
    for (const code of ancestors) rows.push(`${id},${code},${(shown.some((c) => ancestorsOf.get(c)!.includes(code)) ? random.float(0.05, 0.6) : random.float(0, 0.5)).toFixed(4)}`)
  }
  return { truth, rows }
}

/** Indexes a tuning set and a test set drawn alike (the same scores set and sample), replacing the earlier ones. */
async function indexSets(name: string, withParents: boolean): Promise<{ sample: string; truthFile: string }> {
  const tuning = draw(200, withParents)
  const test = draw(300, withParents)
  const tuningFile = join(temp.dir, `${name}-tuning.csv`)
  writeFileSync(tuningFile, [...tuning.truth].map(([id, labels]) => `${id},"${labels.join(' ')}"`).join('\n') + '\n')
  const scores = join(temp.dir, `${name}-scores.csv`)
  writeFileSync(scores, `image_id,label_code,score\n${[...tuning.rows, ...test.rows].join('\n')}\n`)
  const sample = join(temp.dir, `${name}-sample.csv`)
  writeFileSync(sample, `image_id,labels\n${[...test.truth.keys()].map((id) => `${id},${children[0]}`).join('\n')}\n`)
  const truthFile = join(temp.dir, `${name}-solution.csv`)
  writeFileSync(truthFile, `${[...test.truth].map(([id, labels]) => `${id},${labels.join(' ')}`).join('\n')}\n`)
  // these tuning labels replace the fixture's 1,000 tuning images with 200 on purpose
  await runIndex(fixture.workspace.db, planIndex([`tuning-labels=${tuningFile}`, `sample-submission=${sample}`], { scores: [`${name}=${scores}`] }), { replaceWithEmpty: true })
  return { sample, truthFile }
}

beforeAll(async () => {
  fixture = await fixtureWorkspace(12)
  const parents = readClassParents(fixture.workspace.db)
  // six leaf classes with one parent each, two of each of three parents
  const isParent = new Set([...parents.values()].flat())
  const byParent = new Map<string, string[]>()
  for (const [child, list] of parents) if (list.length === 1 && !isParent.has(child)) byParent.set(list[0]!, [...(byParent.get(list[0]!) ?? []), child])
  const chosen = [...byParent].filter(([, kids]) => kids.length >= 2).slice(0, 3)
  expect(chosen).toHaveLength(3)
  children = chosen.flatMap(([, kids]) => kids.slice(0, 2))
  const up = (code: string): string[] => (parents.get(code) ?? []).flatMap((p) => [p, ...up(p)])
  ancestorsOf = new Map(children.map((child) => [child, [...new Set(up(child))]]))
})
afterAll(() => {
  fixture?.remove()
  temp.remove()
})

const adaptation = (hierarchy: boolean) => ({ priorShift: false, decision: 'thresholds' as const, shrink: 0, hierarchy })

describe('hierarchy-consistent scores in the export', () => {
  it('raise each parent to its best child where the tuning labels follow the hierarchy, and score better', async () => {
    const { sample, truthFile } = await indexSets('following', true)
    const exportAs = (name: string, hierarchy: boolean) => exportKaggle(fixture.workspace.db, { predictions: 'following', out: join(temp.dir, `${name}.csv`), sample, adaptation: adaptation(hierarchy) })
    const plain = await exportAs('following-plain', false)
    const consistent = await exportAs('following-consistent', true)
    expect(consistent.adaptation!.hierarchy).toMatchObject({ applied: true, catalogHasHierarchy: true, agreement: 1 })
    expect(consistent.adaptation!.hierarchy!.labelsWithParent).toBeGreaterThan(200)
    const before = (await evaluateSubmission(truthFile, plain.file)).meanF2
    const after = (await evaluateSubmission(truthFile, consistent.file)).meanF2
    expect(after).toBeGreaterThan(before + 0.05)
    // the tuning F2 the export reports was fitted on the consistent scores too
    expect(consistent.crossValidated.globalF2).toBeGreaterThan(plain.crossValidated.globalF2 + 0.05)
  })

  it('leave the scores alone where the tuning labels never name the parent, saying so', async () => {
    const { sample } = await indexSets('flat', false)
    const exportAs = (name: string, hierarchy: boolean) => exportKaggle(fixture.workspace.db, { predictions: 'flat', out: join(temp.dir, `${name}.csv`), sample, adaptation: adaptation(hierarchy) })
    const plain = await exportAs('flat-plain', false)
    const asked = await exportAs('flat-asked', true)
    expect(asked.adaptation!.hierarchy).toMatchObject({ applied: false, catalogHasHierarchy: true, agreement: 0 })
    const { readFileSync } = await import('node:fs')
    expect(readFileSync(asked.file, 'utf8')).toBe(readFileSync(plain.file, 'utf8'))
  })
})
