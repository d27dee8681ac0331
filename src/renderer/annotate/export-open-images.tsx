import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import CircularProgress from '@mui/material/CircularProgress'
import Typography from '@mui/material/Typography'
import { useState } from 'react'
import type { OpenImagesExport } from '../../shared/api/index'
import { useApi } from '../app/api-context'
import { errorMessage } from '../app/error-message'
import { formatCount } from '../app/format'

/**
 * Writes the catalog's labels and boxes, every edit merged, as train_human_labels.csv and
 * train_bounding_boxes.csv in the workspace's exports folder (what `oiw export openimages` writes), and
 * says where and how many rows.
 */
export function ExportOpenImages() {
  const client = useApi()
  const [state, setState] = useState<{ running: boolean; done: OpenImagesExport | null; error: string | null }>({ running: false, done: null, error: null })
  const run = () => {
    setState({ running: true, done: null, error: null })
    client.call('annotate.exportOpenImages', {}).then(
      (done) => setState({ running: false, done, error: null }),
      (error: unknown) => setState({ running: false, done: null, error: errorMessage(error) }),
    )
  }
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 1.5, flexWrap: 'wrap' }}>
      <Button variant="outlined" size="small" disabled={state.running} onClick={run} data-testid="export-openimages" title="Write train_human_labels.csv and train_bounding_boxes.csv with every edit merged">
        Export Open Images CSVs
      </Button>
      {state.running && <CircularProgress size={16} />}
      {state.done && (
        <Typography variant="body2" color="text.secondary" data-testid="export-openimages-result">
          Wrote {formatCount(state.done.humanLabels)} human labels and {formatCount(state.done.boxes)} boxes ({formatCount(state.done.edits)} edits merged) to {state.done.dir}
        </Typography>
      )}
      {state.error && (
        <Typography variant="body2" color="error" data-testid="export-openimages-error">
          Export failed: {state.error}
        </Typography>
      )}
    </Box>
  )
}
