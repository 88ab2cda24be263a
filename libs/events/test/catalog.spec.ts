import { getMetadataStorage } from 'class-validator';
import { EVENT_CATALOG, EVENT_TYPES, eventDefinition, eventTypeOf, FundViewedData, isEventType } from '@tagstream/events';
import { VALID_DATA } from './fixtures';

describe('event catalog', () => {
  it('holds exactly the fifteen v1 types of docs/contract.md §3', () => {
    expect([...EVENT_TYPES].sort()).toEqual(
      [
        'UserRegistered',
        'RiskAssessed',
        'FundViewed',
        'FundFollowed',
        'FundUnfollowed',
        'FundSubscribed',
        'FundRedeemed',
        'AutoInvestStarted',
        'AutoInvestStopped',
        'ArticleRead',
        'QuestionAsked',
        'CampaignExposed',
        'CampaignClicked',
        'SessionStarted',
        'MarketingConsentChanged',
      ].sort(),
    );
  });

  it.each(EVENT_TYPES)('%s is named explicitly, not after its class', (type) => {
    const definition = eventDefinition(type);
    expect(eventTypeOf(definition.dataClass).name).toBe(type);
    expect(definition.dataClass.name).not.toBe(type);
  });

  it.each(EVENT_TYPES)('%s lists the fields its class-validator rules cover', (type) => {
    const definition = eventDefinition(type);
    const ruled = getMetadataStorage()
      .getTargetValidationMetadatas(definition.dataClass, '', false, false)
      .map((m) => m.propertyName);
    expect(new Set(ruled)).toEqual(new Set(definition.fields));
  });

  it.each(EVENT_TYPES)('%s has a fixture with exactly its fields (the fixture set is complete)', (type) => {
    const required = type === 'QuestionAsked' ? ['topic'] : eventDefinition(type).fields;
    expect(Object.keys(VALID_DATA[type]).sort()).toEqual([...required].sort());
  });

  it('gives every type a schema version, FundViewed at v1 after the v0 without dwellSeconds', () => {
    for (const definition of EVENT_CATALOG.values()) expect(definition.schemaVersion).toBeGreaterThanOrEqual(1);
    expect(eventTypeOf(FundViewedData)).toEqual({ name: 'FundViewed', schemaVersion: 1 });
  });

  it('knows its types and nothing else', () => {
    expect(isEventType('FundViewed')).toBe(true);
    expect(isEventType('fundviewed')).toBe(false);
    expect(isEventType('FundViewedData')).toBe(false);
    expect(isEventType(undefined)).toBe(false);
  });
});
