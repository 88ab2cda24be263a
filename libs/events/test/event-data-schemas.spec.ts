import { randomUUID } from 'node:crypto';
import { EVENT_CATALOG, EVENT_TYPES, eventDataSchemas, EventTypeName, SAMPLE_EVENT_DATA, validateEventBatch } from '@tagstream/events';

const now = new Date('2026-11-20T12:00:00Z');
const schemas = eventDataSchemas();
const accepts = (type: EventTypeName, data: Record<string, unknown>) =>
  validateEventBatch({ events: [{ eventId: randomUUID(), type, userId: 'u-1', occurredAt: '2026-11-20T08:00:00+08:00', data }] }, () => now).ok;

interface FieldSchema {
  type: string;
  enum?: string[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
}

// The schemas the OpenAPI document gives producers must say what the validator does.
describe('eventDataSchemas', () => {
  it.each(EVENT_TYPES.map((type) => [type]))('describes exactly the fields of %s, none extra', (type) => {
    const schema = schemas[type] as { properties: Record<string, FieldSchema>; required: string[]; additionalProperties: boolean };
    expect(Object.keys(schema.properties)).toEqual([...EVENT_CATALOG.get(type)!.fields]);
    expect(schema.additionalProperties).toBe(false);
    const withoutOptional = Object.fromEntries(Object.entries(SAMPLE_EVENT_DATA[type]).filter(([field]) => schema.required.includes(field)));
    expect(accepts(type, withoutOptional)).toBe(true);
    for (const field of schema.required) {
      const { [field]: _left, ...missing } = SAMPLE_EVENT_DATA[type];
      expect({ field, accepted: accepts(type, missing) }).toEqual({ field, accepted: false });
    }
  });

  it.each(EVENT_TYPES.map((type) => [type]))('agrees with the validator on every value set and bound of %s', (type) => {
    const { properties } = schemas[type] as { properties: Record<string, FieldSchema> };
    const disagreements: string[] = [];
    const check = (field: string, value: unknown, expected: boolean) => {
      if (accepts(type, { ...SAMPLE_EVENT_DATA[type], [field]: value }) !== expected) disagreements.push(`${field}=${JSON.stringify(value)}`);
    };
    for (const [field, schema] of Object.entries(properties)) {
      for (const value of schema.enum ?? []) check(field, value, true);
      if (schema.enum) check(field, 'not-in-the-set', false);
      if (schema.pattern) {
        check(field, SAMPLE_EVENT_DATA[type][field] ?? 'acme', new RegExp(schema.pattern).test(String(SAMPLE_EVENT_DATA[type][field] ?? 'acme')));
        check(field, '!', false);
      }
      if (schema.maximum !== undefined) {
        check(field, schema.maximum, true);
        check(field, schema.maximum + 1, false);
      }
      if (schema.minimum !== undefined) check(field, schema.minimum - 1, false);
      check(field, schema.type === 'string' ? 12 : 'a string', false);
    }
    expect(disagreements).toEqual([]);
  });
});
