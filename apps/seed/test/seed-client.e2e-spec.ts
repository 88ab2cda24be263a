import { spawn } from 'node:child_process';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..');
const TOKEN = 'ingest-token-from-the-environment';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run seed` as a real process (what the npm script runs), with the token in TAGSTREAM_TOKEN. */
function seed(args: string[]): Promise<Run> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register', 'apps/seed/src/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, TAGSTREAM_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  return new Promise((done) => child.once('close', (code) => done({ code, stdout, stderr })));
}

function body(request: IncomingMessage): Promise<{ events: unknown[] }> {
  return new Promise((done) => {
    let text = '';
    request.on('data', (chunk) => (text += String(chunk)));
    request.on('end', () => done(JSON.parse(text)));
  });
}

/**
 * Stands in for a service that accepts `answered` batches and then goes away
 * mid-run: the next request's connection is cut and nothing listens any more.
 */
async function serviceThatStopsAfter(answered: number): Promise<{ url: string; server: Server; authorizations: string[] }> {
  const authorizations: string[] = [];
  const server = createServer(async (request, response) => {
    authorizations.push(String(request.headers.authorization));
    if (authorizations.length > answered) {
      server.close();
      server.closeAllConnections();
      return;
    }
    const { events } = await body(request);
    response.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: events.length, duplicates: 0 }));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, authorizations };
}

describe('npm run seed --target, when the service goes away mid-run', () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.close();
    server?.closeAllConnections();
  });

  it('exits 1 with one line saying why and how much was stored, without a stack', async () => {
    const service = await serviceThatStopsAfter(3);
    server = service.server;
    const run = await seed(['--users', '200', '--days', '30', '--batch', '100', '--concurrency', '1', '--target', service.url]);

    expect(run.code).toBe(1);
    expect(service.authorizations.slice(0, 3)).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
    const lines = run.stderr.split('\n').filter((line) => line.trim() !== '');
    expect(lines.filter((line) => /^\s+at /.test(line))).toEqual([]);
    expect(lines.at(-1)).toMatch(
      new RegExp(
        `^seed failed: the service at ${service.url} does not answer \\(\\w+; 5 attempts\\); ` +
          'the service had stored 300 events \\(300 accepted, 0 duplicates\\), completing \\d+ of 200 users\\. ' +
          'Running the same command again sends the rest',
      ),
    );
    // Every retry was said out loud while it waited.
    expect(lines.filter((line) => /^seed: no answer from .* retrying in \d+ ms$/.test(line))).toHaveLength(4);
    expect(run.stdout).toBe('');
  }, 60_000);
});
