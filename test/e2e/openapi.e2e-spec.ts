import request from 'supertest';
import { EVENT_TYPES, eventDefinition } from '@tagstream/events';
import { createTestApp, TestApp } from '../support/test-app';

jest.setTimeout(120_000);

interface Operation {
  summary?: string;
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, unknown>;
}
interface Schema {
  properties?: Record<string, Schema>;
  items?: Schema;
  oneOf?: Schema[];
  enum?: string[];
  required?: string[];
  additionalProperties?: boolean;
}

/**
 * The OpenAPI document of the real app (`/docs-json`) is what producers and
 * clients program against: every operation says what it does, the event
 * intake says what each type's `data` holds, and every 404 and 409 a route
 * can answer is listed.
 */
describe('the OpenAPI document of the running service', () => {
  let t: TestApp;
  let paths: Record<string, Record<string, Operation>>;

  beforeAll(async () => {
    t = await createTestApp({ env: { LOG_LEVEL: 'warn' } });
    paths = (await request(t.server).get('/docs-json')).body.paths;
  });
  afterAll(() => t?.close());

  const operations = () => Object.entries(paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })));

  it('gives every operation a summary', () => {
    expect(operations().length).toBeGreaterThan(20);
    expect(operations().filter(({ op }) => !op.summary?.trim()).map(({ route }) => route)).toEqual([]);
  });

  it("describes each event type's data fields in the POST /v1/events body", () => {
    const body = paths['/v1/events'].post.requestBody!.content['application/json'].schema;
    const variants = body.properties!.events.items!.oneOf ?? [];
    const byType = new Map(variants.map((variant) => [variant.properties?.type.enum?.[0], variant.properties?.data]));
    const described = EVENT_TYPES.filter((type) => {
      const data = byType.get(type);
      const fields = Object.keys(data?.properties ?? {});
      return data?.additionalProperties === false && fields.length > 0 && fields.join() === eventDefinition(type).fields.join();
    });
    expect(described).toEqual(EVENT_TYPES);
    expect(byType.get('QuestionAsked')?.required).toEqual(['topic']);
  });

  // Each route that looks up something by id, and what it answers when that fails (NotFoundError, ConflictError).
  it.each([
    ['GET /v1/segments/{id}', ['404']],
    ['PUT /v1/segments/{id}', ['404', '409']],
    ['DELETE /v1/segments/{id}', ['404', '409']],
    ['GET /v1/segments/{id}/size', ['404']],
    ['GET /v1/segments/{id}/insights', ['404']],
    ['POST /v1/segments/{id}/snapshots', ['404', '409']],
    ['POST /v1/segments/overlap', ['404']],
    ['GET /v1/snapshots/{id}/members', ['404']],
    ['GET /v1/snapshots/{id}/delivery', ['404']],
    ['GET /v1/users/{userId}/tags', ['404']],
    ['DELETE /v1/users/{userId}', ['404']],
    ['GET /v1/compliance/subjects/{userId}', ['404']],
  ])('documents the answers %s gives when what it names is missing or in conflict', (route, statuses) => {
    const [method, path] = route.split(' ');
    const responses = paths[path]?.[method.toLowerCase()]?.responses ?? {};
    expect(statuses.filter((status) => !(status in responses))).toEqual([]);
  });
});
