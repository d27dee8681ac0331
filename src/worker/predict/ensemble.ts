/**
 * Ensembles within the budget: several checkpoints predict together (a snapshot ensemble of one run's last
 * epochs, or several runs' best), each image's sigmoid probabilities averaged over all of them before its
 * scores are selected (predict-images.ts). Here: which checkpoints, read and checked to fit together.
 */
import { existsSync } from 'node:fs'
import type { Db } from '../../main/db/connection'
import { listCheckpoints } from '../../main/db/queries/training-runs'
import { keepLastEpochs, type TrainingRun } from '../../shared/training/runs'
import { checkpointFolder, chooseCheckpoint, lastLabelsStage, type CheckpointChoice, type ChosenCheckpoint } from './choose-checkpoint'

/** One entry of a checkpoint list: a checkpoint, or `snapshot`: the labels stage's best and last two epochs (those the trainer keeps, `keepLastEpochs`). */
export type CheckpointPick = CheckpointChoice | 'snapshot'

/** Checkpoints an ensemble holds at most: each is a model in memory and a forward pass per view. */
export const maxEnsembleCheckpoints = 8

/** A checkpoint of an ensemble, read, with its run. */
export interface EnsembleMember extends ChosenCheckpoint {
  run: TrainingRun
}

const pickHelp = 'best, last, snapshot or a checkpoint folder (a comma list averages several: best,last)'

/**
 * Reads a `--checkpoint` list (`best`, `best,last`, `snapshot`, `best,last,DIR`). With several runs a folder
 * is refused (it is one run's). Throws an Error naming the bad entry: an empty one, one named twice, a folder
 * that does not exist (a misspelt name), more than `maxEnsembleCheckpoints`.
 */
export function parseCheckpointList(text: string, severalRuns = false): CheckpointPick[] {
  const entries = text.split(',').map((part) => part.trim())
  if (entries.length > maxEnsembleCheckpoints) throw new Error(`--checkpoint takes at most ${maxEnsembleCheckpoints} checkpoints, not ${entries.length}`)
  const seen = new Set<string>()
  return entries.map((entry) => {
    if (entry === '') throw new Error(`--checkpoint takes ${pickHelp}, not an empty entry in ${JSON.stringify(text)}`)
    if (seen.has(entry)) throw new Error(`--checkpoint names ${JSON.stringify(entry)} twice`)
    seen.add(entry)
    if (entry === 'best' || entry === 'last' || entry === 'snapshot') return entry
    if (severalRuns) throw new Error(`--checkpoint ${JSON.stringify(entry)}: a folder is one run's checkpoint; with --runs pass best, last or snapshot`)
    if (!existsSync(entry)) throw new Error(`--checkpoint takes ${pickHelp}, not ${JSON.stringify(entry)} (no such folder)`)
    return { dir: entry }
  })
}

/** Reads a `--runs` list (`3,4`): distinct run ids, at most `maxEnsembleCheckpoints`. Throws an Error naming the bad entry. */
export function parseRunList(text: string): number[] {
  const entries = text.split(',').map((part) => part.trim())
  if (entries.length > maxEnsembleCheckpoints) throw new Error(`--runs takes at most ${maxEnsembleCheckpoints} runs, not ${entries.length}`)
  const seen = new Set<number>()
  return entries.map((entry) => {
    if (!/^\d+$/.test(entry) || Number(entry) < 1) throw new Error(`--runs takes run ids (like 3,4), not ${JSON.stringify(entry)}`)
    const id = Number(entry)
    if (seen.has(id)) throw new Error(`--runs names run ${id} twice`)
    seen.add(id)
    return id
  })
}

/** The checkpoints a pick stands for: `snapshot` is the labels stage's best and its last two epochs; others themselves. */
function expandPick(db: Db, run: TrainingRun, pick: CheckpointPick): CheckpointChoice[] {
  if (pick !== 'snapshot') return [pick]
  const stageIndex = lastLabelsStage(run)
  const epochs = listCheckpoints(db, run.id)
    .filter((c) => c.kind === 'epoch' && c.stageIndex === stageIndex)
    .sort((a, b) => a.epoch - b.epoch)
  // none yet: `best` gives checkpointFolder's clear error
  if (epochs.length === 0) return ['best']
  return [...epochs.filter((c) => c.best), ...epochs.slice(-keepLastEpochs)].map((c) => ({ dir: c.path }))
}

/**
 * Finds and reads the checkpoints of an ensemble: every pick of every run (`chooseCheckpoint` each), the same
 * folder once (best may be the last epoch), in order: run by run, pick by pick. Throws a clear Error for a
 * folder picked with several runs, more than `maxEnsembleCheckpoints`, or checkpoints whose head classes differ
 * (naming the runs, checkpoints and the first differing class).
 */
export async function chooseEnsemble(db: Db, runs: readonly TrainingRun[], picks: readonly CheckpointPick[]): Promise<EnsembleMember[]> {
  if (runs.length === 0 || picks.length === 0) throw new Error('an ensemble needs a run and a checkpoint')
  if (runs.length > 1 && picks.some((pick) => typeof pick === 'object')) {
    throw new Error(`a checkpoint folder is one run's: with runs ${runs.map((r) => r.id).join(', ')}, pick best, last or snapshot`)
  }
  const folders: Array<{ run: TrainingRun; dir: string }> = []
  for (const run of runs) {
    for (const pick of picks) {
      for (const choice of expandPick(db, run, pick)) {
        const dir = checkpointFolder(db, run, choice)
        if (!folders.some((f) => f.dir === dir)) folders.push({ run, dir })
      }
    }
  }
  if (folders.length > maxEnsembleCheckpoints) throw new Error(`an ensemble of ${folders.length} checkpoints: at most ${maxEnsembleCheckpoints} predict together`)
  const members: EnsembleMember[] = []
  for (const { run, dir } of folders) members.push({ run, ...(await chooseCheckpoint(db, run, { dir })) })
  checkSameClasses(members)
  return members
}

/** Throws unless every member's head has the first's classes in the same order (an ensemble averages class by class). */
function checkSameClasses(members: readonly EnsembleMember[]): void {
  const first = members[0]!
  const codes = first.position.classCodes
  for (const other of members.slice(1)) {
    const others = other.position.classCodes
    let i = 0
    while (i < Math.max(codes.length, others.length) && codes[i] === others[i]) i++
    if (i === codes.length && i === others.length) continue
    const [a, b] = [`run ${first.run.id} (${first.name})`, `run ${other.run.id} (${other.name})`]
    throw new Error(
      `${a} and ${b} have different head classes (${codes.length} and ${others.length}); the first difference is class ${i + 1}: ` +
        `${codes[i] ?? 'none'} in ${a}, ${others[i] ?? 'none'} in ${b}. An ensemble averages class by class: its checkpoints need the same classes in the same order`,
    )
  }
}

/** Which checkpoints, for a set's description: `run 3 checkpoint stage2-epoch8`, `run 3 checkpoints stage2-epoch8 + stage2-epoch9`, `…, run 4 checkpoint stage2-epoch5`. */
export function describeEnsemble(members: readonly EnsembleMember[]): string {
  const byRun = new Map<number, string[]>()
  for (const member of members) byRun.set(member.run.id, [...(byRun.get(member.run.id) ?? []), member.name])
  return [...byRun].map(([runId, names]) => `run ${runId} checkpoint${names.length > 1 ? 's' : ''} ${names.join(' + ')}`).join(', ')
}
