#!/usr/bin/env node
// Runs before `npm start`: builds the console into dist/console when the build is
// missing or older than any of its sources, so a fresh clone serves /console
// without a separate step. An up-to-date build costs only a directory walk.
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join, resolve } = require('node:path');

const ROOT = resolve(__dirname, '..', '..', '..');
const CONSOLE = join(ROOT, 'apps', 'console');
const BUILT_INDEX = join(ROOT, 'dist', 'console', 'index.html');
const SOURCES = [
  join(CONSOLE, 'index.html'),
  join(CONSOLE, 'vite.config.mts'),
  join(CONSOLE, 'src'),
  join(ROOT, 'libs', 'segments', 'src', 'expression', 'text'),
  join(ROOT, 'libs', 'segments', 'src', 'expression', 'expression.types.ts'),
  join(ROOT, 'libs', 'segments', 'src', 'expression', 'expression.limits.ts'),
  join(ROOT, 'package-lock.json'),
];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

function main() {
  if (!existsSync(join(CONSOLE, 'index.html'))) return;
  const builtAt = existsSync(BUILT_INDEX) ? statSync(BUILT_INDEX).mtimeMs : 0;
  if (builtAt >= Math.max(...SOURCES.map(newestMtime))) return;

  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite)) {
    process.stderr.write('console: not built and vite is not installed (npm install without --omit=dev); /console will answer 503\n');
    return;
  }
  process.stdout.write('console: building the web console into dist/console (only when its sources changed) ...\n');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', join(CONSOLE, 'vite.config.mts'), '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.stderr.write('console: build failed; the API starts without it\n');
}

main();
