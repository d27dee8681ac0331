// Runs a child process and measures it: wall time, peak RSS (GNU time's max RSS of the biggest process
// when /usr/bin/time exists, and the sampled sum of RSS over the whole process tree), stdout, stderr.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'

const gnuTime = '/usr/bin/time'
export const hasGnuTime = existsSync(gnuTime)

/** A size field of /proc/<pid>/status (VmRSS, VmHWM) in bytes; 0 once the process is gone. */
export function readKb(pid, field) {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) * 1024 : 0
  } catch {
    return 0
  }
}

/** The direct children of a process, from /proc. */
export function childrenOf(pid) {
  const pids = []
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim()
      if (text) pids.push(...text.split(' ').map(Number))
    }
  } catch {
    // the process ended between two reads
  }
  return pids
}

/** Samples every `everyMs` the process tree under `rootPid`: the biggest RSS sum and the biggest VmHWM. */
function treeSampler(rootPid, skipRoot, everyMs = 50) {
  const peak = { treeRssBytes: 0, processHwmBytes: 0 }
  const sample = () => {
    const pending = [rootPid]
    let sum = 0
    while (pending.length > 0) {
      const pid = pending.pop()
      pending.push(...childrenOf(pid))
      if (skipRoot && pid === rootPid) continue
      sum += readKb(pid, 'VmRSS')
      peak.processHwmBytes = Math.max(peak.processHwmBytes, readKb(pid, 'VmHWM'))
    }
    peak.treeRssBytes = Math.max(peak.treeRssBytes, sum)
  }
  const timer = setInterval(sample, everyMs)
  return { sample, stop: () => clearInterval(timer), peak }
}

/**
 * Runs `command args` to the end. `input` goes to its stdin. Resolves with
 * { code, stdout, stderr, seconds, maxRssBytes, treeRssBytes }: `maxRssBytes` is the kernel's peak of the
 * biggest single process (GNU time, else sampled VmHWM), `treeRssBytes` the sampled peak of all processes
 * together (catches helper processes running at the same time).
 */
export async function runMeasured(command, args, { input, cwd, env } = {}) {
  const scratch = mkdtempSync(join(tmpdir(), 'oiw-bench-time-'))
  const timeFile = join(scratch, 'time.txt')
  const [file, argv] = hasGnuTime ? [gnuTime, ['-v', '-o', timeFile, command, ...args]] : [command, args]
  const started = performance.now()
  const child = spawn(file, argv, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] })
  const sampler = treeSampler(child.pid, hasGnuTime)
  const stdout = []
  const stderr = []
  child.stdout.on('data', (chunk) => stdout.push(chunk))
  child.stderr.on('data', (chunk) => stderr.push(chunk))
  child.stdin.on('error', () => {})
  child.stdin.end(input ?? '')
  const code = await new Promise((done, failed) => {
    child.once('error', failed)
    child.once('close', (status, signal) => done(status ?? signal))
  })
  const seconds = (performance.now() - started) / 1000
  sampler.stop()
  let maxRssBytes = sampler.peak.processHwmBytes
  if (hasGnuTime && existsSync(timeFile)) {
    const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(readFileSync(timeFile, 'utf8'))
    if (match) maxRssBytes = Math.max(maxRssBytes, Number(match[1]) * 1024)
  }
  rmSync(scratch, { recursive: true, force: true })
  return {
    code,
    stdout: Buffer.concat(stdout).toString('utf8'),
    stderr: Buffer.concat(stderr).toString('utf8'),
    seconds,
    maxRssBytes,
    treeRssBytes: sampler.peak.treeRssBytes,
  }
}

/** Bytes of the files in `dir` whose names start with `prefix` (a SQLite file with its -wal and -shm). */
export function filesSize(dir, prefix) {
  if (!existsSync(dir)) return 0
  let bytes = 0
  for (const name of readdirSync(dir)) if (name.startsWith(prefix)) bytes += statSync(join(dir, name)).size
  return bytes
}

/** Nearest-rank percentile of a sorted list. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return null
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
}
