import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openCatalog, type Db } from '../../src/main/db/connection'
import { getRun, listRunLog } from '../../src/main/db/queries/training-runs'
import { forkTrainer } from '../../src/main/services/training/trainer-process'
import { TrainingSession } from '../../src/main/services/training/training-session'
import { parseRunConfig } from '../../src/shared/training/config'
import { backendNames, type TrainerMessage } from '../../src/shared/training/protocol'
import { tempDir } from '../helpers/temp-dir'

const cli = join(__dirname, '..', '..', 'out', 'main', 'cli.js')

/** The parent's side of the trainer protocol, over a real forked trainer (out/main/trainer.js). */
describe('trainer process', () => {
  const temp = tempDir('oiw-trainer-')
  const workspace = join(temp.dir, 'demo-workspace')
  let db: Db

  beforeAll(() => {
    const made = spawnSync(process.execPath, [cli, 'info'], { env: { ...process.env, OIW_HOME: temp.dir }, encoding: 'utf8' })
    expect(made.status, made.stderr).toBe(0)
    db = openCatalog(join(workspace, 'catalog.sqlite'))
  })
  afterAll(() => {
    db.close()
    temp.remove()
  })

  const next = (session: TrainingSession, type: TrainerMessage['type'], seconds = 60) =>
    new Promise<TrainerMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} message in ${seconds} s`)), seconds * 1000)
      const off = session.onMessage((message) => {
        if (message.type !== type) return
        clearTimeout(timer)
        off()
        resolve(message)
      })
    })

  it('reports its backend, pauses, resumes and stops on command; the run is recorded', async () => {
    const config = parseRunConfig({ name: 'controlled', model: { width: 8 }, stages: [{ kind: 'labels', epochs: 200, batchSize: 8, inputSizes: [32] }] })
    const session = TrainingSession.start(db, workspace, { config }, () => forkTrainer())
    const ready = (await next(session, 'ready')) as Extract<TrainerMessage, { type: 'ready' }>
    // the best backend present, and why each better one was not used (here: wasm, after three)
    const chosen = backendNames.indexOf(ready.backend.name)
    expect(ready.backend.skipped.map((s) => s.name)).toEqual(backendNames.slice(0, chosen))
    for (const skipped of ready.backend.skipped) expect(skipped.reason.length).toBeGreaterThan(10)
    await next(session, 'progress')
    session.pause()
    await next(session, 'paused')
    let stepsWhilePaused = 0
    const off = session.onMessage((m) => (stepsWhilePaused += m.type === 'progress' ? 1 : 0))
    await new Promise((resolve) => setTimeout(resolve, 1500))
    off()
    expect(stepsWhilePaused).toBeLessThanOrEqual(1) // a step already running when the pause arrived may finish
    expect(getRun(db, session.runId)?.status).toBe('running')
    session.resume()
    await next(session, 'resumed')
    const progress = (await next(session, 'progress')) as Extract<TrainerMessage, { type: 'progress' }>
    expect(progress).toMatchObject({ stage: 'labels', epochs: 200, inputSize: 32, optimizer: 'adam' })
    expect(progress.loss).toBeGreaterThan(0)
    session.stop()
    const end = await session.done
    expect(end.status).toBe('stopped')
    const run = getRun(db, session.runId)!
    expect(run).toMatchObject({ name: 'controlled', status: 'stopped', backend: ready.backend.name })
    expect(listRunLog(db, session.runId).map((l) => l.text).join('\n')).toContain(`backend ${ready.backend.name}: ${ready.backend.reason}`)
  })

  it('marks the run failed with the error when the trainer cannot train, and the parent carries on', async () => {
    const config = parseRunConfig({ classes: 'all', minClassImages: 100_000, stages: [{ kind: 'labels' }] })
    const session = TrainingSession.start(db, workspace, { config, backend: 'wasm' }, () => forkTrainer())
    const error = (await next(session, 'error')) as Extract<TrainerMessage, { type: 'error' }>
    expect(error.message).toMatch(/no all class has 100000 or more human-positive training images/)
    expect((await session.done).status).toBe('failed')
    expect(getRun(db, session.runId)).toMatchObject({ status: 'failed', error: error.message })
  })
})
