export { createModel, headWeightNames, type Model, type ModelOptions } from './model'
