/**
 * The recommender's side of the user-tags benchmark: an open-loop load of
 * `GET /v1/users/{userId}/tags` run on a worker thread, so that sending the
 * requests and timing the answers does not take turns with the API on its
 * event loop (the recommender is another service in production). The worker
 * is plain JavaScript, so it needs no TypeScript loader.
 */
import { Worker } from 'node:worker_threads';

export interface OpenLoopOptions {
  readonly port: number;
  readonly token: string;
  readonly rps: number;
  readonly seconds: number;
  /** Requests go to `u-<n>` for a random n below this. */
  readonly users: number;
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
  /** Share of wall time the load generator's own event loop was busy. */
  readonly generatorUtilization: number;
}

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { Agent, request } = require('node:http');
const { performance } = require('node:perf_hooks');
const { port, token, rps, seconds, users, asOfDay } = workerData;
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
const latencies = [];
let errors = 0, sent = 0, answered = 0;
const total = rps * seconds;
const headers = { authorization: 'Bearer ' + token };
const started = performance.now();
let sendingSeconds = 0;
function finish() {
  const elapsedSeconds = (performance.now() - started) / 1000;
  agent.destroy();
  parentPort.postMessage({ latencies, errors, sent, sendingSeconds, elapsedSeconds, generatorUtilization: performance.eventLoopUtilization().utilization });
}
function one() {
  const t = performance.now();
  const path = '/v1/users/u-' + Math.floor(Math.random() * users) + '/tags?asOf=' + asOfDay;
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
`;

export function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: options });
    worker.once('message', (result: OpenLoopResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}
