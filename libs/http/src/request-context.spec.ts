import { Writable } from 'node:stream';
import { AppLogger } from './app-logger';
import { currentRequestId, runInRequestContext, sanitizeRequestId } from './request-context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('sanitizeRequestId', () => {
  it('keeps a well-formed caller id', () => {
    expect(sanitizeRequestId('req-1.2:abc_DEF')).toBe('req-1.2:abc_DEF');
  });

  it('drops unsafe characters and cuts to 128', () => {
    expect(sanitizeRequestId('abc\r\nSet-Cookie: x"<y>')).toBe('abcSet-Cookie:xy');
    expect(sanitizeRequestId('a'.repeat(500))).toHaveLength(128);
  });

  it('generates a UUID when nothing usable is given', () => {
    expect(sanitizeRequestId(undefined)).toMatch(UUID);
    expect(sanitizeRequestId('  \t"""')).toMatch(UUID);
    expect(sanitizeRequestId(['first', 'second'])).toBe('first');
  });
});

describe('AppLogger', () => {
  function capture() {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    return { lines, logger: AppLogger.create({ level: 'trace', service: 'test', destination }) };
  }

  it('adds the request id of the current context to every line', async () => {
    const { lines, logger } = capture();
    await runInRequestContext({ requestId: 'r-42' }, async () => {
      await Promise.resolve();
      expect(currentRequestId()).toBe('r-42');
      logger.log('inside', 'SegmentsService');
    });
    logger.log('outside');
    expect(lines[0]).toMatchObject({ msg: 'inside', context: 'SegmentsService', requestId: 'r-42', level: 'info', service: 'test' });
    expect(lines[1].requestId).toBeUndefined();
  });

  it("understands Nest's call shapes", () => {
    const { lines, logger } = capture();
    logger.error('boom', 'Error: boom\n    at x', 'Projector');
    logger.warn({ msg: 'lagging', lagSeconds: 12 }, 'Projector');
    logger.error(new Error('bad thing'));
    logger.verbose('chatty');
    expect(lines[0]).toMatchObject({ level: 'error', msg: 'boom', stack: 'Error: boom\n    at x', context: 'Projector' });
    expect(lines[1]).toMatchObject({ level: 'warn', msg: 'lagging', lagSeconds: 12, context: 'Projector' });
    expect(lines[2]).toMatchObject({ level: 'error', msg: 'bad thing', err: { message: 'bad thing' } });
    expect(lines[3]).toMatchObject({ level: 'trace', msg: 'chatty' });
  });
});
