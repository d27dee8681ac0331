import type { Db } from '../../../../src/main/db/connection'

export interface LoggedQuery {
  sql: string
  params: unknown[]
}

const running = new Set<PropertyKey>(['all', 'get', 'iterate', 'run'])

/**
 * The same database, recording every statement run through it with its parameters, so a test can
 * ask SQLite for the plan of exactly what a query function ran.
 */
export function loggingDb(db: Db, log: LoggedQuery[]): Db {
  const wrap = <T extends object>(target: T, onCall: (name: PropertyKey, args: unknown[], self: T) => unknown): T => {
    const proxy: T = new Proxy(target, {
      get(object, name) {
        const value: unknown = Reflect.get(object, name, object)
        if (typeof value !== 'function') return value
        return (...args: unknown[]) => {
          const result = onCall(name, args, object) ?? (value as (...a: unknown[]) => unknown).apply(object, args)
          return result === object ? proxy : result
        }
      },
    })
    return proxy
  }
  return wrap(db, (name, args, target) => {
    if (name !== 'prepare') return undefined
    const sql = args[0] as string
    return wrap(target.prepare(sql), (method, params) => {
      if (running.has(method)) log.push({ sql, params })
      return undefined
    })
  })
}

/** SQLite's plan for one logged statement, one line per step. */
export function planOf(db: Db, query: LoggedQuery): string {
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params) as Array<{ detail: string }>
  return rows.map((row) => row.detail).join('\n')
}
