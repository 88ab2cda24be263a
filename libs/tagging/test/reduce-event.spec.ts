import { LineageEntry, reduceEvent, TaggableEvent, UnprocessableEventError } from '@tagstream/tagging';

const AT = '2026-11-20T09:30:00+08:00';
const viewed = (data: Record<string, unknown>): TaggableEvent => ({ type: 'FundViewed', occurredAt: AT, data });
const asked = (data: Record<string, unknown>): TaggableEvent => ({ type: 'QuestionAsked', occurredAt: AT, data });

const VIEW: LineageEntry = { eventType: 'FundViewed', fields: ['fundCode', 'category', 'dwellSeconds'] };
const QUESTION: LineageEntry = { eventType: 'QuestionAsked', fields: ['topic', 'institutionId'], optional: ['institutionId'] };

function refusal(run: () => unknown): { field?: string; reason: string; message: string; code: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof UnprocessableEventError) return { field: error.field, reason: error.reason, message: error.message, code: error.code };
    throw error;
  }
  throw new Error('expected the event to be refused');
}

describe('reduceEvent', () => {
  it('hands a rule the declared fields only, under the lineage entry type', () => {
    const reduced = reduceEvent(viewed({ fundCode: '000001', category: 'gold', dwellSeconds: 30, institutionId: 'acme', region: 'Shanghai' }), VIEW);
    expect(reduced.type).toBe('FundViewed');
    expect({ ...reduced.data }).toEqual({ fundCode: '000001', category: 'gold', dwellSeconds: 30 });
  });

  it('gives a frozen result with no prototype to reach through', () => {
    const reduced = reduceEvent(viewed({ fundCode: '000001', category: 'gold', dwellSeconds: 30 }), VIEW);
    expect(Object.isFrozen(reduced)).toBe(true);
    expect(Object.isFrozen(reduced.data)).toBe(true);
    expect(Object.getPrototypeOf(reduced.data)).toBeNull();
  });

  it.each(['fundCode', 'category', 'dwellSeconds'])('refuses an event missing the declared field %s', (field) => {
    const data: Record<string, unknown> = { fundCode: '000001', category: 'gold', dwellSeconds: 30 };
    delete data[field];
    expect(refusal(() => reduceEvent(viewed(data), VIEW))).toEqual({
      field: `data.${field}`,
      reason: 'is missing',
      message: `data.${field} is missing`,
      code: 'unprocessable_event',
    });
  });

  it('refuses a declared field explicitly set to undefined as missing', () => {
    expect(refusal(() => reduceEvent(viewed({ fundCode: '000001', category: 'gold', dwellSeconds: undefined }), VIEW))).toMatchObject({
      field: 'data.dwellSeconds',
      reason: 'is missing',
    });
  });

  it('refuses a declared field whose value fails its check, saying why', () => {
    expect(refusal(() => reduceEvent(viewed({ fundCode: '000001', category: 'silver', dwellSeconds: 30 }), VIEW))).toMatchObject({
      field: 'data.category',
      reason: 'must be one of money_market, bond, equity, hybrid, index, qdii, gold, fof',
    });
    expect(refusal(() => reduceEvent(viewed({ fundCode: '000001', category: 'gold', dwellSeconds: null }), VIEW))).toMatchObject({
      field: 'data.dwellSeconds',
      reason: 'must be an integer 0–86400',
    });
  });

  it('leaves out an optional field the event lacks', () => {
    const reduced = reduceEvent(asked({ topic: 'fees' }), QUESTION);
    expect({ ...reduced.data }).toEqual({ topic: 'fees' });
    expect('institutionId' in reduced.data).toBe(false);
  });

  it('copies and checks an optional field the event has', () => {
    expect({ ...reduceEvent(asked({ topic: 'fees', institutionId: 'acme' }), QUESTION).data }).toEqual({ topic: 'fees', institutionId: 'acme' });
    expect(refusal(() => reduceEvent(asked({ topic: 'fees', institutionId: 'Acme!' }), QUESTION))).toMatchObject({ field: 'data.institutionId' });
  });

  it('still refuses a missing field that is not the optional one', () => {
    expect(refusal(() => reduceEvent(asked({ institutionId: 'acme' }), QUESTION))).toMatchObject({ field: 'data.topic', reason: 'is missing' });
  });

  it('refuses a declared field no tag may read, whatever it holds', () => {
    const entry: LineageEntry = { eventType: 'FundSubscribed', fields: ['amount'] };
    const event: TaggableEvent = { type: 'FundSubscribed', occurredAt: AT, data: { amount: '1000.00' } };
    expect(refusal(() => reduceEvent(event, entry))).toMatchObject({ field: 'data.amount', reason: 'is not a field any tag may read' });
  });
});

describe('UnprocessableEventError', () => {
  it('names the field before the reason when there is one', () => {
    const error = new UnprocessableEventError('is missing', 'data.level');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('UnprocessableEventError');
    expect(error.code).toBe('unprocessable_event');
    expect(error.message).toBe('data.level is missing');
  });

  it('is the reason alone without a field', () => {
    const error = new UnprocessableEventError('unknown event type');
    expect(error.message).toBe('unknown event type');
    expect(error.field).toBeUndefined();
  });
});
