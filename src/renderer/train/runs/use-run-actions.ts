import { useCallback, useState } from 'react'
import { useApi } from '../../app/api-context'
import { useErrorReporter } from '../../app/error-reporter'

/** The calls that act on one run by id. */
export type RunAction = 'training.pause' | 'training.resume' | 'training.stop' | 'training.resumeRun' | 'training.deleteRun' | 'training.deleteCheckpoints'

export interface RunActions {
  /** Runs the call; resolves true when it succeeded (failures go to the error banner, with Retry). */
  act: (action: RunAction, runId: number) => Promise<boolean>
  /** The action out now, if any (buttons disable themselves meanwhile). */
  pending: RunAction | null
}

/** Pause, resume, stop, resume a stopped run, delete a run or its checkpoints. */
export function useRunActions(): RunActions {
  const client = useApi()
  const { report, clear } = useErrorReporter()
  const [pending, setPending] = useState<RunAction | null>(null)
  const act = useCallback(
    async (action: RunAction, runId: number): Promise<boolean> => {
      setPending(action)
      try {
        await client.call(action, { runId })
        clear(action)
        return true
      } catch (error) {
        report(action, error, () => void act(action, runId))
        return false
      } finally {
        setPending(null)
      }
    },
    [client, report, clear],
  )
  return { act, pending }
}
