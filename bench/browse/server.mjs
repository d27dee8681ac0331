// `oiw serve` as a child process, its memory, and the thumbnail throughput measured from a Node client.
import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { Agent, get } from 'node:http'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createInterface } from 'node:readline'
import { childrenOf, percentile, readKb } from '../ingest/measure.mjs'

const repo = resolve(import.meta.dirname, '..', '..')

/**
 * Starts `oiw serve <workspace> --port 0 --json` and waits (up to 60 s) for its JSON line
 * {url, pageUrl, port, token, workspace}. Returns that plus { pid, call(method, body), stop() }.
 */
export async function startServer(workspace, env) {
  const child = spawn(process.execPath, [join(repo, 'bin', 'oiw.js'), 'serve', workspace, '--port', '0', '--json'], {
    cwd: repo,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk) => (stderr += chunk))
  const info = await new Promise((done, failed) => {
    const timer = setTimeout(() => failed(new Error(`oiw serve printed no JSON line in 60 s: ${stderr.trim()}`)), 60_000)
    createInterface({ input: child.stdout }).on('line', (line) => {
      try {
        const value = JSON.parse(line)
        if (value.url && value.token) {
          clearTimeout(timer)
          done(value)
        }
      } catch {
        // not the address line
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      failed(new Error(`oiw serve exited with ${code} before listening: ${stderr.trim()}`))
    })
  })
  const call = async (method, body) => {
    const response = await fetch(`${info.url}/api/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${info.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    const envelope = await response.json()
    if (!envelope.ok) throw new Error(`${method} failed: ${envelope.error?.code}: ${envelope.error?.message}`)
    return envelope.value
  }
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((done) => child.once('exit', done))
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(timer)
  }
  return { ...info, pid: child.pid, call, stop }
}

/** The server's memory now: its RSS and peak (VmHWM), and the RSS of it with any child processes. */
export function serverMemory(pid) {
  let treeRssBytes = 0
  const pending = [pid]
  while (pending.length > 0) {
    const next = pending.pop()
    pending.push(...childrenOf(next))
    treeRssBytes += readKb(next, 'VmRSS')
  }
  return { rssBytes: readKb(pid, 'VmRSS'), peakRssBytes: readKb(pid, 'VmHWM'), treeRssBytes }
}

/** Empties the workspace's thumbnail cache (the next request of each thumbnail decodes the image again). */
export function clearThumbnailCache(workspace) {
  rmSync(join(workspace, 'cache', 'thumbs'), { recursive: true, force: true })
}

/** The ids of the listing's first `count` images (all images, catalog order), by windows of 500. */
export async function firstIds(server, count) {
  const ids = []
  while (ids.length < count) {
    const window = await server.call('images.window', { filter: {}, offset: ids.length, limit: Math.min(500, count - ids.length) })
    if (window.items.length === 0) break
    ids.push(...window.items.map((image) => image.imageId))
  }
  return ids
}

function fetchOnce(agent, url) {
  return new Promise((done) => {
    const t0 = performance.now()
    const request = get(url, { agent }, (response) => {
      let bytes = 0
      response.on('data', (chunk) => (bytes += chunk.length))
      response.on('end', () => {
        const type = response.headers['content-type'] ?? ''
        const ok = response.statusCode === 200 && type.startsWith('image/jpeg') && bytes > 0
        done({ ms: performance.now() - t0, bytes, ok, error: ok ? null : `HTTP ${response.statusCode} ${type}` })
      })
      response.on('error', (error) => done({ ms: performance.now() - t0, bytes, ok: false, error: error.message }))
    })
    request.on('error', (error) => done({ ms: performance.now() - t0, bytes: 0, ok: false, error: error.message }))
  })
}

/**
 * GETs /media/thumb/<id>.jpg?token=T for every id, `concurrency` at a time over keep-alive connections.
 * Returns thumbnails/s (successful ones over the wall time), latency percentiles, bytes and errors.
 */
export async function fetchThumbnails(server, ids, concurrency) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency })
  const results = new Array(ids.length)
  let next = 0
  const started = performance.now()
  const worker = async () => {
    while (next < ids.length) {
      const i = next++
      results[i] = await fetchOnce(agent, `${server.url}/media/thumb/${ids[i]}.jpg?token=${server.token}`)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  const seconds = (performance.now() - started) / 1000
  agent.destroy()
  const good = results.filter((r) => r.ok)
  const ms = good.map((r) => r.ms).sort((a, b) => a - b)
  const failures = results.filter((r) => !r.ok)
  return {
    requests: ids.length,
    concurrency,
    seconds,
    thumbnailsPerSecond: good.length / seconds,
    p50Ms: percentile(ms, 50),
    p95Ms: percentile(ms, 95),
    maxMs: ms.at(-1) ?? null,
    bytes: good.reduce((sum, r) => sum + r.bytes, 0),
    errors: failures.length,
    firstError: failures[0]?.error ?? null,
  }
}
