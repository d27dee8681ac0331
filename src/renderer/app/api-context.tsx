import { createContext, useContext, type ReactNode } from 'react'
import type { ApiClient } from '../../shared/api/client'

const ApiContext = createContext<ApiClient | null>(null)

/** Makes the one ApiClient, picked at start-up, available to every component below. */
export function ApiProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  return <ApiContext.Provider value={client}>{children}</ApiContext.Provider>
}

/** The ApiClient; the only way the renderer talks to the workbench (no direct fetch). */
export function useApi(): ApiClient {
  const client = useContext(ApiContext)
  if (!client) throw new Error('useApi() needs an <ApiProvider> above it')
  return client
}
