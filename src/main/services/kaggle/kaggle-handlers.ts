import type { Handlers } from '../../../shared/api/index'
import type { KaggleJobs } from './kaggle-jobs'

type KaggleMethod = Extract<keyof Handlers, `kaggle.${string}`>
export type KaggleHandlers = Pick<Handlers, KaggleMethod>

/** The Kaggle part of the handler map: the sample files, start, cancel and watch the pipeline. */
export function kaggleHandlers(jobs: KaggleJobs): KaggleHandlers {
  return {
    'kaggle.listSampleFiles': () => jobs.sampleFiles(),
    'kaggle.start': ({ sample, budgetSeconds, preset, adapt }) => jobs.start(sample, budgetSeconds, preset, adapt),
    'kaggle.cancel': () => jobs.cancel(),
    'kaggle.getJob': () => jobs.current(),
  }
}
