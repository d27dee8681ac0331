import type { z } from 'zod'

/**
 * One method of the contract: the schema its arguments are validated against at every edge, and
 * (as a type only) what it resolves to.
 */
export interface MethodSpec<Args extends z.ZodType, Value> {
  readonly args: Args
  /** Phantom: never set at run time, carries the result type. */
  readonly value?: Value
}

/** `method<Result>()(argsSchema)`: the result type is given, the argument type is inferred. */
export function method<Value>() {
  return <Args extends z.ZodType>(args: Args): MethodSpec<Args, Value> => ({ args })
}

/** One event of the contract; the payload is a type only. */
export interface EventSpec<Payload> {
  readonly payload?: Payload
}

export function event<Payload>(): EventSpec<Payload> {
  return {}
}
