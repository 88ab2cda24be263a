import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const repo = join(__dirname, '..', '..');
const depcruise = join(repo, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

interface Violation {
  rule: string;
  from: string;
  to: string;
}

/** Runs the lint as `npm run lint:deps` does, in `cwd`; reads the violations from its own report lines. */
function cruise(cwd: string): { status: number | null; violations: Violation[]; output: string } {
  const run = spawnSync(process.execPath, [depcruise, 'apps', 'libs', 'test', '--config', '.dependency-cruiser.js'], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${run.stdout}${run.stderr}`;
  const violations = [...output.matchAll(/^\s*error ([a-z-]+): (\S+) →[ \t]*(.*)$/gm)].map(([, rule, from, to]) => ({ rule, from, to }));
  return { status: run.status, violations, output };
}

/** A small project with the repository's real rules, tsconfig paths and node_modules. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tagstream-deps-'));
  copyFileSync(join(repo, '.dependency-cruiser.js'), join(dir, '.dependency-cruiser.js'));
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const tsconfig = { compilerOptions: { module: 'commonjs', baseUrl: './', paths: { '@tagstream/*': ['libs/*/src'] } } };
  const all: Record<string, string> = { 'tsconfig.json': JSON.stringify(tsconfig), 'test/.keep.ts': 'export {};\n', ...files };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** What the rules allow: each adapter lib using its own client, imports of a lib's index, deep imports within one lib. */
const ALLOWED: Record<string, string> = {
  'libs/good/src/index.ts': "export { secret } from './internal';\n",
  'libs/good/src/internal.ts': 'export const secret = 2;\n',
  'libs/good/test/good.spec.ts': "import { secret } from '../src/internal';\nexport const s = secret;\n",
  'libs/clickhouse/src/index.ts':
    "import { createClient } from '@clickhouse/client';\nimport { createChdbConnection } from 'chdb/connection';\nexport const c = [createClient, createChdbConnection];\n",
  'libs/eventstore/src/index.ts': "import { EventStoreDBClient } from '@eventstore/db-client';\nexport const e = EventStoreDBClient;\n",
  'libs/eventstore-server/test/server.int-spec.ts': "import { jsonEvent } from '@eventstore/db-client';\nexport const j = jsonEvent;\n",
  'test/bench/eventstore.bench.ts': "import { jsonEvent } from '@eventstore/db-client';\nexport const j = jsonEvent;\n",
  'libs/user/src/index.ts': "import { secret } from '@tagstream/good';\nexport const u = secret;\n",
  'apps/api/src/main.ts': "import { u } from '@tagstream/user';\nexport const main = u;\n",
};

describe('dependency rules', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('accept a project that follows them', () => {
    const dir = project(ALLOWED);
    dirs.push(dir);
    const result = cruise(dir);
    expect(result.output).toContain('no dependency violations found');
    expect(result.violations).toEqual([]);
    expect(result.status).toBe(0);
  });

  it('fail the lint naming each broken rule and the offending file', () => {
    const dir = project({
      ...ALLOWED,
      'libs/sneaky/src/index.ts': "import { EventStoreDBClient } from '@eventstore/db-client';\nexport const e = EventStoreDBClient;\n",
      'libs/sneaky/src/clickhouse.ts': "import { createClient } from '@clickhouse/client';\nexport const c = createClient;\n",
      'libs/sneaky/src/chdb.ts': "import { Session } from 'chdb';\nexport const s = Session;\n",
      'libs/sneaky/src/conformance/client.ts': "import { jsonEvent } from '@eventstore/db-client';\nexport const j = jsonEvent;\n",
      'test/conformance/append.int-spec.ts': "import { jsonEvent } from '@eventstore/db-client';\nexport const j = jsonEvent;\n",
      'libs/sneaky/src/app.ts': "import { main } from '../../../apps/api/src/main';\nexport const m = main;\n",
      'libs/sneaky/src/alias-deep.ts': "import { secret } from '@tagstream/good/internal';\nexport const s = secret;\n",
      'libs/sneaky/src/relative-deep.ts': "import { secret } from '../../good/src/internal';\nexport const s = secret;\n",
      'apps/projector/src/main.ts': "import { secret } from '../../../libs/good/src/internal';\nexport const s = secret;\n",
      'libs/cycle/src/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
      'libs/cycle/src/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
    });
    dirs.push(dir);

    const result = cruise(dir);

    expect(result.status).not.toBe(0);
    // a cycle is reported once, from whichever of its files the cruise met first
    const found = result.violations
      .map((v) => `${v.rule} ${v.rule === 'no-circular' ? dirname(v.from) : v.from}`)
      .sort();
    expect([...new Set(found)]).toEqual(
      [
        'clickhouse-client-outside-clickhouse-lib libs/sneaky/src/chdb.ts',
        'clickhouse-client-outside-clickhouse-lib libs/sneaky/src/clickhouse.ts',
        'deep-import-into-lib-from-outside apps/projector/src/main.ts',
        'deep-import-through-alias libs/sneaky/src/alias-deep.ts',
        'deep-import-into-other-lib libs/sneaky/src/relative-deep.ts',
        'eventstore-client-outside-eventstore-libs libs/sneaky/src/index.ts',
        'eventstore-client-outside-eventstore-libs libs/sneaky/src/conformance/client.ts',
        'eventstore-client-outside-eventstore-libs test/conformance/append.int-spec.ts',
        'lib-imports-app libs/sneaky/src/app.ts',
        'no-circular libs/cycle/src',
      ].sort(),
    );
  });

  it('pass on the repository as it is', () => {
    const result = cruise(repo);
    expect(result.violations.map((v) => `${v.rule}: ${v.from} -> ${v.to}`)).toEqual([]);
    expect(result.output).toContain('no dependency violations found');
    expect(result.status).toBe(0);
  });
});
