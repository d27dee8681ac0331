import type { EventName, EventPayload, EventSink } from '../../shared/api/index'

/** Fans contract events out to every connected client (IPC windows, WebSocket clients). */
export class EventHub {
  private readonly sinks = new Set<EventSink>()

  subscribe(sink: EventSink): () => void {
    this.sinks.add(sink)
    return () => this.sinks.delete(sink)
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const sink of this.sinks) sink(name, payload)
  }
}
