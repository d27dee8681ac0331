import type { z } from 'zod'
import { annotateEvents, annotateMethods } from './annotate'
import { catalogMethods } from './catalog'
import type { EventSpec, MethodSpec } from './define'
import { evaluationMethods } from './evaluation'
import { imagesMethods } from './images'
import { indexingEvents, indexingMethods } from './indexing'
import { kaggleEvents, kaggleMethods } from './kaggle'
import { statsMethods } from './stats'
import { trainingEvents, trainingMethods } from './training'
import { workspaceEvents, workspaceMethods } from './workspace'

export type * from './annotate'
export type * from './catalog'
export type * from './evaluation'
export type * from './images'
export type * from './indexing'
export type * from './kaggle'
export type * from './stats'
export type * from './training'
export type * from './workspace'

/** The one API contract: `service.method` → argument schema and result type. */
export const apiMethods = {
  ...workspaceMethods,
  ...catalogMethods,
  ...imagesMethods,
  ...annotateMethods,
  ...indexingMethods,
  ...statsMethods,
  ...trainingMethods,
  ...evaluationMethods,
  ...kaggleMethods,
}

/** Every event a client can subscribe to: `service.onDidThing` → payload type. */
export const apiEvents = {
  ...workspaceEvents,
  ...indexingEvents,
  ...trainingEvents,
  ...annotateEvents,
  ...kaggleEvents,
}

export type ApiMethods = typeof apiMethods
export type MethodName = keyof ApiMethods
export type EventName = keyof typeof apiEvents

/** What a caller passes (defaults may be left out). */
export type ArgsOf<M extends MethodName> = z.input<ApiMethods[M]['args']>
/** What a handler receives, after validation filled the defaults. */
export type ParsedArgsOf<M extends MethodName> = z.output<ApiMethods[M]['args']>
export type ResultOf<M extends MethodName> = ApiMethods[M] extends MethodSpec<z.ZodType, infer V> ? V : never
export type EventPayload<E extends EventName> = (typeof apiEvents)[E] extends EventSpec<infer P> ? P : never

export const methodNames = Object.keys(apiMethods) as MethodName[]
export const eventNames = Object.keys(apiEvents) as EventName[]

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(apiMethods, name)
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(apiEvents, name)
}

/** The service's side: one function per method. Both transports loop over one such map. */
export type Handlers = {
  [M in MethodName]: (args: ParsedArgsOf<M>) => Promise<ResultOf<M>> | ResultOf<M>
}

/** Something that can publish contract events to clients (an IPC window, WebSocket clients). */
export type EventSink = <E extends EventName>(name: E, payload: EventPayload<E>) => void
