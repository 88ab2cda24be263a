import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CONFIG_VARIABLE_NAMES } from '@tagstream/config';

const root = join(__dirname, '..', '..');
const compose = parse(readFileSync(join(root, 'docker', 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, { environment?: Record<string, unknown> | string[]; env_file?: unknown; build?: { target?: string } }>;
};
const dockerfile = readFileSync(join(root, 'docker', 'Dockerfile'), 'utf8');

const APP_SERVICES = ['api', 'projector'];

function unknownVariables(environment: Record<string, unknown> | string[] | undefined): string[] {
  return variableNames(environment).filter((name) => !CONFIG_VARIABLE_NAMES.includes(name));
}

/** Compose accepts `environment` as a map or as a list of `NAME=value`. */
function variableNames(environment: Record<string, unknown> | string[] | undefined): string[] {
  if (!environment) return [];
  return Array.isArray(environment) ? environment.map((entry) => entry.split('=')[0]) : Object.keys(environment);
}

describe('docker-compose.yml', () => {
  it.each(APP_SERVICES)('%s sets only variables the config schema knows', (service) => {
    const names = variableNames(compose.services[service]?.environment);
    expect(names.length).toBeGreaterThan(0);
    expect(unknownVariables(compose.services[service]?.environment)).toEqual([]);
  });

  it.each(APP_SERVICES)('%s takes no env_file the check cannot see', (service) => {
    expect(compose.services[service].env_file).toBeUndefined();
  });

  it.each(APP_SERVICES)('%s points at the real servers, since the embedded ones are single-process only', (service) => {
    const env = compose.services[service].environment as Record<string, string>;
    expect(env.EVENTSTORE_CONNECTION_STRING).toMatch(/^esdb:\/\/eventstore:2113/);
    expect(env.CLICKHOUSE_URL).toBe('http://clickhouse:8123');
    expect(env.NODE_ENV).toBe('production');
    expect(env.AUTH_JWT_SECRET).toMatch(/^\$\{AUTH_JWT_SECRET:\?/);
  });

  it.each(APP_SERVICES)('%s builds a Dockerfile stage whose entrypoint is an app of this repository', (service) => {
    const target = compose.services[service].build?.target;
    const stage = new RegExp(`FROM runtime AS ${target}\\n[\\s\\S]*?CMD \\["node", "dist/(apps/[a-z-]+/src/main)\\.js"\\]`).exec(dockerfile);
    expect(stage).not.toBeNull();
    expect(existsSync(join(root, `${stage![1]}.ts`))).toBe(true);
  });

  it('builds the web console into the image, since the API serves it at /console', () => {
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const build = /FROM \$\{NODE_IMAGE\} AS build\n[\s\S]*?\nFROM /.exec(dockerfile)?.[0] ?? '';
    expect(build).toMatch(/RUN npm run build && npm run build:console\n/);
    expect(scripts['build:console']).toMatch(/vite build/);
    expect(dockerfile).toMatch(/COPY --from=build \/app\/dist \.\/dist\n/);
  });

  it('catches a misspelt variable in either compose form', () => {
    const snippet = parse('environment:\n  CLICKHOUSE_URI: http://x\n  PORT: "1"\nlist:\n  - CLICKHOUSE_URL=http://x\n  - PROT=1\n');
    expect(unknownVariables(snippet.environment)).toEqual(['CLICKHOUSE_URI']);
    expect(unknownVariables(snippet.list)).toEqual(['PROT']);
  });
});
