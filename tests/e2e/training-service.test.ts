import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppServices, type AppServices } from '../../src/main/app/app-services'
import { Workspace } from '../../src/main/services/workspace/workspace'
import { EventHub } from '../../src/main/transport/event-hub'
import type { EventName, EventPayload } from '../../src/shared/api/index'
import type { TrainerMessage } from '../../src/shared/training/protocol'
import { tempDir } from '../helpers/temp-dir'

const cli = join(__dirname, '..', '..', 'out', 'main', 'cli.js')

/** The app's training service over a real trainer process: what the Train page and the runs list rely on. */
describe('training service', () => {
  const temp = tempDir('oiw-training-service-')
  const hub = new EventHub()
  const reports: Array<{ runId: number; message: TrainerMessage }> = []
  const changes: number[] = []
  let workspace: Workspace
  let services: AppServices

  beforeAll(() => {
    const made = spawnSync(process.execPath, [cli, 'info'], { env: { ...process.env, OIW_HOME: temp.dir }, encoding: 'utf8' })
    expect(made.status, made.stderr).toBe(0)
    workspace = Workspace.open(join(temp.dir, 'demo-workspace'))
    services = createAppServices(workspace, 'headless', hub)
    hub.subscribe(<E extends EventName>(name: E, payload: EventPayload<E>) => {
      if (name === 'training.onDidReport') reports.push(payload as EventPayload<'training.onDidReport'>)
      if (name === 'training.onDidChangeRuns') changes.push((payload as EventPayload<'training.onDidChangeRuns'>).runId)
    })
  })
  afterAll(() => {
    services.dispose()
    workspace.close()
    temp.remove()
  })

  const until = async (what: string, condition: () => boolean | Promise<boolean>, seconds = 60) => {
    const end = Date.now() + seconds * 1000
    while (!(await condition())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  const seen = (runId: number, type: TrainerMessage['type']) => reports.some((r) => r.runId === runId && r.message.type === type)
  const h = () => services.handlers

  it('names the backend, runs, pauses, resumes, stops, and keeps the run with its history', async () => {
    const backend = await h()['training.checkBackend']({ refresh: false })
    expect(backend.reason.length).toBeGreaterThan(10)
    const options = await h()['training.getOptions']({})
    expect(options.presets.map((p) => p.name)).toEqual(['seed-recipe', 'cpu-quick'])
    const config = { ...options.defaults, name: 'from the app', model: { arch: 'small' as const, width: 8 }, stages: [{ ...options.defaults.stages[0]!, epochs: 100, batchSize: 8, inputSizes: [32] }] }
    const run = await h()['training.start']({ config })
    expect(run).toMatchObject({ name: 'from the app', live: true, stages: ['labels'] })
    await expect(async () => h()['training.start']({ config })).rejects.toThrow(/is training/)
    await until('progress', () => seen(run.id, 'progress'))
    await h()['training.pause']({ runId: run.id })
    await until('paused', () => seen(run.id, 'paused'))
    expect((await h()['training.listRuns']({}))[0]).toMatchObject({ id: run.id, status: 'paused', live: true })
    await h()['training.resume']({ runId: run.id })
    await until('an epoch', () => seen(run.id, 'metrics'))
    await h()['training.stop']({ runId: run.id })
    await until('done', () => seen(run.id, 'done'))
    await until('the run to end', async () => !(await h()['training.listRuns']({}))[0]!.live)
    const detail = await h()['training.getRun']({ runId: run.id, maxSteps: 2000 })
    expect(detail.run.status).toBe('stopped')
    expect(detail.epochs.length).toBeGreaterThanOrEqual(1)
    expect(detail.epochs[0]!.f2).toBeGreaterThan(0)
    expect(detail.steps.length).toBeGreaterThan(0)
    expect(detail.checkpoints.some((c) => c.best)).toBe(true)
    expect(detail.log.some((l) => l.text.includes('epoch 1/100'))).toBe(true)
    expect(changes).toContain(run.id)
  })

  it('shows a killed trainer as interrupted, resumes the run, and deletes it with its checkpoints', async () => {
    const options = await h()['training.getOptions']({})
    const config = { ...options.defaults, name: 'to kill', model: { arch: 'small' as const, width: 8 }, stages: [{ ...options.defaults.stages[0]!, epochs: 3, batchSize: 8, inputSizes: [32] }] }
    const run = await h()['training.start']({ config })
    await until('a checkpoint', () => reports.some((r) => r.runId === run.id && r.message.type === 'checkpoint'))
    const pid = workspace.db.prepare('SELECT pid FROM training_runs WHERE id = ?').pluck().get(run.id) as number
    process.kill(pid, 'SIGKILL')
    await until('the error', () => reports.some((r) => r.runId === run.id && r.message.type === 'error'))
    const killed = (await h()['training.listRuns']({})).find((r) => r.id === run.id)!
    expect(killed).toMatchObject({ status: 'interrupted', live: false })
    await h()['training.resumeRun']({ runId: run.id })
    await until('the resumed run to complete', () => reports.some((r) => r.runId === run.id && r.message.type === 'done'), 90)
    await until('the session to end', async () => !(await h()['training.getRun']({ runId: run.id, maxSteps: 10 })).run.live)
    const detail = await h()['training.getRun']({ runId: run.id, maxSteps: 2000 })
    expect(detail.run.status).toBe('completed')
    expect(detail.epochs.map((e) => e.epoch)).toEqual([1, 2, 3])
    const removed = await h()['training.deleteCheckpoints']({ runId: run.id })
    expect(removed.deleted).toBeGreaterThan(0)
    expect((await h()['training.getRun']({ runId: run.id, maxSteps: 10 })).checkpoints.every((c) => c.best)).toBe(true)
    expect(await h()['training.deleteRun']({ runId: run.id })).toEqual({ deleted: 1 })
    await expect(async () => h()['training.getRun']({ runId: run.id, maxSteps: 10 })).rejects.toThrow(/no training run/)
  })
})
