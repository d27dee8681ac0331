import type { Handlers } from '../../../shared/api/index'
import type { EvaluationService } from './evaluation-service'

type EvaluationMethod = Extract<keyof Handlers, `evaluation.${string}`>
export type EvaluationHandlers = Pick<Handlers, EvaluationMethod>

/** The evaluation part of the handler map: error analysis of prediction sets and Kaggle exports. */
export function evaluationHandlers(evaluation: EvaluationService): EvaluationHandlers {
  return {
    'evaluation.listSets': () => evaluation.listSets(),
    'evaluation.analyze': (args) => evaluation.summary(args),
    'evaluation.classes': async ({ sort, descending, offset, limit, ...args }) => (await evaluation.analysis(args)).analysis.classPage(sort, descending, offset, limit),
    'evaluation.images': async ({ classCode, outcome, offset, limit, ...args }) => (await evaluation.analysis(args)).analysis.imagePage(classCode, outcome, offset, limit),
    'evaluation.confusions': async ({ offset, limit, ...args }) => (await evaluation.analysis(args)).analysis.pairPage(offset, limit),
    'evaluation.image': async ({ imageId, ...args }) => (await evaluation.analysis(args)).analysis.image(imageId),
    'evaluation.compareSets': (args) => evaluation.compareSets(args),
    'evaluation.exportKaggle': (args) => evaluation.exportKaggle(args),
  }
}
