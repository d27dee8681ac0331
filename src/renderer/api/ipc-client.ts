import type { ApiClient, PreloadBridge } from '../../shared/api/client'
import type { ArgsOf, EventName, EventPayload, MethodName, ResultOf } from '../../shared/api/index'
import { mediaPath, type MediaKind } from '../../shared/ids'
import { unwrap } from './envelope'

/** The ApiClient of the Electron window, over the preload bridge (`window.oiw`). */
export class IpcApiClient implements ApiClient {
  constructor(private readonly bridge: PreloadBridge) {}

  async call<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>> {
    return unwrap<ResultOf<M>>(method, await this.bridge.invoke(method, args ?? {}))
  }

  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.bridge.on((eventName, payload) => {
      if (eventName === name) listener(payload as EventPayload<E>)
    })
  }

  onReconnect(): () => void {
    return () => {}
  }

  mediaUrl(kind: MediaKind, imageId: string): string {
    return `${this.bridge.mediaBase}${mediaPath(kind, imageId)}`
  }
}
