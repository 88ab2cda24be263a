import { KeyedSerializer } from '../src/keyed-serializer';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('KeyedSerializer', () => {
  it('runs tasks of one key in order, never overlapping', async () => {
    const serializer = new KeyedSerializer();
    const log: string[] = [];
    const first = gate();
    const a = serializer.run('u1', async () => {
      log.push('a:start');
      await first.opened;
      log.push('a:end');
    });
    const b = serializer.run('u1', async () => {
      log.push('b:start');
    });
    await Promise.resolve();
    expect(log).toEqual(['a:start']);
    first.open();
    await Promise.all([a, b]);
    expect(log).toEqual(['a:start', 'a:end', 'b:start']);
  });

  it('runs tasks of different keys concurrently', async () => {
    const serializer = new KeyedSerializer();
    const blocker = gate();
    const log: string[] = [];
    const a = serializer.run('u1', async () => {
      await blocker.opened;
      log.push('u1');
    });
    await serializer.run('u2', async () => log.push('u2'));
    expect(log).toEqual(['u2']);
    blocker.open();
    await a;
  });

  it('keeps going after a failed task and passes the failure to its caller only', async () => {
    const serializer = new KeyedSerializer();
    const failed = serializer.run('u1', async () => {
      throw new Error('boom');
    });
    const next = serializer.run('u1', async () => 'ok');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
  });

  it('forgets keys with nothing queued', async () => {
    const serializer = new KeyedSerializer();
    await serializer.run('u1', async () => undefined);
    await new Promise((resolve) => setImmediate(resolve));
    expect(serializer.busyKeys).toBe(0);
  });
});
