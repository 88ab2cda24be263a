import request from 'supertest';
import { Role, ROLES } from '@tagstream/auth';
import { createTestApp, TestApp } from '../support/test-app';

type Method = 'get' | 'post' | 'put' | 'delete';

/** docs/contract.md §6, route by route: who may call it. Everyone else gets 403; no token gets 401. */
const ROUTES: { method: Method; path: string; roles: Role[] }[] = [
  { method: 'post', path: '/v1/events', roles: ['ingest'] },
  { method: 'get', path: '/v1/tags', roles: ['marketer', 'recommender', 'auditor'] },
  { method: 'post', path: '/v1/segments/preview', roles: ['marketer'] },
  { method: 'post', path: '/v1/segments', roles: ['marketer'] },
  { method: 'get', path: '/v1/segments', roles: ['marketer', 'auditor'] },
  { method: 'get', path: '/v1/segments/seg-x', roles: ['marketer', 'auditor'] },
  { method: 'put', path: '/v1/segments/seg-x', roles: ['marketer'] },
  { method: 'delete', path: '/v1/segments/seg-x', roles: ['marketer'] },
  { method: 'get', path: '/v1/segments/seg-x/size', roles: ['marketer'] },
  { method: 'get', path: '/v1/segments/seg-x/insights', roles: ['marketer'] },
  { method: 'post', path: '/v1/segments/overlap', roles: ['marketer'] },
  { method: 'post', path: '/v1/segments/seg-x/snapshots', roles: ['marketer'] },
  { method: 'get', path: '/v1/segments/seg-x/snapshots', roles: ['marketer'] },
  { method: 'get', path: '/v1/snapshots/snap-x/members', roles: ['marketer'] },
  { method: 'get', path: '/v1/snapshots/snap-x/delivery', roles: ['admin'] },
  { method: 'get', path: '/v1/users/u-1/tags', roles: ['recommender'] },
  { method: 'post', path: '/v1/users/tags/batch', roles: ['recommender'] },
  { method: 'delete', path: '/v1/users/u-1', roles: ['admin'] },
  { method: 'get', path: '/v1/audit', roles: ['auditor'] },
  { method: 'get', path: '/v1/compliance/exposure', roles: ['auditor'] },
  { method: 'get', path: '/v1/compliance/lineage', roles: ['auditor'] },
  { method: 'get', path: '/v1/compliance/subjects/u-1', roles: ['auditor'] },
];

interface Caller {
  role: Role;
  tenant?: string;
  label: string;
}

const CALLERS: Caller[] = ROLES.flatMap((role): Caller[] =>
  role === 'marketer'
    ? [{ role, tenant: 'demo_fund', label: 'with a tenant' }]
    : [
        { role, label: 'without a tenant' },
        { role, tenant: 'demo_fund', label: 'with a tenant' },
      ],
);

describe('access matrix: every route × every role, with and without a tenant', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);
  afterAll(() => t?.close());

  const call = (method: Method, path: string, token?: string) => {
    const req = request(t.server)[method](path);
    if (token) req.set('Authorization', `Bearer ${token}`);
    return method === 'get' || method === 'delete' ? req : req.send({});
  };

  describe.each(ROUTES)('$method $path', ({ method, path, roles }) => {
    it('answers 401 without a token', async () => {
      const response = await call(method, path);
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('unauthorized');
    });

    it('answers 401 to a marketer token without a tenant claim', async () => {
      const { signToken, AuthSecret } = await import('@tagstream/auth');
      const token = signToken(t.app.get(AuthSecret).value, { sub: 'm', role: 'marketer' }, 60);
      expect((await call(method, path, token)).status).toBe(401);
    });

    it.each(CALLERS)('role $role $label', async ({ role, tenant }) => {
      const response = await call(method, path, t.token(role, tenant ? { tenant } : {}));
      if (roles.includes(role)) {
        expect([401, 403]).not.toContain(response.status);
      } else {
        expect(response.status).toBe(403);
        expect(response.body.error.code).toBe('forbidden');
      }
    });
  });
});
