import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import type { ArgsOf, EditReceipt, LabelEdit } from '../../shared/api/index'
import { ApiError } from '../../shared/errors'
import { useApi } from '../app/api-context'
import { errorCode, errorMessage } from '../app/error-message'
import { historyKeyAction } from './annotate-keys'
import type { ClassChoice } from './class-picker'
import { EditNotice, type Notice } from './edit-notice'
import { newRequestId, windowAuthor } from './edit-request'
import { chunks } from './grid-selection'
import { useEditHistory } from './use-edit-history'

/** The annotate methods that write (each takes a request id and an author). */
export type EditMethod = 'annotate.setLabels' | 'annotate.createBox' | 'annotate.updateBox' | 'annotate.deleteBox' | 'annotate.revert'
/** An edit method's arguments without the request id and author, which every send adds. */
export type EditArgs<M extends EditMethod> = Omit<ArgsOf<M>, 'requestId' | 'author'>

/** Images whose labels or boxes changed (null: maybe any, e.g. after the event connection dropped). */
export interface EditChange {
  imageIds: readonly string[] | null
  /** Made by this window (its views reload at once) or by another one. */
  own: boolean
}

export interface SendOptions {
  /** Say so in the notice, with Undo (batches, reverts); single edits in the image view show themselves. */
  announce?: boolean
}

export interface PartOptions extends SendOptions {
  /** After each part: how many edits have been sent so far. */
  onProgress?: (sent: number) => void
}

/** What the window's views use to edit: send edits, undo and redo them, and hear of every change. */
export interface Edits {
  /** This window's name in the edit history. */
  author: string
  /** Sends one edit; on success it becomes undoable and every view hears of it; on failure the notice says why (null). */
  send<M extends EditMethod>(method: M, args: EditArgs<M>, what: string, options?: SendOptions): Promise<EditReceipt | null>
  /** Sets verdicts on any number of images as one undoable action, 10,000 per request. */
  setLabels(edits: readonly LabelEdit[], what: string, options?: SendOptions): Promise<EditReceipt | null>
  /**
   * Sets verdicts that come in parts (a filter's images, listed while they are sent) as one undoable
   * action, a request per part (at most 10,000 edits each). `what` is told how many edits were sent.
   */
  setLabelParts(parts: AsyncIterable<readonly LabelEdit[]>, what: (sent: number) => string, options?: PartOptions): Promise<EditReceipt | null>
  undo: () => void
  redo: () => void
  canUndo: boolean
  canRedo: boolean
  /** The class last given to a label or a box: the default class of the next box. */
  lastClass: ClassChoice | null
  rememberClass: (choice: ClassChoice) => void
  /** Calls `listener` for every change (this window's and, through annotate.onDidEdit, others'). */
  subscribe: (listener: (change: EditChange) => void) => () => void
}

/** The largest `annotate.setLabels` request. */
export const maxLabelEdits = 10_000

const EditsContext = createContext<Edits | null>(null)

function joinReceipts(receipts: readonly EditReceipt[]): EditReceipt {
  return {
    editIds: receipts.flatMap((r) => r.editIds),
    imageIds: [...new Set(receipts.flatMap((r) => r.imageIds))],
    boxId: receipts.find((r) => r.boxId !== null)?.boxId ?? null,
  }
}

/** "Reject Dog failed: unknown class (edits.0.classCode)". */
function failureText(what: string, error: unknown): string {
  const where = error instanceof ApiError && error.where ? ` (${error.where})` : ''
  return `${what} failed: ${errorMessage(error)}${where}`
}

async function* arrayParts<T>(parts: readonly T[]): AsyncGenerator<T> {
  yield* parts
}

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms))

/**
 * Holds the window's edits: sends them with a fresh request id and the window's author (once more,
 * with the same id, when the connection dropped), keeps them for undo and redo (Ctrl+Z, Ctrl+Shift+Z,
 * Ctrl+Y), tells the views what changed, and shows outcomes in a snackbar.
 */
export function EditsProvider({ children }: { children: ReactNode }) {
  const client = useApi()
  const listeners = useRef(new Set<(change: EditChange) => void>())
  const [notice, setNotice] = useState<{ notice: Notice | null; open: boolean }>({ notice: null, open: false })
  const [lastClass, setLastClass] = useState<ClassChoice | null>(null)
  const noticeId = useRef(0)

  const show = useCallback((next: Omit<Notice, 'id'>) => setNotice({ notice: { ...next, id: ++noticeId.current }, open: true }), [])
  const emit = useCallback((change: EditChange) => listeners.current.forEach((listener) => listener(change)), [])

  const call = useCallback(
    async <M extends EditMethod>(method: M, args: EditArgs<M>): Promise<EditReceipt> => {
      const request = { ...args, requestId: newRequestId(), author: windowAuthor } as unknown as ArgsOf<M>
      try {
        return (await client.call(method, request)) as EditReceipt
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 'network')) throw error
        // The answer may be lost rather than the request: the same request id writes nothing twice.
        await pause(500)
        return (await client.call(method, request)) as EditReceipt
      }
    },
    [client],
  )

  // Edits on their way: an undo waits for them, so it undoes the newest action.
  const inFlight = useRef(new Set<Promise<unknown>>())
  const track = useCallback(<T,>(promise: Promise<T>): Promise<T> => {
    inFlight.current.add(promise)
    void promise.finally(() => inFlight.current.delete(promise)).catch(() => {})
    return promise
  }, [])
  const settled = useCallback(() => Promise.allSettled([...inFlight.current]), [])

  const revertOne = useCallback(
    async (editId: number) => {
      const receipt = await call('annotate.revert', { editId })
      emit({ imageIds: receipt.imageIds, own: true })
      return receipt.editIds
    },
    [call, emit],
  )
  const history = useEditHistory(revertOne, settled)
  const { record, step } = history

  const finish = useCallback(
    (what: string, receipts: EditReceipt[], error: unknown, options: SendOptions): EditReceipt | null => {
      const receipt = joinReceipts(receipts)
      record({ editIds: receipt.editIds, what })
      if (receipt.imageIds.length > 0) emit({ imageIds: receipt.imageIds, own: true })
      if (error !== null) {
        const done = receipts.length > 0 ? ` after ${receipt.imageIds.length} images` : ''
        show({ severity: 'error', message: failureText(what, error) + done, code: errorCode(error) })
        return null
      }
      if (options.announce) show({ severity: 'success', message: receipt.editIds.length > 0 ? what : `${what}: nothing to change`, undo: receipt.editIds.length > 0 })
      return receipt
    },
    [record, emit, show],
  )

  const send = useCallback(
    <M extends EditMethod>(method: M, args: EditArgs<M>, what: string, options: SendOptions = {}) =>
      track(
        call(method, args).then(
          (receipt) => finish(what, [receipt], null, options),
          (error: unknown) => finish(what, [], error, options),
        ),
      ),
    [call, finish, track],
  )

  const setLabelParts = useCallback(
    (parts: AsyncIterable<readonly LabelEdit[]>, what: (sent: number) => string, options: PartOptions = {}) =>
      track(
        (async () => {
          const receipts: EditReceipt[] = []
          let sent = 0
          try {
            for await (const part of parts) {
              if (part.length === 0) continue
              receipts.push(await call('annotate.setLabels', { edits: [...part] }))
              sent += part.length
              options.onProgress?.(sent)
            }
          } catch (error) {
            return finish(what(sent), receipts, error, options)
          }
          return finish(what(sent), receipts, null, options)
        })(),
      ),
    [call, finish, track],
  )

  const setLabels = useCallback(
    (edits: readonly LabelEdit[], what: string, options: SendOptions = {}) => setLabelParts(arrayParts(chunks(edits, maxLabelEdits)), () => what, options),
    [setLabelParts],
  )

  const run = useCallback(
    async (side: 'undo' | 'redo') => {
      const result = await step(side)
      if (!result) return
      const { entry, outcome } = result
      const verb = side === 'undo' ? 'Undid' : 'Redid'
      if (outcome.error === null) show({ severity: 'info', message: `${verb}: ${entry.what}` })
      else {
        const done = entry.editIds.length - outcome.remaining.length
        show({ severity: 'error', message: `${failureText(side === 'undo' ? 'Undo' : 'Redo', outcome.error)} (${done} of ${entry.editIds.length} reverted)`, code: errorCode(outcome.error) })
      }
    },
    [step, show],
  )
  const undo = useCallback(() => void run('undo'), [run])
  const redo = useCallback(() => void run('redo'), [run])

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const action = historyKeyAction(event)
      if (action === null) return
      event.preventDefault()
      void run(action)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [run])

  // Others' edits; this window's own were told as they were answered.
  useEffect(() => {
    const offEdits = client.on('annotate.onDidEdit', (payload) => {
      if (payload.author !== windowAuthor) emit({ imageIds: payload.imageIds, own: false })
    })
    const offReconnect = client.onReconnect(() => emit({ imageIds: null, own: false }))
    return () => {
      offEdits()
      offReconnect()
    }
  }, [client, emit])

  const subscribe = useCallback((listener: (change: EditChange) => void) => {
    listeners.current.add(listener)
    return () => void listeners.current.delete(listener)
  }, [])

  const { canUndo, canRedo } = history
  const value = useMemo<Edits>(
    () => ({ author: windowAuthor, send, setLabels, setLabelParts, undo, redo, canUndo, canRedo, lastClass, rememberClass: setLastClass, subscribe }),
    [send, setLabels, setLabelParts, undo, redo, canUndo, canRedo, lastClass, subscribe],
  )
  const progress = history.progress
  const shown = progress && progress.total > 1 ? { notice: { id: -1, severity: 'info' as const, message: `Reverting ${progress.done} / ${progress.total} edits…` }, open: true } : notice
  return (
    <EditsContext.Provider value={value}>
      {children}
      <EditNotice notice={shown.notice} open={shown.open} onUndo={undo} onClose={() => setNotice((n) => ({ ...n, open: false }))} />
    </EditsContext.Provider>
  )
}

/** The window's edits; needs an `<EditsProvider>` above. */
export function useEdits(): Edits {
  const edits = useContext(EditsContext)
  if (!edits) throw new Error('useEdits() needs an <EditsProvider> above it')
  return edits
}

/** Calls `listener` (latest version) for every change of labels or boxes, this window's and others'. */
export function useEditEvents(listener: (change: EditChange) => void): void {
  const { subscribe } = useEdits()
  const latest = useRef(listener)
  useEffect(() => {
    latest.current = listener
  })
  useEffect(() => subscribe((change) => latest.current(change)), [subscribe])
}
