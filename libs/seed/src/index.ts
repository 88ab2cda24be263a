export { generateHistories, generateUserHistories, generatedUserId, inBatches } from './generate-histories';
export type { GenerateOptions } from './generate-histories';
export { createRandom } from './random';
export type { Random } from './random';
export { fundUniverse, INSTITUTIONS, REGIONS } from './fund-universe';
export type { Fund } from './fund-universe';
