import { ApiClient, ApiError, isExpired } from './api-client';

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('ApiClient', () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('reports a 401 to the session, whatever screen asked, and still throws it', async () => {
    globalThis.fetch = (async () => answer(401, { error: { code: 'unauthorized', message: 'token expired', details: {} } })) as typeof fetch;
    const heard: ApiError[] = [];
    const client = new ApiClient('a.b.c', '', (error) => heard.push(error));
    await expect(client.json('/v1/segments')).rejects.toMatchObject({ status: 401 });
    expect(heard.map((e) => e.code)).toEqual(['unauthorized']);
  });

  it('does not report other failures as a lost session', async () => {
    globalThis.fetch = (async () => answer(403, { error: { code: 'forbidden', message: 'role', details: {} } })) as typeof fetch;
    const heard: ApiError[] = [];
    await expect(new ApiClient('a.b.c', '', (error) => heard.push(error)).json('/v1/audit')).rejects.toMatchObject({ status: 403 });
    expect(heard).toEqual([]);
  });
});

describe('isExpired', () => {
  it('compares the exp claim (seconds) with now', () => {
    expect(isExpired({ sub: 'm', role: 'marketer', exp: 100 }, 100_000)).toBe(true);
    expect(isExpired({ sub: 'm', role: 'marketer', exp: 101 }, 100_000)).toBe(false);
    expect(isExpired({ sub: 'm', role: 'marketer' }, 100_000)).toBe(false);
  });
});
