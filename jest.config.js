// Three tiers, told apart by file name (STYLE.md habit 8):
//   *.spec.ts      pure and fast, no I/O
//   *.int-spec.ts  against the real embedded stores (EventStoreDB-compatible server, chDB)
//   *.e2e-spec.ts  the running application over HTTP
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

const shared = {
  testEnvironment: 'node',
  rootDir: __dirname,
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: { '^@tagstream/(.*)$': '<rootDir>/libs/$1/src' },
  // .stryker-tmp: the copies of the repo `npm run test:mutation` works in while it runs
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/apps/console/', '<rootDir>/.stryker-tmp/'],
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/'],
};

// The web console (apps/console) is TSX for the browser: its pure and component
// tests run in their own project so the server tiers above keep ignoring it.
const consoleProject = {
  displayName: 'console',
  testEnvironment: 'node',
  rootDir: __dirname,
  testMatch: ['<rootDir>/apps/console/**/*.spec.ts?(x)'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/.stryker-tmp/'],
  transform: {
    '^.+\\.tsx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
};

module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/**/*.spec.ts'] },
    // Real stores share two cores with every other suite running at once: 5 s is not a limit a
    // healthy store call can be held to under that load. No test asserts on time.
    { ...shared, displayName: 'int', testMatch: ['<rootDir>/**/*.int-spec.ts'], testTimeout: 60_000 },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/**/*.e2e-spec.ts'], testTimeout: 60_000 },
    consoleProject,
  ],
};
