import {
  decodeStoredEvent,
  DomainEvent,
  isUserStream,
  toEventToStore,
  userIdFromStream,
  userStreamName,
} from '@tagstream/events';

describe('stream names', () => {
  it('puts a user in stream user-<userId> and reads the user back', () => {
    expect(userStreamName('u.42_x-1')).toBe('user-u.42_x-1');
    expect(userIdFromStream('user-u.42_x-1')).toBe('u.42_x-1');
  });

  it.each(['segment-1', 'user-', 'user-bad id', '$all', 'users-1'])('%s is not a user stream', (stream) => {
    expect(isUserStream(stream)).toBe(false);
  });
});

describe('stored events', () => {
  const event: DomainEvent = {
    eventId: '00000000-0000-4000-8000-000000000001',
    type: 'FundSubscribed',
    userId: 'u1',
    occurredAt: '2026-11-20T08:30:00+08:00',
    data: { fundCode: '110022', category: 'equity', institutionId: 'acme', amount: '10', currency: 'CNY' },
  };

  it('writes the schema version, time, request id and producer into metadata', () => {
    expect(toEventToStore(event, { requestId: 'req-1', producer: 'app' })).toEqual({
      eventId: event.eventId,
      type: 'FundSubscribed',
      data: event.data,
      metadata: { schemaVersion: 1, occurredAt: event.occurredAt, requestId: 'req-1', producer: 'app' },
    });
  });

  it('round-trips through the stored form', () => {
    const stored = toEventToStore(event, { requestId: 'r', producer: 'p' });
    expect(decodeStoredEvent({ streamId: userStreamName('u1'), ...stored })).toEqual(event);
  });

  it('upcasts a stored v0 FundViewed', () => {
    const decoded = decodeStoredEvent({
      streamId: 'user-u1',
      eventId: 'e1',
      type: 'FundViewed',
      data: { fundCode: '000001', category: 'bond', institutionId: 'acme' },
      metadata: { schemaVersion: 0, occurredAt: '2020-01-01T00:00:00Z' },
    });
    expect(decoded).toEqual({
      eventId: 'e1',
      type: 'FundViewed',
      userId: 'u1',
      occurredAt: '2020-01-01T00:00:00Z',
      data: { fundCode: '000001', category: 'bond', institutionId: 'acme', dwellSeconds: 0 },
    });
  });

  it('reads metadata without a schema version as v1', () => {
    const decoded = decodeStoredEvent({
      streamId: 'user-u1',
      eventId: 'e1',
      type: 'RiskAssessed',
      data: { level: 'C2' },
      metadata: { occurredAt: '2020-01-01T00:00:00Z' },
    });
    expect(decoded.data).toEqual({ level: 'C2' });
  });

  it.each([
    ['a non-user stream', { streamId: 'segment-1' }, 'bad_stream'],
    ['missing occurredAt', { metadata: { schemaVersion: 1 } }, 'bad_metadata'],
    ['an unknown type', { type: 'FundBought' }, 'unknown_type'],
  ])('refuses %s', (_label, override, reason) => {
    const stored = { streamId: 'user-u1', eventId: 'e1', type: 'RiskAssessed', data: { level: 'C2' }, metadata: { schemaVersion: 1, occurredAt: 'x' }, ...override };
    expect(() => decodeStoredEvent(stored)).toThrow(expect.objectContaining({ reason }));
  });
});
