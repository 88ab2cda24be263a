import { getMetadataStorage } from 'class-validator';
import {
  AMOUNT_PATTERN,
  ARTICLE_KINDS,
  CATEGORIES,
  CHANNELS,
  CURRENCIES,
  DEVICES,
  FREQUENCIES,
  FUND_CODE_PATTERN,
  INSTITUTION_ID_PATTERN,
  QUESTION_TOPICS,
  REFERENCE_ID_PATTERN,
  REGION_MAX_LENGTH,
  RISK_LEVELS,
} from '../value-sets';
import { SAMPLE_EVENT_DATA } from '../sample-event-data';
import { EVENT_CATALOG, EventDefinition, EventTypeName } from './catalog';
import { MAX_DWELL_SECONDS } from './fund.events';

/** A JSON Schema (the OpenAPI 3 subset) of one value. */
export type JsonSchema = Record<string, unknown>;

const reference = (description: string): JsonSchema => ({ type: 'string', pattern: REFERENCE_ID_PATTERN.source, description });
const oneOf = (values: readonly string[], description?: string): JsonSchema => ({ type: 'string', enum: [...values], ...(description && { description }) });

/**
 * Every field an event's `data` may hold, by name: a name means the same thing
 * in every type (docs/contract.md §3), so one schema per name is the contract.
 * The validation rules are the class-validator decorators in this folder;
 * `test/event-data-schemas.spec.ts` checks that they agree.
 */
export const EVENT_FIELD_SCHEMAS: Readonly<Record<string, JsonSchema>> = {
  fundCode: { type: 'string', pattern: FUND_CODE_PATTERN.source, description: 'Six digits', example: '110011' },
  category: oneOf(CATEGORIES),
  institutionId: { type: 'string', pattern: INSTITUTION_ID_PATTERN.source, description: 'The fund company (a tenant)' },
  dwellSeconds: { type: 'integer', minimum: 0, maximum: MAX_DWELL_SECONDS, description: 'Seconds on the fund page; a view counts for viewed:<category> from 5' },
  amount: { type: 'string', pattern: AMOUNT_PATTERN.source, description: 'Decimal string greater than 0 with at most two decimals; never read by a tag', example: '1000.50' },
  currency: oneOf(CURRENCIES),
  full: { type: 'boolean', description: 'true closes the position; a partial redemption leaves it open' },
  planId: reference('The auto-invest plan, minted by the producer'),
  frequency: oneOf(FREQUENCIES),
  articleId: reference('The article, minted by the producer'),
  kind: oneOf(ARTICLE_KINDS),
  topic: oneOf(QUESTION_TOPICS),
  campaignId: reference('The campaign, minted by the producer'),
  channel: oneOf(CHANNELS),
  device: oneOf(DEVICES),
  region: { type: 'string', minLength: 1, maxLength: REGION_MAX_LENGTH, description: 'Raw data kept in the event store; never read by a tag' },
  level: oneOf(RISK_LEVELS),
  personalized: { type: 'boolean', description: 'false: the user is in no segment, size, snapshot or insight until it is true again' },
};

/** The schema of one type's `data` at its current version: its fields and nothing else. */
export function eventDataSchema(definition: EventDefinition): JsonSchema {
  const optional = optionalFields(definition);
  const properties: Record<string, JsonSchema> = {};
  for (const field of definition.fields) {
    const schema = EVENT_FIELD_SCHEMAS[field];
    if (!schema) throw new Error(`no schema for field ${field} of ${definition.type}`);
    properties[field] = schema;
  }
  return {
    type: 'object',
    title: `${definition.type} data (schema version ${definition.schemaVersion})`,
    properties,
    required: definition.fields.filter((field) => !optional.has(field)),
    additionalProperties: false,
    example: SAMPLE_EVENT_DATA[definition.type],
  };
}

/** Every type's `data` schema, in catalog order. */
export function eventDataSchemas(): Record<EventTypeName, JsonSchema> {
  return Object.fromEntries([...EVENT_CATALOG].map(([type, definition]) => [type, eventDataSchema(definition)])) as Record<EventTypeName, JsonSchema>;
}

// A field validated only when present (`@ValidateIf` on its being defined) may be left out.
function optionalFields(definition: EventDefinition): Set<string> {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(definition.dataClass, '', true, false);
  return new Set(metadata.filter((m) => m.type === 'conditionalValidation').map((m) => m.propertyName));
}
