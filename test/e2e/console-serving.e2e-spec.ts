import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { CONSOLE_DIR } from '../../apps/console/server/console-static.middleware';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * The console's built files as the running service serves them at /console:
 * the app's own routes get index.html, hashed assets are cached for good, and
 * anything that is not there is an error in the same shape as every other.
 */
describe('the web console served at /console', () => {
  let t: TestApp;
  let built: string;

  beforeAll(async () => {
    built = mkdtempSync(join(tmpdir(), 'tagstream-console-'));
    mkdirSync(join(built, 'assets'));
    writeFileSync(join(built, 'index.html'), '<!doctype html><title>Tagstream console</title>');
    writeFileSync(join(built, 'assets', 'index-abc123.js'), 'console.log(1);');
    t = await createTestApp({ overrides: [{ provide: CONSOLE_DIR, useValue: built }] });
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    rmSync(built, { recursive: true, force: true });
  });

  function expectErrorShape(response: request.Response, status: number, code: string): void {
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['x-request-id']).toEqual(expect.any(String));
    expect(response.body).toEqual({ error: { code, message: expect.any(String), details: expect.anything() } });
  }

  it('answers the console and its own routes with index.html, never cached', async () => {
    for (const path of ['/console', '/console/', '/console/segments/abc']) {
      const response = await request(t.server).get(path);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.text).toContain('Tagstream console');
    }
  });

  it('serves hashed assets as immutable', async () => {
    const response = await request(t.server).get('/console/assets/index-abc123.js');
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.text).toBe('console.log(1);');
  });

  it('answers a missing asset with a 404 in the error shape', async () => {
    expectErrorShape(await request(t.server).get('/console/assets/gone.js'), 404, 'not_found');
  });

  it('answers a path that climbs out of the build folder with a 404 in the error shape', async () => {
    const response = await request(t.server).get('/console/..%2f..%2fpackage.json');
    expectErrorShape(response, 404, 'not_found');
    expect(response.text).not.toContain('"dependencies"');
  });

  it('offers the demo tokens to a caller on this machine, whatever a forwarding header claims', async () => {
    const response = await request(t.server).get('/console/demo-tokens').set('X-Forwarded-For', '203.0.113.9');
    expect(response.status).toBe(200);
    expect(response.body.tokens.map((token: { role: string }) => token.role)).toEqual(expect.arrayContaining(['marketer', 'auditor', 'admin']));
  });

  // the same app reached over this machine's network address: a caller from elsewhere sees no tokens
  const external = Object.values(networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;
  (external ? it : it.skip)(`offers none to a caller from the network (${external ?? 'no network interface here'})`, async () => {
    const server: Server = createServer(t.app.getHttpAdapter().getInstance());
    await new Promise<void>((resolve) => server.listen(0, external, resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://${external}:${port}/console/demo-tokens`, { headers: { 'X-Forwarded-For': '127.0.0.1' } });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ tokens: [] });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('answers 503 in the error shape, saying how to build, while the console is not built', async () => {
    rmSync(join(built, 'index.html'));
    try {
      const response = await request(t.server).get('/console/');
      expectErrorShape(response, 503, 'console_not_built');
      expect(response.body.error.message).toContain('npm run build:console');
      expect(response.body.error.details).toEqual({ retryable: false });
    } finally {
      writeFileSync(join(built, 'index.html'), '<!doctype html><title>Tagstream console</title>');
    }
  });
});
