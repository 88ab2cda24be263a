/**
 * Architecture rules, checked by `npm run lint:deps`.
 * Paths are relative to the directory depcruise runs in (the repository root),
 * and a third-party module matches both resolved (…/node_modules/x/…) and, should
 * it fail to resolve, bare (x/…).
 */
const npm = (names) => `(^|/)node_modules/(${names})(/|$)|^(${names})(/|$)`;

const EVENTSTORE_CLIENT = npm('@eventstore/db-client');
const CLICKHOUSE_CLIENTS = npm('@clickhouse/client|@clickhouse/client-common|chdb|@chdb/[^/]+');

module.exports = {
  forbidden: [
    {
      name: 'eventstore-client-outside-eventstore-libs',
      comment:
        'Only the event-store adapter and the embedded server (with their tests: the conformance suite drives the server through the client) use @eventstore/db-client. ' +
        'Benchmarks may too: their baseline is the raw client against the same store.',
      severity: 'error',
      from: { pathNot: ['^libs/(eventstore|eventstore-server)/', '^test/bench/'] },
      to: { path: EVENTSTORE_CLIENT },
    },
    {
      name: 'clickhouse-client-outside-clickhouse-lib',
      comment: 'Only libs/clickhouse uses @clickhouse/client or chdb; everyone else goes through ClickHouse.',
      severity: 'error',
      from: { pathNot: '^libs/clickhouse/' },
      to: { path: CLICKHOUSE_CLIENTS },
    },
    {
      name: 'lib-imports-app',
      comment: 'Libraries are capabilities; apps are processes that compose them, never the other way round.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'deep-import-into-other-lib',
      comment: "A lib's index.ts is its only public surface: import @tagstream/<lib>, never a file inside it.",
      severity: 'error',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/', pathNot: ['^libs/$1/', '^libs/[^/]+/src/index\\.ts$'] },
    },
    {
      name: 'deep-import-through-alias',
      comment: "@tagstream/<lib>/<file> reaches past the lib's index.ts (and does not even resolve through the tsconfig paths).",
      severity: 'error',
      from: {},
      to: { path: '^@tagstream/[^/]+/' },
    },
    {
      name: 'deep-import-into-lib-from-outside',
      comment: "Apps and cross-cutting tests also use only a lib's index.ts.",
      severity: 'error',
      from: { path: '^(apps|test)/', pathNot: '^apps/console/src/builder/expression-engine\\.ts$' },
      to: { path: '^libs/', pathNot: '^libs/[^/]+/src/index\\.ts$' },
    },
    {
      name: 'console-reaches-only-pure-expression-modules',
      comment:
        "The browser console reuses the expression text parser and printer through one bridge file; those modules are pure (no Node built-ins), the segments lib's index is not.",
      severity: 'error',
      from: { path: '^apps/console/src/' },
      to: {
        path: '^libs/',
        pathNot: '^libs/segments/src/expression/(text/(parse-expression-text|print-expression-text|expression-syntax-error|tokenize)|expression\\.types|expression\\.limits)\\.ts$',
      },
    },
    {
      name: 'no-circular',
      comment: 'Cycles make start-up order and reasoning fragile.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^test/lint/fixtures/', '^dist/'] },
    // type-only imports count too: a type from another lib's internals is still a deep import
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['require', 'node', 'default', 'types'],
      mainFields: ['main', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
