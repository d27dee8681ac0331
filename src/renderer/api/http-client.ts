import type { ApiClient } from '../../shared/api/client'
import { isEventName, type ArgsOf, type EventName, type EventPayload, type MethodName, type ResultOf } from '../../shared/api/index'
import { ApiError } from '../../shared/errors'
import { mediaPath, type MediaKind } from '../../shared/ids'
import { unwrap } from './envelope'

type Listener = (payload: unknown) => void

export interface HttpClientOptions {
  /** Server origin, e.g. `http://127.0.0.1:5173`. */
  baseUrl: string
  /** The per-launch token the server printed; sent on every request. */
  token: string
  fetch?: typeof fetch
  /** WebSocket constructor; the browser's by default. Null disables events. */
  WebSocket?: typeof WebSocket | null
}

/** The ApiClient of the browser: POST /api/<method> for calls, one WebSocket for events. */
export class HttpApiClient implements ApiClient {
  private readonly listeners = new Map<string, Set<Listener>>()
  private readonly reconnectListeners = new Set<() => void>()
  private connectedBefore = false
  private socket: WebSocket | null = null
  private closed = false
  private retryMs = 500

  constructor(private readonly options: HttpClientOptions) {}

  async call<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>> {
    const doFetch = this.options.fetch ?? fetch
    let response: Response
    try {
      response = await doFetch(`${this.options.baseUrl}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.options.token}` },
        body: JSON.stringify(args ?? {}),
      })
    } catch (error) {
      throw new ApiError('network', `${method}: the server cannot be reached (${(error as Error).message})`)
    }
    if (response.status === 401) throw new ApiError('unauthorized', `${method}: the server refused the token`)
    if (!response.headers.get('content-type')?.startsWith('application/json')) {
      throw new ApiError(response.ok ? 'internal' : 'network', `${method}: the server answered HTTP ${response.status} without an API reply`)
    }
    return unwrap<ResultOf<M>>(method, await response.json())
  }

  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
    let set = this.listeners.get(name)
    if (!set) this.listeners.set(name, (set = new Set()))
    set.add(listener as Listener)
    this.ensureSocket()
    return () => set.delete(listener as Listener)
  }

  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener)
    this.ensureSocket()
    return () => this.reconnectListeners.delete(listener)
  }

  mediaUrl(kind: MediaKind, imageId: string): string {
    return `${this.options.baseUrl}${mediaPath(kind, imageId)}?token=${encodeURIComponent(this.options.token)}`
  }

  /** Stops the event socket for good (tests, page unload). */
  close(): void {
    this.closed = true
    this.socket?.close()
  }

  private ensureSocket(): void {
    const Socket = this.options.WebSocket === undefined ? globalThis.WebSocket : this.options.WebSocket
    if (this.socket || this.closed || !Socket) return
    const url = `${this.options.baseUrl.replace(/^http/, 'ws')}/ws?token=${encodeURIComponent(this.options.token)}`
    const socket = new Socket(url)
    this.socket = socket
    socket.onopen = () => {
      this.retryMs = 500
      if (this.connectedBefore) for (const listener of this.reconnectListeners) listener()
      this.connectedBefore = true
    }
    socket.onmessage = (message: MessageEvent) => this.deliver(String(message.data))
    socket.onclose = () => {
      this.socket = null
      if (this.closed) return
      setTimeout(() => this.ensureSocket(), this.retryMs)
      this.retryMs = Math.min(this.retryMs * 2, 10_000)
    }
  }

  private deliver(data: string): void {
    let message: { event?: unknown; payload?: unknown }
    try {
      message = JSON.parse(data)
    } catch {
      return
    }
    if (!isEventName(message.event)) return
    for (const listener of this.listeners.get(message.event) ?? []) listener(message.payload)
  }
}
