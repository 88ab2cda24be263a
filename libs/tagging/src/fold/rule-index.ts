import { isReadableField } from '../lineage/field-checks';
import { ACTIVITY_RULES, ActivityRule, ConsentRule, consentRule, STATE_RULES, StateRule } from '../rules';
import { LineageEntry } from '../taxonomy/tag-definition';
import { FORBIDDEN_FIELDS } from '../vocabulary';

/** What the fold runs for one event type: each rule with the lineage entry it declared for that type. */
export interface RulesForType {
  readonly state: readonly { rule: StateRule; entry: LineageEntry }[];
  readonly activity: readonly { rule: ActivityRule; entry: LineageEntry }[];
  readonly consent?: LineageEntry;
}

/** Refuses, at load time, a lineage naming a field outside the readable set (forbidden fields included). */
function assertReadable(owner: string, entry: LineageEntry): void {
  for (const field of entry.fields) {
    if ((FORBIDDEN_FIELDS as readonly string[]).includes(field) || !isReadableField(field)) {
      throw new Error(`${owner} declares ${entry.eventType}.${field}, which no tag may read`);
    }
  }
}

/**
 * The rules of each event type, built once at load; a rule whose lineage names an
 * unreadable field stops the load. Takes the rules as arguments so that refusal can be tested.
 */
export function buildRuleIndex(
  stateRules: readonly StateRule[],
  activityRules: readonly ActivityRule[],
  consent: Pick<ConsentRule, 'lineage'>,
): ReadonlyMap<string, RulesForType> {
  const index = new Map<string, { state: RulesForType['state'][number][]; activity: RulesForType['activity'][number][]; consent?: LineageEntry }>();
  const slot = (type: string) => {
    let entry = index.get(type);
    if (!entry) index.set(type, (entry = { state: [], activity: [] }));
    return entry;
  };
  for (const rule of stateRules) {
    for (const entry of rule.definition.lineage) {
      assertReadable(rule.definition.pattern, entry);
      slot(entry.eventType).state.push({ rule, entry });
    }
  }
  for (const rule of activityRules) {
    for (const entry of rule.definition.lineage) {
      assertReadable(rule.definition.pattern, entry);
      slot(entry.eventType).activity.push({ rule, entry });
    }
  }
  for (const entry of consent.lineage) {
    assertReadable('consent', entry);
    slot(entry.eventType).consent = entry;
  }
  return index;
}

export const RULES_BY_EVENT_TYPE = buildRuleIndex(STATE_RULES, ACTIVITY_RULES, consentRule);
