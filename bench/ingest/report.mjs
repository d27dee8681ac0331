// The ingest benchmark's figures: targets with PASS/MISS, and the table printed on stdout.
import { bigFiles } from './generate.mjs'

const GiB = 1024 ** 3
export const targets = {
  ingestSeconds: { max: 300, fullOnly: true, text: '< 300 s (full scale)' },
  speedVsImport: { min: 1.0, text: '>= 1.0x .import' },
  peakRssBytes: { max: 1.5 * GiB, text: '< 1.5 GiB' },
  browseP95Ms: { max: 20, text: 'p95 < 20 ms' },
  aggregateP95Ms: { max: 100, text: 'p95 < 100 ms' },
}

function verdict(target, value, scale) {
  if (value === null || value === undefined) return 'n/a'
  if (target.fullOnly && scale !== 'full') return 'n/a (full only)'
  const ok = (target.max === undefined || value < target.max) && (target.min === undefined || value >= target.min)
  return ok ? 'PASS' : 'MISS'
}

/** Every figure with its target and verdict, for the JSON file and the table. */
export function judge({ scale, reference, product, queries }) {
  const index = product?.index
  const checks = {}
  const put = (name, target, value, unit) => (checks[name] = { value, unit, target: targets[target].text, verdict: verdict(targets[target], value, scale) })
  put('ingestWallSeconds', 'ingestSeconds', index?.seconds ?? null, 's')
  put('speedVsImportOverall', 'speedVsImport', index && reference ? reference.seconds / index.seconds : null, 'x')
  put('peakRss', 'peakRssBytes', index ? Math.max(index.maxRssBytes, index.treeRssBytes) : null, 'bytes')
  put('browseP95', 'browseP95Ms', queries?.browse.p95 ?? null, 'ms')
  put('getSummaryP95', 'aggregateP95Ms', queries?.getSummary.p95 ?? null, 'ms')
  put('listClassesP95', 'aggregateP95Ms', queries?.listClasses.p95 ?? null, 'ms')
  return checks
}

/** Per big file: rows, the catalog's rows/s (from its own report) and .import's, and their ratio. */
export function perFile(reference, product) {
  return bigFiles.map((file) => {
    const ref = reference?.files.find((f) => f.file === file) ?? null
    const own = product?.index.report.files.find((f) => f.file === file || f.file.endsWith(`/${file}`)) ?? null
    const oiwRowsPerSecond = own && own.seconds > 0 ? own.rows / own.seconds : null
    return {
      file,
      rows: own?.rows ?? ref?.rows ?? null,
      skipped: own?.skipped ?? null,
      oiwSeconds: own?.seconds ?? null,
      oiwRowsPerSecond,
      importSeconds: ref?.seconds ?? null,
      importRowsPerSecond: ref?.rowsPerSecond ?? null,
      ratio: oiwRowsPerSecond && ref ? oiwRowsPerSecond / ref.rowsPerSecond : null,
    }
  })
}

const num = (v, digits = 0) => (v === null || v === undefined ? '-' : Number(v).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }))
const mb = (bytes) => (bytes === null || bytes === undefined ? '-' : `${num(bytes / 1024 ** 2)} MiB`)
const pad = (cells, widths) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ')

/** The readable table: machine, dataset, per-file speeds, then each target with PASS/MISS. */
export function formatTable(result) {
  const { machine, versions, dataset, reference, product, queries, perFile: files, checks } = result
  const lines = []
  lines.push(`oiw ingest benchmark — scale ${result.scale}, seed ${dataset.seed}, ${result.startedAt}`)
  lines.push(`machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${num(machine.memoryBytes / GiB, 1)} GiB RAM, ${machine.platform}`)
  lines.push(`versions: node ${versions.node}, sqlite3 shell ${versions.sqlite3 ?? 'missing'}, oiw ${versions.oiw}`)
  lines.push(`dataset: ${dataset.dataDir} (${mb(dataset.totalBytes)}, ${dataset.reused ? 'reused' : `generated in ${num(dataset.generationSeconds.total, 1)} s`}): ` +
    `${num(dataset.counts.images)} images, ${num(dataset.counts.humanLabels)} human labels, ${num(dataset.counts.machineLabels)} machine labels, ${num(dataset.counts.boxes)} boxes`)
  if (reference) lines.push(`reference: sqlite3 .import --skip 1, ${reference.pragmas} ${reference.tables}; database ${mb(reference.databaseBytes)}, peak RSS ${mb(reference.maxRssBytes)}`)
  lines.push('')
  const widths = [26, 12, 12, 12, 12, 8]
  lines.push(pad(['file', 'rows', 'oiw rows/s', '.import r/s', '.import s', 'ratio'], widths))
  for (const f of files) lines.push(pad([f.file, num(f.rows), num(f.oiwRowsPerSecond), num(f.importRowsPerSecond), num(f.importSeconds, 1), f.ratio ? `${num(f.ratio, 2)}x` : '-'], widths))
  if (reference) lines.push(pad(['.import total', num(reference.rows), '', num(reference.rows / reference.seconds), num(reference.seconds, 1), ''], widths))
  if (product) {
    const r = product.index.report
    lines.push('')
    lines.push(`oiw index: ${num(product.index.seconds, 1)} s wall (its own report: ${num(r.seconds, 1)} s), catalog ${mb(product.index.catalogBytes)}, ` +
      `peak RSS ${mb(product.index.maxRssBytes)} (largest process) / ${mb(product.index.treeRssBytes)} (process tree, sampled)`)
    lines.push(`  classes known ${num(r.classesKnown)}, unknown ${num(r.classesUnknown)}, images missing ${num(r.imagesMissing)}; skipped rows ${num(r.files.reduce((s, f) => s + f.skipped, 0))}`)
    for (const f of r.files.filter((x) => !bigFiles.some((b) => x.file.endsWith(b)))) lines.push(`  ${f.file}: ${num(f.rows)} rows, ${num(f.seconds, 2)} s`)
  }
  if (queries) {
    const q = (t) => `p50 ${num(t.p50, 1)} ms, p95 ${num(t.p95, 1)} ms, max ${num(t.max, 1)} ms`
    lines.push('')
    lines.push(`queries over HTTP (timings include the HTTP round trip on loopback):`)
    lines.push(`  images.list  x${queries.browse.calls} (weighted class, first page of 100): ${q(queries.browse)}; empty pages ${queries.browse.emptyPages}`)
    lines.push(`  catalog.getSummary x${queries.getSummary.calls}: ${q(queries.getSummary)}`)
    lines.push(`  catalog.listClasses x${queries.listClasses.calls} (query '', limit 500): ${q(queries.listClasses)}`)
  }
  if (result.countCheck) lines.push(`  catalog counts vs generated: ${result.countCheck.ok ? 'match' : `MISMATCH ${JSON.stringify(result.countCheck.differences)}`}`)
  lines.push('')
  const checkWidths = [22, 14, 22, 16]
  lines.push(pad(['figure', 'value', 'target', 'verdict'], checkWidths))
  for (const [name, c] of Object.entries(checks)) {
    const value = c.unit === 'bytes' ? mb(c.value) : c.value === null ? '-' : `${num(c.value, c.unit === 'x' ? 2 : 1)} ${c.unit}`
    lines.push(pad([name, value, c.target, c.verdict], checkWidths))
  }
  return lines.join('\n')
}

/** The catalog's counts against what the generator wrote. */
export function countCheck(summary, counts) {
  if (!summary) return null
  const expected = { humanLabels: counts.humanLabels, machineLabels: counts.machineLabels, boxes: counts.boxes }
  const differences = Object.fromEntries(
    Object.entries(expected).filter(([key, n]) => summary[key] !== n).map(([key, n]) => [key, { catalog: summary[key], generated: n }]),
  )
  return { ok: Object.keys(differences).length === 0, differences }
}
