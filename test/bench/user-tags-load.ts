/**
 * The recommender's side of the user-tags benchmark: an open-loop load of
 * `GET /v1/users/{userId}/tags` run in a child process, so that sending the
 * requests and timing the answers neither takes turns with the API on its
 * event loop nor counts in the service's CPU (the recommender is another
 * service in production). The child is plain JavaScript, so it needs no
 * TypeScript loader.
 */
import { spawn } from 'node:child_process';

export interface OpenLoopOptions {
  readonly port: number;
  readonly token: string;
  readonly rps: number;
  readonly seconds: number;
  /** Requests go to `u-<n>` for an n drawn uniformly from these. */
  readonly users: readonly number[];
  readonly asOfDay: string;
}

export interface OpenLoopResult {
  /** Milliseconds from sending to the end of each 200 answer. */
  readonly latencies: number[];
  readonly errors: number;
  readonly sent: number;
  /** Seconds spent sending, and from the first request to the last answer. */
  readonly sendingSeconds: number;
  readonly elapsedSeconds: number;
  /** CPU seconds the load generator itself used. */
  readonly generatorCpuSeconds: number;
}

const GENERATOR = `
const { Agent, request } = require('node:http');
const { performance } = require('node:perf_hooks');
process.once('message', ({ port, token, rps, seconds, users, asOfDay }) => {
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const latencies = [];
  let errors = 0, sent = 0, answered = 0, sendingSeconds = 0;
  const total = rps * seconds;
  const headers = { authorization: 'Bearer ' + token };
  const started = performance.now();
  const cpu = process.cpuUsage();
  function finish() {
    const elapsedSeconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    agent.destroy();
    process.send({ latencies, errors, sent, sendingSeconds, elapsedSeconds, generatorCpuSeconds: (used.user + used.system) / 1e6 }, () => process.exit(0));
  }
  function one() {
    const t = performance.now();
    const path = '/v1/users/u-' + users[Math.floor(Math.random() * users.length)] + '/tags?asOf=' + asOfDay;
    const done = (ok) => {
      if (ok) latencies.push(performance.now() - t); else errors += 1;
      answered += 1;
      if (answered === total) finish();
    };
    const req = request({ host: '127.0.0.1', port, path, agent, headers }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode === 200));
    });
    req.on('error', () => done(false));
    req.end();
  }
  const timer = setInterval(() => {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rps));
    for (; sent < due; sent += 1) one();
    if (sent >= total) {
      clearInterval(timer);
      sendingSeconds = (performance.now() - started) / 1000;
    }
  }, 2);
});
`;

export function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', GENERATOR], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (result) => resolve(result as OpenLoopResult));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the load generator exited with ${code}`));
    });
    child.send(options);
  });
}
