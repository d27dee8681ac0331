import type { MediaKind } from '../ids'
import type { ArgsOf, EventName, EventPayload, MethodName, ResultOf } from './index'

/**
 * What the renderer (and any other client) talks to. One implementation per transport: IPC in
 * Electron, HTTP + WebSocket in the browser. Picked once at start-up.
 */
export interface ApiClient {
  /** Calls `service.method`; rejects with an `ApiError` carrying the server's code and message. */
  call<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>>
  /** Subscribes to a contract event; returns the function that unsubscribes. */
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void
  /**
   * Called when the event connection comes back after a drop: events may have been missed, so
   * re-read what is shown. Returns the function that unsubscribes. (IPC never drops.)
   */
  onReconnect(listener: () => void): () => void
  /** A URL the page can put in an `<img src>` for an image's thumbnail or full rendition. */
  mediaUrl(kind: MediaKind, imageId: string): string
}

/** The bridge the preload script exposes as `window.oiw` (typed invoke and on, nothing else). */
export interface PreloadBridge {
  invoke(method: string, args: unknown): Promise<unknown>
  on(listener: (name: string, payload: unknown) => void): () => void
  /** The scheme-qualified prefix under which the main process serves media, e.g. `oiw-media://app`. */
  mediaBase: string
}
