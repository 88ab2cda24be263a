import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Body, Controller, Get, HttpCode, Logger, Post } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMinSize, Matches, ValidateNested } from 'class-validator';
import request from 'supertest';
import { CurrentPrincipal, Principal, Roles } from '@tagstream/auth';
import { ServiceUnavailableError } from '@tagstream/common';
import { closeHttpServer } from '@tagstream/http';
import { createTestApp, TestApp } from '../support/test-app';
import { deferred, waitUntil } from '../support/wait-until';

class ProbeEventDto {
  @Matches(/^\d{6}$/, { message: 'fundCode must be six digits' })
  fundCode!: string;
}

class ProbeBatchDto {
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => ProbeEventDto)
  events!: ProbeEventDto[];
}

let slowGate = deferred();
let slowInFlight = 0;

/**
 * A stand-in `/v1` controller, mounted only in this test: it lets the guard,
 * the filter, the validation pipe and the logging be checked on `/v1` routes
 * of every kind (role-restricted, body-taking, failing, slow) independently of
 * which feature routes exist. It sits behind the very same global guard as the
 * real routes because the guard is installed by the real module.
 */
@Controller('v1/foundation-probe')
class FoundationProbeController {
  private readonly logger = new Logger('FoundationProbe');

  @Get()
  @Roles('marketer')
  whoAmI(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }

  @Post()
  @Roles('ingest')
  @HttpCode(202)
  accept(@Body() batch: ProbeBatchDto): { accepted: number } {
    this.logger.log('probe batch accepted');
    return { accepted: batch.events.length };
  }

  @Get('no-roles')
  noRoles(): string {
    return 'unreachable';
  }

  @Get('boom')
  @Roles('admin')
  boom(): never {
    throw new Error('connect ECONNREFUSED 10.0.0.7:9000');
  }

  @Get('busy')
  @Roles('admin')
  busy(): never {
    throw new ServiceUnavailableError('Event store is saturated', 2);
  }

  @Get('slow')
  @Roles('admin')
  async slow(): Promise<{ done: true }> {
    slowInFlight += 1;
    await slowGate.promise;
    return { done: true };
  }
}

const PROBE = '/v1/foundation-probe';
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

function expectErrorShape(response: request.Response, status: number, code: string): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.headers['x-request-id']).toEqual(expect.any(String));
  expect(response.body).toEqual({ error: { code, message: expect.any(String), details: expect.anything() } });
  expect(response.body.error.message.length).toBeGreaterThan(0);
}

describe('foundation: the running app over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ controllers: [FoundationProbeController] });
  }, 60_000);
  afterAll(() => t?.close());

  describe('authentication and roles on /v1', () => {
    it('answers 401 without a token', async () => {
      const response = await request(t.server).get(PROBE);
      expectErrorShape(response, 401, 'unauthorized');
      expect(response.body.error.message).toBe('Missing bearer token');
      expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    });

    it.each([
      ['a garbage token', 'Bearer not-a-jwt'],
      ['a non-bearer scheme', 'Basic dXNlcjpwdw=='],
    ])('answers 401 with %s', async (_, header) => {
      expectErrorShape(await request(t.server).get(PROBE).set('Authorization', header), 401, 'unauthorized');
    });

    it('answers 401 before reading the body: malformed or oversized bodies without a valid token are never parsed', async () => {
      const malformed = await request(t.server).post(PROBE).set('Content-Type', 'application/json').send('{"events": [');
      expectErrorShape(malformed, 401, 'unauthorized');
      const oversized = await request(t.server)
        .post(PROBE)
        .set('Authorization', 'Bearer not-a-jwt')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ events: [{ fundCode: 'x'.repeat(3 * 1024 * 1024) }] }));
      expectErrorShape(oversized, 401, 'unauthorized');
      expectErrorShape(await request(t.server).get('/v1/no-such-route'), 401, 'unauthorized');
    });

    it('answers 401 for a token signed with another secret', async () => {
      const { signToken } = await import('@tagstream/auth');
      const forged = signToken('another-secret-of-at-least-32-characters', { sub: 'x', role: 'marketer', tenant: 'demo_fund' }, 60);
      const response = await request(t.server).get(PROBE).set(bearer(forged));
      expectErrorShape(response, 401, 'unauthorized');
      expect(response.body.error.message).toBe('Invalid token signature');
    });

    it('answers 401 for an expired token', async () => {
      const response = await request(t.server).get(PROBE).set(bearer(t.token('marketer', { ttlSeconds: -1 })));
      expectErrorShape(response, 401, 'unauthorized');
      expect(response.body.error.message).toBe('Token has expired');
    });

    it('answers 403 for a valid token of the wrong role', async () => {
      const response = await request(t.server).get(PROBE).set(bearer(t.token('ingest')));
      expectErrorShape(response, 403, 'forbidden');
      expect(response.body.error.details).toEqual({ allowedRoles: ['marketer'] });
    });

    it('refuses every role on a /v1 route that declares none', async () => {
      expectErrorShape(await request(t.server).get(`${PROBE}/no-roles`).set(bearer(t.token('admin'))), 403, 'forbidden');
    });

    it('lets the right role in and hands the handler its principal', async () => {
      const response = await request(t.server).get(PROBE).set(bearer(t.token('marketer', { tenant: 'other_fund', sub: 'm-7' })));
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ sub: 'm-7', role: 'marketer', tenant: 'other_fund' });
    });

    it('guards /v1 however the path is cased (routing is case-insensitive)', async () => {
      const response = await request(t.server).get('/V1/Foundation-Probe');
      expectErrorShape(response, 401, 'unauthorized');
      expect(response.body.error.message).toBe('Missing bearer token');
    });

    it('leaves /health, /metrics and /docs open', async () => {
      for (const path of ['/health', '/health/live', '/metrics', '/docs-json']) {
        expect((await request(t.server).get(path)).status).toBe(200);
      }
    });
  });

  describe('request bodies', () => {
    const ingest = () => bearer(t.token('ingest'));

    it('accepts a valid JSON body', async () => {
      const response = await request(t.server).post(PROBE).set(ingest()).send({ events: [{ fundCode: '000001' }] });
      expect(response.status).toBe(202);
      expect(response.body).toEqual({ accepted: 1 });
    });

    it('answers 400 invalid_json for malformed JSON', async () => {
      const response = await request(t.server).post(PROBE).set(ingest()).set('Content-Type', 'application/json').send('{"events": [');
      expectErrorShape(response, 400, 'invalid_json');
    });

    it.each(['gzip', 'deflate', 'br'])('answers 400 invalid_json for a body that does not decompress as %s, without an error log', async (encoding) => {
      const errorsBefore = t.logLines.filter((line) => line.level === 'error').length;
      const response = await request(t.server).post(PROBE).set(ingest()).set('Content-Type', 'application/json').set('Content-Encoding', encoding).send('{"events": []}');
      expectErrorShape(response, 400, 'invalid_json');
      expect(t.logLines.filter((line) => line.level === 'error')).toHaveLength(errorsBefore);
    });

    it('answers 413 payload_too_large for a body over HTTP_BODY_LIMIT (2mb)', async () => {
      const body = JSON.stringify({ events: [{ fundCode: 'x'.repeat(3 * 1024 * 1024) }] });
      const response = await request(t.server).post(PROBE).set(ingest()).set('Content-Type', 'application/json').send(body);
      expectErrorShape(response, 413, 'payload_too_large');
      expect(response.body.error.details).toMatchObject({ limitBytes: 2 * 1024 * 1024 });
    });

    it('answers 415 unsupported_media_type for a body that is not JSON', async () => {
      const response = await request(t.server).post(PROBE).set(ingest()).set('Content-Type', 'text/csv').send('fundCode\n000001');
      expectErrorShape(response, 415, 'unsupported_media_type');
      expect(response.body.error.details).toEqual({ expected: 'application/json', received: 'text/csv' });
    });

    it('answers 400 validation_failed listing every problem with its nested path', async () => {
      const response = await request(t.server)
        .post(PROBE)
        .set(ingest())
        .send({ events: [{ fundCode: '000001' }, { fundCode: '12' }, { fundCode: '000002', amount: '5.00' }], extra: true });
      expectErrorShape(response, 400, 'validation_failed');
      expect(response.body.error.details.problems).toEqual(
        expect.arrayContaining([
          { path: 'events[1].fundCode', rule: 'matches', message: 'events[1].fundCode must be six digits', index: 1 },
          { path: 'events[2].amount', rule: 'unknownField', message: 'events[2].amount is not an allowed field', index: 2 },
          { path: 'extra', rule: 'unknownField', message: 'extra is not an allowed field' },
        ]),
      );
      expect(response.body.error.details.problems).toHaveLength(3);
    });
  });

  describe('errors', () => {
    it('answers 404 not_found for an unknown route', async () => {
      const response = await request(t.server).get('/v1/no-such-route').set(bearer(t.token('admin')));
      expectErrorShape(response, 404, 'not_found');
      expect(response.body.error.message).toBe('No route GET /v1/no-such-route');
      expectErrorShape(await request(t.server).delete('/nothing-here'), 404, 'not_found');
    });

    it('answers an unexpected failure with a generic 500 and logs it with its stack and request id', async () => {
      const response = await request(t.server).get(`${PROBE}/boom`).set(bearer(t.token('admin'))).set('x-request-id', 'boom-1');
      expectErrorShape(response, 500, 'internal');
      expect(JSON.stringify(response.body)).not.toContain('10.0.0.7');
      const logged = t.logLines.find((l) => l.requestId === 'boom-1' && l.level === 'error');
      expect(logged).toMatchObject({ err: { message: 'connect ECONNREFUSED 10.0.0.7:9000', stack: expect.stringContaining('boom') } });
    });

    it('answers a ServiceUnavailableError with 503 and Retry-After', async () => {
      const response = await request(t.server).get(`${PROBE}/busy`).set(bearer(t.token('admin')));
      expectErrorShape(response, 503, 'unavailable');
      expect(response.headers['retry-after']).toBe('2');
    });
  });

  describe('request ids and logs', () => {
    it('echoes a caller id, sanitised, and generates one otherwise', async () => {
      expect((await request(t.server).get('/health/live').set('x-request-id', 'abc-123')).headers['x-request-id']).toBe('abc-123');
      expect((await request(t.server).get('/health/live').set('x-request-id', 'a b"c')).headers['x-request-id']).toBe('abc');
      expect((await request(t.server).get('/health/live')).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('puts the request id on every log line of the request, handler lines included', async () => {
      await request(t.server).post(PROBE).set(bearer(t.token('ingest'))).set('x-request-id', 'trace-42').send({ events: [{ fundCode: '000001' }] });
      await waitUntil(() => t.logLines.some((l) => l.requestId === 'trace-42' && l.msg === 'request'), 'the access line');
      const lines = t.logLines.filter((l) => l.requestId === 'trace-42');
      expect(lines).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ msg: 'probe batch accepted', context: 'FoundationProbe' }),
          expect.objectContaining({ msg: 'request', method: 'POST', route: PROBE, status: 202, durationMs: expect.any(Number) }),
        ]),
      );
    });
  });

  describe('health, metrics and docs', () => {
    it('reports live and ready with the store checks', async () => {
      const response = await request(t.server).get('/health');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ status: 'ready', live: true, ready: true, checks: { clickhouse: { up: true }, eventstore: { up: true } } });
    });

    it('exposes request durations by method, route pattern and status', async () => {
      await request(t.server).get(PROBE).set(bearer(t.token('marketer')));
      const response = await request(t.server).get('/metrics');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain/);
      expect(response.text).toContain('# TYPE http_request_duration_seconds histogram');
      expect(response.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/v1\/foundation-probe",status="200"\} [1-9]/);
      expect(response.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/v1\/foundation-probe",status="403"\} [1-9]/);
      // a missing token is refused before routing (and before the body is read), so no route is known yet
      expect(response.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\(unmatched\)",status="401"\} [1-9]/);
      expect(response.text).toContain('process_resident_memory_bytes');
    });

    it('documents every mounted route, with bearer auth and DTO schemas on /v1', async () => {
      const document = (await request(t.server).get('/docs-json')).body;
      const mounted = mountedRoutes(t).filter((r) => !r.path.startsWith('/docs'));
      expect(mounted.length).toBeGreaterThan(5);
      for (const route of mounted) {
        expect({ route, documented: document.paths[route.path]?.[route.method] !== undefined }).toEqual({ route, documented: true });
      }
      expect(document.paths[PROBE].get.security).toEqual([{ bearer: [] }]);
      const productPaths = Object.entries(document.paths as Record<string, Record<string, { responses: Record<string, { content?: object }> }>>).filter(
        ([path]) => !path.startsWith(PROBE),
      );
      for (const [path, item] of productPaths) {
        for (const [method, operation] of Object.entries(item)) {
          const answers = Object.entries(operation.responses);
          const described = answers.some(([status, response]) => status.startsWith('2') && response.content !== undefined);
          expect({ path, method, successShape: described }).toEqual({ path, method, successShape: true });
          for (const [status, response] of answers.filter(([status]) => !status.startsWith('2'))) {
            expect({ path, method, status, errorShape: response.content !== undefined }).toEqual({ path, method, status, errorShape: true });
          }
        }
      }
      for (const ref of JSON.stringify(document).match(/#\/components\/schemas\/[A-Za-z0-9_]+/g) ?? []) {
        expect({ ref, resolves: document.components.schemas[ref.split('/').pop()!] !== undefined }).toEqual({ ref, resolves: true });
      }
      expect(document.paths['/v1/audit'].get.responses['401'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ErrorResponseDto' });
      expect(document.components.schemas.ProbeBatchDto).toBeDefined();
      expect((await request(t.server).get('/docs')).status).toBe(200);
    });
  });

  // Last: it closes the server.
  describe('shutdown', () => {
    it('stops accepting connections but lets an in-flight request finish', async () => {
      slowGate = deferred();
      slowInFlight = 0;
      const { port } = t.server.address() as AddressInfo;
      const inFlight = request(t.server).get(`${PROBE}/slow`).set(bearer(t.token('admin'))).then((r) => r);
      await waitUntil(() => slowInFlight === 1, 'the slow request to reach its handler');

      let closed = false;
      const closing = closeHttpServer(t.server).then(() => (closed = true));
      await expect(connect(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      expect(closed).toBe(false);

      slowGate.resolve();
      const response = await inFlight;
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ done: true });
      await closing;
      expect(closed).toBe(true);
    });
  });
});

function mountedRoutes(t: TestApp): { method: string; path: string }[] {
  const router = t.app.getHttpAdapter().getInstance().router as { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  return router.stack
    .filter((layer) => layer.route)
    .flatMap((layer) =>
      Object.keys(layer.route!.methods)
        .filter((m) => m !== '_all')
        .map((method) => ({ method, path: layer.route!.path.replace(/:(\w+)/g, '{$1}') })),
    );
}

function connect(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path: '/health/live' }, (res) => {
      res.resume();
      resolve();
    });
    req.once('error', reject);
  });
}
