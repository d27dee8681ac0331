import Box from '@mui/material/Box'
import LinearProgress from '@mui/material/LinearProgress'
import Typography from '@mui/material/Typography'
import type { JobProgress } from '../../shared/api/index'
import { formatCount } from './format'

function describe(job: JobProgress): string {
  const counts = job.total === null ? formatCount(job.done) : `${formatCount(job.done)} / ${formatCount(job.total)}`
  return `${job.job}: ${job.phase} — ${counts}`
}

/** A thin bar per unfinished job; indeterminate while the job does not know its total yet. */
export function JobProgressBar({ jobs }: { jobs: readonly JobProgress[] }) {
  if (jobs.length === 0) return null
  return (
    <Box data-testid="job-progress" sx={{ px: 1, py: 0.5, borderBottom: 1, borderColor: 'divider' }}>
      {jobs.map((job) => {
        const percent = job.total ? Math.min(100, (job.done / job.total) * 100) : null
        return (
          <Box key={job.job} data-job={job.job} sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
            <Typography variant="caption" color="text.secondary" noWrap sx={{ minWidth: 260 }}>
              {describe(job)}
            </Typography>
            <LinearProgress
              sx={{ flex: 1 }}
              variant={percent === null ? 'indeterminate' : 'determinate'}
              value={percent ?? undefined}
            />
          </Box>
        )
      })}
    </Box>
  )
}
