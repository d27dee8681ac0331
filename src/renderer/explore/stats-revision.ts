import { createContext, useContext } from 'react'

/**
 * Goes up after labels or boxes were edited (in this window or another): every explore query has it
 * among its dependencies, so the statistics on screen reload with the edit counted.
 */
export const StatsRevision = createContext(0)

export const useStatsRevision = (): number => useContext(StatsRevision)
