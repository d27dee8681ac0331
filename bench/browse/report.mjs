// The browse benchmark's figures: targets with PASS/MISS, and the table printed on stdout.
const GiB = 1024 ** 3

export const targets = {
  firstPaintMs: { max: 1000, text: '< 1,000 ms (warm)' },
  thumbnailsPerSecond: { min: 1000, text: '>= 1,000/s (warm)' },
  longTaskMs: { max: 100, inclusive: true, text: 'none > 100 ms' },
}

function verdict(target, value) {
  if (value === null || value === undefined) return 'n/a'
  const underMax = target.max === undefined || (target.inclusive ? value <= target.max : value < target.max)
  return underMax && (target.min === undefined || value >= target.min) ? 'PASS' : 'MISS'
}

/** Every judged figure with its target and verdict, for the JSON file and the table. */
export function judge({ thumbnails, browser }) {
  const checks = {}
  const put = (name, target, value, unit) => (checks[name] = { value: value ?? null, unit, target: targets[target].text, verdict: verdict(targets[target], value) })
  put('firstScreenfulWarm', 'firstPaintMs', browser?.firstPaint?.warm?.median?.screenful, 'ms')
  put('warmThumbnailsPerSecond', 'thumbnailsPerSecond', thumbnails?.warm?.thumbnailsPerSecond, '/s')
  put('longestLongTaskScrolling', 'longTaskMs', browser?.scroll?.longTasks?.longestMs, 'ms')
  return checks
}

const num = (v, digits = 0) => (v === null || v === undefined ? '-' : Number(v).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }))
const ms = (v) => (v === null || v === undefined ? '-' : `${num(v, 0)} ms`)
const mb = (bytes) => (bytes === null || bytes === undefined ? '-' : `${num(bytes / 1024 ** 2)} MiB`)
const pad = (cells, widths) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ')

function thumbnailLines(thumbnails, memory) {
  const lines = []
  const widths = [6, 12, 10, 10, 10, 10, 8]
  lines.push(`thumbnails: ${num(thumbnails.cold.requests)} distinct ids (the listing's first), GET /media/thumb/<id>.jpg, ${thumbnails.cold.concurrency} at a time, keep-alive`)
  lines.push(pad(['cache', 'thumbs/s', 'p50', 'p95', 'max', 'MiB', 'errors'], widths))
  for (const [name, t] of [['cold', thumbnails.cold], ['warm', thumbnails.warm]]) {
    lines.push(pad([name, num(t.thumbnailsPerSecond), ms(t.p50Ms), ms(t.p95Ms), ms(t.maxMs), num(t.bytes / 1024 ** 2, 1), num(t.errors)], widths))
    if (t.firstError) lines.push(`  first error: ${t.firstError}`)
  }
  if (memory) {
    const at = (m) => (m ? `${mb(m.rssBytes)}` : '-')
    lines.push(`server RSS: ${at(memory.afterCold)} after cold, ${at(memory.afterWarm)} after warm, ${at(memory.afterBrowser)} after scrolling; peak ${mb(memory.peakRssBytes)}`)
  }
  return lines
}

function paintLines(firstPaint) {
  const lines = ['first grid paint, from navigation start (median of runs, each in a fresh browser context; "first screenful" is judged warm):']
  const widths = [6, 6, 8, 10, 12, 12, 12, 18, 7]
  lines.push(pad(['cache', 'runs', 'FCP', 'first tile', '1st tile img', '1st img load', '1st thumb resp', 'first screenful', 'tiles'], widths))
  for (const name of ['warm', 'cold']) {
    const p = firstPaint[name]
    if (!p) continue
    const m = p.median
    lines.push(pad([name, `${p.runs.length - p.errors.length}/${p.runs.length}`, ms(m.firstContentfulPaint), ms(m.firstTile), ms(m.firstImage), ms(m.firstImageLoad), ms(m.firstThumbnailResponseEnd), ms(m.screenful), num(m.screenTiles)], widths))
    lines.push(`  each run's first screenful: ${p.runs.map((r) => (r.screenful === undefined ? 'error' : ms(r.screenful))).join(', ')}`)
    for (const error of [...new Set(p.errors)]) lines.push(`  ERROR: ${error}`)
  }
  return lines
}

function scrollLines(scroll) {
  if (scroll.error) return [`scrolling: ERROR: ${scroll.error}`]
  const { plan, frames, longTasks } = scroll
  const lines = [`scrolling ${scroll.container} (${num(scroll.scrollHeightAtStart)} px tall at start, ${num(scroll.clientHeight)} px shown): ` +
    `${plan.wheelSteps} wheel steps of ${plan.wheelPx} px ${plan.wheelGapMs} ms apart, then jumps to ${plan.jumps.map((f) => `${f * 100}%`).join(', ')} of scrollHeight; ${num(scroll.durationMs / 1000, 1)} s`]
  lines.push(`  frames: ${num(frames.count)}, delta p50 ${num(frames.p50, 1)} ms, p95 ${num(frames.p95, 1)} ms, max ${num(frames.max, 1)} ms; over 50 ms: ${num(frames.over50Ms)}`)
  lines.push(`  long tasks: ${num(longTasks.count)}, longest ${num(longTasks.longestMs, 0)} ms, over 100 ms: ${num(longTasks.over100Ms)}`)
  lines.push(`  tile images loaded: ${num(scroll.thumbnailsLoaded)} (${num(scroll.thumbnailRequests)} thumbnail requests); at the end ${num(scroll.tilesInDom)} tiles in the DOM, ${num(scroll.imagesCompleteInDom)} with their image`)
  for (const p of scroll.positions) {
    const offset = p.firstVisibleOffset === null ? '' : ` (offset ${num(p.firstVisibleOffset)})`
    const pending = p.pending ? `, ${p.pending} placeholders` : ''
    lines.push(`  after ${p.after}: scrollTop ${num(p.scrollTop)} of ${num(p.scrollHeight)}, first visible ${p.firstVisibleId ?? '-'}${offset}, ${p.complete}/${p.visible} visible tiles with their image${pending}`)
  }
  return lines
}

/** The readable table: machine, versions, dataset, each part, then each target with PASS/MISS. */
export function formatTable(result) {
  const { machine, versions, dataset, index, thumbnails, memory, browser, checks } = result
  const lines = []
  lines.push(`oiw browse benchmark — ${num(dataset.counts.images)} images, seed ${dataset.seed}, ${result.startedAt}`)
  const load = (l) => l.map((v) => num(v, 1)).join(' ')
  lines.push(`machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${num(machine.memoryBytes / GiB, 1)} GiB RAM, ${machine.platform}; ` +
    `load average ${load(machine.loadAverage.start)} at the start, ${load(machine.loadAverage.end)} at the end`)
  lines.push(`versions: node ${versions.node}, ${versions.chromium ?? 'chromium not started'}, playwright-core ${versions.playwright}, sharp ${versions.sharp} (libvips ${versions.libvips}), oiw ${versions.oiw}`)
  const build = versions.build
  const notes = [build.srcNewerThanCli ? `${build.srcNewerThanCli} file(s) under src/ newer` : '', build.rebuiltDuringRun ? 'REBUILT DURING THE RUN' : ''].filter(Boolean)
  lines.push(`build: out/main/cli.js ${build.cliBuiltAt}, out/renderer ${build.rendererBuiltAt}${notes.length ? ` (${notes.join('; ')})` : ''}`)
  const made = dataset.reused ? 'reused' : `generated in ${num(dataset.generationSeconds.total, 1)} s`
  lines.push(`dataset: ${dataset.dataDir} (${made}): ${num(dataset.counts.images)} images hardlinked to ${dataset.sources} distinct JPEGs (320-640 px, ${mb(dataset.sourceBytes)}), ` +
    `${num(dataset.counts.humanLabels)} human labels over ${dataset.classes} classes, ${num(dataset.counts.boxes)} boxes`)
  lines.push(`workspace: ${index.workspace} (${index.reused ? 'reused' : `indexed in ${num(index.seconds, 1)} s`}), ${num(index.imagesOnDisk)} images on disk`)
  lines.push('')
  if (thumbnails) lines.push(...thumbnailLines(thumbnails, memory), '')
  if (!browser) lines.push('browser: skipped (--no-browser)', '')
  else if (browser.error) lines.push(`browser: ERROR: ${browser.error}`, '')
  else {
    lines.push(`browser: viewport ${browser.viewport.width}x${browser.viewport.height}, ${browser.flags.join(' ')}`)
    lines.push(...paintLines(browser.firstPaint), '')
    if (browser.scroll) lines.push(...scrollLines(browser.scroll), '')
  }
  const widths = [26, 14, 20, 8]
  lines.push(pad(['figure', 'value', 'target', 'verdict'], widths))
  for (const [name, c] of Object.entries(checks)) lines.push(pad([name, c.value === null ? '-' : `${num(c.value)} ${c.unit}`, c.target, c.verdict], widths))
  return lines.join('\n')
}
