import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lookUpAsset } from './console-assets';

describe('console assets', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'console-assets-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<html></html>');
    writeFileSync(join(root, 'assets', 'index-abc.js'), '');
    writeFileSync(join(root, 'favicon.svg'), '');
    writeFileSync(join(tmpdir(), 'outside.txt'), '');
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(join(tmpdir(), 'outside.txt'), { force: true });
  });

  it('serves built files, hashed assets as immutable', () => {
    expect(lookUpAsset(root, 'assets/index-abc.js')).toEqual({ kind: 'file', path: join(root, 'assets', 'index-abc.js'), immutable: true });
    expect(lookUpAsset(root, 'favicon.svg')).toEqual({ kind: 'file', path: join(root, 'favicon.svg'), immutable: false });
  });

  it("answers the app's own routes with index.html and a missing asset with nothing", () => {
    expect(lookUpAsset(root, '')).toMatchObject({ kind: 'file', path: join(root, 'index.html') });
    expect(lookUpAsset(root, 'segments/abc')).toMatchObject({ kind: 'file', path: join(root, 'index.html') });
    expect(lookUpAsset(root, 'assets/gone.js')).toEqual({ kind: 'missing' });
  });

  it('never leaves the build folder', () => {
    expect(lookUpAsset(root, '../outside.txt')).toEqual({ kind: 'missing' });
    expect(lookUpAsset(root, '%2e%2e/outside.txt')).toEqual({ kind: 'missing' });
  });

  it('says when there is no build', () => {
    expect(lookUpAsset(join(root, 'nothing'), '')).toEqual({ kind: 'not-built' });
  });
});
