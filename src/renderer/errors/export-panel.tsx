import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import CircularProgress from '@mui/material/CircularProgress'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogTitle from '@mui/material/DialogTitle'
import Typography from '@mui/material/Typography'
import { useState } from 'react'
import type { ExportReport, TruthKind } from '../../shared/api/evaluation'
import { useApi } from '../app/api-context'
import { errorMessage } from '../app/error-message'
import { formatCount } from '../app/format'
import { monoFont } from '../app/theme'
import { formatMetric } from './error-format'

type ExportState = { kind: 'idle' } | { kind: 'running' } | { kind: 'done'; path: string; report: ExportReport } | { kind: 'failed'; message: string }

/**
 * "Export Kaggle CSV": writes the set's submission into the workspace's exports folder with thresholds
 * fitted on the tuning labels (as `oiw export kaggle`), then shows the report and any validation problems.
 */
export function ExportPanel({ set, truth }: { set: string; truth: TruthKind }) {
  const client = useApi()
  const [state, setState] = useState<ExportState>({ kind: 'idle' })
  const start = () => {
    setState({ kind: 'running' })
    client.call('evaluation.exportKaggle', { set, truth }).then(
      ({ path, report }) => setState({ kind: 'done', path, report }),
      (error: unknown) => setState({ kind: 'failed', message: errorMessage(error) }),
    )
  }
  return (
    <>
      <Button data-testid="export-kaggle" variant="outlined" onClick={start} disabled={state.kind === 'running'}>
        Export Kaggle CSV
      </Button>
      <Dialog data-testid="export-dialog" open={state.kind !== 'idle'} onClose={() => state.kind !== 'running' && setState({ kind: 'idle' })} maxWidth="md" fullWidth>
        <DialogTitle>Kaggle submission of {set}</DialogTitle>
        <DialogContent>
          {state.kind === 'running' && (
            <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
              <CircularProgress size={18} /> Fitting thresholds on the {truth === 'tuning' ? 'tuning labels' : 'human labels'} and writing every test image…
            </Box>
          )}
          {state.kind === 'failed' && (
            <Alert data-testid="export-error" severity="error">
              {state.message}
            </Alert>
          )}
          {state.kind === 'done' && <ExportReportView path={state.path} report={state.report} truth={truth} />}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setState({ kind: 'idle' })} disabled={state.kind === 'running'}>
            Close
          </Button>
        </DialogActions>
      </Dialog>
    </>
  )
}

function ExportReportView({ path, report, truth }: { path: string; report: ExportReport; truth: TruthKind }) {
  const cv = report.crossValidated
  const gain = cv.perClassF2 - cv.globalF2
  const problems = report.validation.problems
  return (
    <Box data-testid="export-report" data-rows={report.rows} data-valid={report.validation.valid} data-applied={report.applied} sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
      <Typography variant="body2">
        Fitted on {formatCount(report.tuningImages)} {truth === 'tuning' ? 'tuning' : 'human-labelled'} images. Global threshold {formatMetric(report.globalThreshold)}: F2 {formatMetric(report.globalF2)},
        cross-validated {formatMetric(cv.globalF2)}.
      </Typography>
      <Typography variant="body2">
        Per-class thresholds ({formatCount(Object.keys(report.perClassThresholds).length)} classes): F2 {formatMetric(report.perClassF2)}, cross-validated{' '}
        {formatMetric(cv.perClassF2)} ({cv.folds} folds) — CV gain {gain >= 0 ? '+' : ''}
        {formatMetric(gain)}.
      </Typography>
      <Typography variant="body2" data-testid="export-applied" sx={{ fontWeight: 600 }}>
        Applied: {report.applied === 'per-class' ? 'per-class thresholds (they cross-validate better)' : 'the global threshold (per-class ones do not cross-validate better)'}
      </Typography>
      <Typography variant="body2" data-testid="export-rows">
        Wrote {formatCount(report.rows)} rows ({formatCount(report.filledRows)} without scores, filled with the most frequent true labels) to
      </Typography>
      <Typography variant="body2" data-testid="export-path" sx={{ fontFamily: monoFont, overflowWrap: 'anywhere' }}>
        {path}
      </Typography>
      {report.leftOut.images > 0 && (
        <Typography variant="body2" data-testid="export-left-out" data-images={report.leftOut.images}>
          Left out {formatCount(report.leftOut.images)} images the set scores that are not test images of the catalog (e.g. {report.leftOut.examples.join(', ')}).
        </Typography>
      )}
      {report.validation.valid ? (
        <Alert data-testid="export-valid" severity="success" variant="outlined">
          The file validates: header, hex ids each once, known label codes.
          {report.validation.warnings.total > 0 ? ` ${formatCount(report.validation.warnings.total)} warnings.` : ''}
        </Alert>
      ) : (
        <Alert data-testid="export-problems" severity="error" variant="outlined">
          {formatCount(problems.total)} validation problems: {Object.entries(problems.byKind).map(([kind, n]) => `${kind} ${n}`).join(', ')}
          {problems.examples.map((p) => (
            <div key={`${p.where}:${p.kind}`}>
              {p.where}: {p.message}
            </div>
          ))}
        </Alert>
      )}
    </Box>
  )
}
