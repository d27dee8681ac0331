import { ApiError, fail, ok, type Result } from '../errors'
import { apiMethods, isMethodName, type Handlers, type MethodName } from './index'

/**
 * The one way a call crosses an edge: the method name is checked, the arguments validated against
 * the contract's schema (the error names the field), the handler run, and any throw turned into an
 * envelope. Never rejects.
 */
export async function dispatch(handlers: Handlers, name: unknown, rawArgs: unknown): Promise<Result<unknown>> {
  if (!isMethodName(name)) return fail('unknown-method', `unknown method ${JSON.stringify(name)}`)
  const parsed = apiMethods[name].args.safeParse(rawArgs ?? {})
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : undefined
    const detail = issue ? issue.message : 'invalid arguments'
    return fail('invalid-argument', `${name}: ${where ? `${where}: ` : ''}${detail}`, where)
  }
  try {
    const handler = handlers[name] as (args: unknown) => unknown
    return ok(await handler(parsed.data))
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, error: error.toPayload() }
    const message = error instanceof Error ? error.message : String(error)
    return fail('internal', `${name as MethodName} failed: ${message}`)
  }
}
