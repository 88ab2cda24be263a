import { HealthRegistry } from './health.registry';

describe('HealthRegistry', () => {
  it('is ready with no indicators', async () => {
    expect(await new HealthRegistry().check()).toEqual({ status: 'ready', live: true, ready: true, checks: {} });
  });

  it('is ready only when every indicator is up', async () => {
    const health = new HealthRegistry();
    health.register('eventstore', async () => ({ up: true, details: { position: 42 } }));
    health.register('clickhouse', async () => ({ up: false, details: { reason: 'refused' } }));
    const report = await health.check();
    expect(report).toMatchObject({ status: 'not_ready', ready: false, live: true });
    expect(report.checks.eventstore).toMatchObject({ up: true, details: { position: 42 } });
    expect(report.checks.clickhouse).toMatchObject({ up: false, details: { reason: 'refused' } });
  });

  it('counts a throwing indicator as down with its message', async () => {
    const health = new HealthRegistry();
    health.register('projector', () => Promise.reject(new Error('lag 12s over 5s')));
    expect((await health.check()).checks.projector).toMatchObject({ up: false, details: { error: 'lag 12s over 5s' } });
  });

  it('counts an indicator that never answers as down after the timeout', async () => {
    const health = new HealthRegistry(20);
    health.register('stuck', () => new Promise(() => undefined));
    const report = await health.check();
    expect(report.ready).toBe(false);
    expect(report.checks.stuck).toMatchObject({ up: false, details: { error: 'no answer within 20 ms' } });
  });

  it('refuses a second indicator of the same name, and forgets an unregistered one', async () => {
    const health = new HealthRegistry();
    health.register('a', async () => ({ up: false }));
    expect(() => health.register('a', async () => ({ up: true }))).toThrow('already registered');
    health.unregister('a');
    expect(health.names()).toEqual([]);
    expect((await health.check()).ready).toBe(true);
  });
});
