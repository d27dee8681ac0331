import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createAppServices } from '../../../src/main/app/app-services'
import { readMedia } from '../../../src/main/services/media/media'
import { EventHub } from '../../../src/main/transport/event-hub'
import { startHttpServer, type RunningServer } from '../../../src/main/transport/http-server'
import { forwardEventsToWindow, registerIpcHandlers } from '../../../src/main/transport/ipc'
import { createBridge } from '../../../src/preload/bridge'
import { HttpApiClient } from '../../../src/renderer/api/http-client'
import { IpcApiClient } from '../../../src/renderer/api/ipc-client'
import type { ApiClient } from '../../../src/shared/api/client'
import { methodNames, type ArgsOf, type ClassRecord, type JobProgress, type MethodName } from '../../../src/shared/api/index'
import { ApiError } from '../../../src/shared/errors'
import { fixtureWorkspace, type FixtureWorkspace } from '../../helpers/fixture-workspace'
import { inMemoryIpcPair } from '../../helpers/in-memory-ipc'
import { insertPredictionSet, knownErrors } from '../services/evaluation/known-errors'
import { readTuning } from '../services/evaluation/noisy-scores'
import { tempDir } from '../../helpers/temp-dir'

/** The same client code, handler map and arguments through both transports must give the same answers. */
describe('the API contract over IPC and over HTTP', () => {
  let fixture: FixtureWorkspace
  let server: RunningServer
  let http: HttpApiClient
  let ipc: ApiClient
  const hub = new EventHub()
  const pair = inMemoryIpcPair('file:///app/out/renderer/index.html')
  const staticRoot = tempDir()

  beforeAll(async () => {
    fixture = await fixtureWorkspace(12)
    const handlers = createAppServices(fixture.workspace, 'headless', new EventHub()).handlers
    registerIpcHandlers(pair.main, handlers, (event) => event.senderFrame?.url.endsWith('/renderer/index.html') ?? false)
    forwardEventsToWindow(hub, pair.send)
    ipc = new IpcApiClient(createBridge(pair.renderer, 'oiw-media://app'))
    server = await startHttpServer({
      handlers,
      hub,
      readMedia: (kind, id) => readMedia(fixture.workspace, kind, id),
      rendererDir: staticRoot.dir,
    })
    http = new HttpApiClient({ baseUrl: server.url, token: server.token, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket })
  })
  afterAll(async () => {
    http.close()
    await server.close()
    fixture.remove()
    staticRoot.remove()
  })

  /** One valid call of every method; the test fails when a method is added without a case here. */
  async function sampleArgs(): Promise<{ [M in MethodName]: ArgsOf<M> }> {
    const first = (await http.call('images.list', { limit: 1 })).items[0]!
    const [klass, other] = (await http.call('catalog.listClasses', { query: '', limit: 2 })).items as [ClassRecord, ClassRecord]
    const known = knownErrors(readTuning())
    insertPredictionSet(fixture.workspace.db, 'contract', known.rows)
    return {
      'workspace.getInfo': {},
      'catalog.getSummary': {},
      'catalog.listClasses': { query: 'car', limit: 5 },
      'images.list': { limit: 5, classCode: klass.code },
      'images.count': { classCode: klass.code },
      'images.window': { filter: { classCode: klass.code }, offset: 1, limit: 3 },
      'images.get': { imageId: first.imageId },
      'catalog.browseFolders': { folderId: null },
      // An id this server never issued: both transports must reach the handler and refuse it alike.
      'catalog.startIndex': { folderId: 'never-issued' },
      'catalog.cancelIndex': {},
      'catalog.getIndexJob': {},
      'stats.classTable': { query: '', sort: 'humanPositive', descending: true, limit: 5 },
      'stats.longTail': { source: 'human' },
      'stats.labelsPerImage': { source: 'human' },
      'stats.classDetail': { classCode: klass.code, top: 5 },
      'stats.cooccurrence': { top: 3 },
      'stats.shift': { against: 'tuning', limit: 5 },
      'stats.samplingPreview': { scheme: 'effective', beta: 0.99, limit: 5 },
      'training.getOptions': {},
      'training.checkBackend': {},
      'training.listRuns': {},
      // Calls that would start or change a run are refused alike: a bad config, runs that do not exist.
      'training.start': { config: { stages: [{ kind: 'labels', batchSize: 0 }] } },
      'training.resumeRun': { runId: 999 },
      'training.pause': { runId: 999 },
      'training.resume': { runId: 999 },
      'training.stop': { runId: 999 },
      'training.getRun': { runId: 999 },
      'training.deleteRun': { runId: 999 },
      'training.deleteCheckpoints': { runId: 999 },
      'training.predict': { runId: 999, images: 'tuning', tta: true },
      'training.cancelPredict': {},
      'training.getPredictJob': {},
      // A real edit: the second transport repeats the request id, so it gets the same receipt and writes nothing twice.
      'annotate.setLabels': { requestId: 'contract-edit-1', author: 'contract', edits: [{ imageId: first.imageId, classCode: other.code, verdict: 'absent' }] },
      'annotate.createBox': { requestId: 'contract-box-1', imageId: first.imageId, box: { classCode: klass.code, xMin: 0.2, xMax: 0.2, yMin: 0.1, yMax: 0.5, isOccluded: 0, isTruncated: 0, isGroupOf: 0, isDepiction: 0, isInside: 0 } },
      'annotate.updateBox': { requestId: 'contract-box-2', imageId: first.imageId, boxId: 999_999, patch: { xMin: 0.1 } },
      'annotate.deleteBox': { requestId: 'contract-box-3', imageId: first.imageId, boxId: 999_999 },
      'annotate.revert': { requestId: 'contract-revert', editId: 999_999 },
      'annotate.history': { imageId: first.imageId },
      'annotate.exportOpenImages': {},
      'evaluation.listSets': {},
      'evaluation.analyze': { set: 'contract' },
      'evaluation.classes': { set: 'contract', sort: 'fn', descending: true, limit: 5 },
      'evaluation.images': { set: 'contract', classCode: known.fn.code, outcome: 'fn', limit: 5 },
      'evaluation.confusions': { set: 'contract', limit: 5 },
      'evaluation.image': { set: 'contract', imageId: known.worst },
      'evaluation.compareSets': { set: 'contract', compareWith: 'contract', sort: 'name', limit: 5 },
      'evaluation.exportKaggle': { set: 'contract', name: 'contract-test' },
      'kaggle.listSampleFiles': {},
      // A sample this catalog never indexed: refused alike, nothing started.
      'kaggle.start': { sample: '/nowhere/stage_2_sample_submission.csv', budgetSeconds: 60 },
      'kaggle.cancel': {},
      'kaggle.getJob': {},
    }
  }

  const refused = new Set<MethodName>(['catalog.startIndex', 'kaggle.start', 'annotate.createBox', 'annotate.updateBox', 'annotate.deleteBox', 'annotate.revert', ...methodNames.filter((m) => m.startsWith('training.') && !/getOptions|checkBackend|listRuns|cancelPredict|getPredictJob/.test(m))])

  it('reaches every handler through both transports with equal results', async () => {
    const args = await sampleArgs()
    expect(Object.keys(args).sort()).toEqual([...methodNames].sort())
    const outcome = (client: ApiClient, method: MethodName) =>
      client.call(method, args[method] as never).then(
        (value) => ({ value }),
        (error: ApiError) => ({ code: error.code, message: error.message }),
      )
    for (const method of methodNames) {
      const viaIpc = await outcome(ipc, method)
      expect(await outcome(http, method), method).toEqual(viaIpc)
      expect(viaIpc, method).toHaveProperty(refused.has(method) ? 'code' : 'value')
    }
  })

  it('returns real content: pages of images of a class, their labels and boxes', async () => {
    const klass = (await ipc.call('catalog.listClasses', { query: '', limit: 1 })).items[0]!
    const page = await ipc.call('images.list', { classCode: klass.code, limit: 500 })
    expect(page.items.length).toBe(klass.humanPositiveImages)
    const detail = await http.call('images.get', { imageId: page.items[0]!.imageId })
    expect(detail.labels.some((l) => l.code === klass.code && l.confidence === 1)).toBe(true)
  })

  it('pages with keyset cursors without gaps or repeats', async () => {
    const all = await http.call('images.list', { limit: 500 })
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: Awaited<ReturnType<typeof http.call<'images.list'>>> = await http.call('images.list', { limit: 5, cursor })
      seen.push(...page.items.map((i) => i.imageId))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual(all.items.map((i) => i.imageId))
    expect(seen.length).toBe(12)
  })

  it('rejects invalid arguments with the same typed error on both transports', async () => {
    for (const client of [ipc, http]) {
      const error = await client.call('images.list', { limit: 0 }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ApiError)
      expect(error).toMatchObject({ code: 'invalid-argument', where: 'limit' })
      await expect(client.call('images.get', { imageId: 'ffffffffffffffff' })).rejects.toMatchObject({ code: 'not-found' })
    }
  })

  it('refuses IPC calls from a frame that is not the app', async () => {
    const stranger = inMemoryIpcPair('https://evil.example/')
    registerIpcHandlers(stranger.main, createAppServices(fixture.workspace, 'electron', new EventHub()).handlers, (event) => event.senderFrame?.url.startsWith('file://') ?? false)
    const client = new IpcApiClient(createBridge(stranger.renderer, 'oiw-media://app'))
    await expect(client.call('catalog.getSummary', {})).rejects.toMatchObject({ code: 'unauthorized' })
  })

  it('delivers events to IPC and WebSocket subscribers', async () => {
    const progress: JobProgress = { job: 'index', phase: 'boxes', done: 3, total: 8, finished: false }
    const viaIpc = new Promise((done) => ipc.on('workspace.onDidProgress', done))
    const viaHttp = new Promise((done) => http.on('workspace.onDidProgress', done))
    await new Promise((done) => setTimeout(done, 300)) // the socket connects
    hub.emit('workspace.onDidProgress', progress)
    expect(await viaIpc).toEqual(progress)
    expect(await viaHttp).toEqual(progress)
  })
})
