import { afterAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createAppServices } from '../../../src/main/app/app-services'
import { EventHub } from '../../../src/main/transport/event-hub'
import { startHttpServer, type RunningServer } from '../../../src/main/transport/http-server'
import { HttpApiClient } from '../../../src/renderer/api/http-client'
import { fixtureWorkspace } from '../../helpers/fixture-workspace'
import { tempDir } from '../../helpers/temp-dir'

/** A dropped event socket comes back by itself and tells the page to re-read what it shows. */
describe('HttpApiClient reconnects', () => {
  const web = tempDir()
  const cleanups: Array<() => unknown> = []
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup()
    web.remove()
  })

  it('calls onReconnect after the server comes back on the same port, and events flow again', async () => {
    const fixture = await fixtureWorkspace(4)
    cleanups.push(() => fixture.remove())
    const start = (hub: EventHub, port?: number, token?: string): Promise<RunningServer> =>
      startHttpServer({
        handlers: createAppServices(fixture.workspace, 'headless', hub).handlers,
        hub,
        readMedia: () => Promise.reject(new Error('no media here')),
        rendererDir: web.dir,
        ...(port === undefined ? {} : { port }),
        ...(token === undefined ? {} : { token }),
      })
    const first = await start(new EventHub())
    const client = new HttpApiClient({ baseUrl: first.url, token: first.token, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket })
    cleanups.push(() => client.close())
    let reconnects = 0
    client.onReconnect(() => reconnects++)
    await new Promise((done) => setTimeout(done, 300))
    expect(reconnects).toBe(0)

    await first.close()
    const hub = new EventHub()
    const second = await start(hub, first.port, first.token)
    cleanups.push(() => second.close())
    await expect.poll(() => reconnects, { timeout: 5000 }).toBe(1)
    const received = new Promise((done) => client.on('workspace.onDidProgress', done))
    hub.emit('workspace.onDidProgress', { job: 'x', phase: 'y', done: 1, total: 2, finished: false })
    expect(await received).toMatchObject({ job: 'x' })
  })
})
