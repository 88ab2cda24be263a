import { existsSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve, sep } from 'node:path';

/** `<repo>/dist/console`, found from here whether this runs from source (ts-node) or from `dist/`. */
export function defaultConsoleDir(start = __dirname): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json')) || existsSync(join(dir, 'apps', 'console')) === false) {
    const parent = dirname(dir);
    if (parent === dir) return resolve(process.cwd(), 'dist', 'console');
    dir = parent;
  }
  return join(dir, 'dist', 'console');
}

export type AssetLookup =
  | { kind: 'file'; path: string; immutable: boolean }
  | { kind: 'missing' }
  | { kind: 'not-built' };

/**
 * Which file answers `/console/<requestPath>`: the built file when it exists
 * inside the build folder, `index.html` for any other path without an extension
 * (the app's own routes), nothing for a missing asset. Paths that climb out of
 * the folder are treated as missing.
 */
export function lookUpAsset(root: string, requestPath: string): AssetLookup {
  const index = join(root, 'index.html');
  if (!existsSync(index)) return { kind: 'not-built' };
  const relative = decodeSafely(requestPath).replace(/^\/+/, '');
  if (relative === '') return { kind: 'file', path: index, immutable: false };
  const candidate = resolve(root, relative);
  if (!candidate.startsWith(root + sep)) return { kind: 'missing' };
  if (existsSync(candidate) && statSync(candidate).isFile()) {
    return { kind: 'file', path: candidate, immutable: candidate.startsWith(join(root, 'assets') + sep) };
  }
  return extname(relative) === '' ? { kind: 'file', path: index, immutable: false } : { kind: 'missing' };
}

function decodeSafely(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return '';
  }
}
