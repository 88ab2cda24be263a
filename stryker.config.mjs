// Mutation testing of the pure libs: `npm run test:mutation`. It makes 2 361 mutants; with one
// test runner that is one to two hours (going by the scoped runs), so CI does not run it.
// Jest runs the `unit` project of jest.config.js alone.
import jestConfig from './jest.config.js';

// rootDir is left out so that Jest resolves it in Stryker's sandbox, not in this checkout.
const { rootDir: _rootDir, displayName: _displayName, ...unit } = jestConfig.projects.find((p) => p.displayName === 'unit');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  jest: { projectType: 'custom', config: { ...unit, projects: [] }, enableFindRelatedTests: true },
  coverageAnalysis: 'perTest',
  mutate: [
    'libs/tagging/src/**/*.ts',
    'libs/events/src/**/*.ts',
    'libs/segments/src/expression/**/*.ts',
    '!**/*.spec.ts',
    '!libs/segments/src/expression/testing/**',
  ],
  ignorePatterns: ['data', 'dist', 'coverage', 'reports', 'test/bench/results', 'test/browser/screenshots'],
  concurrency: 1,
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  tempDirName: '.stryker-tmp',
};
