import { INSTITUTION_PARAM } from '../taxonomy/tag-params';
import { Keyed, StateRule, withKey, withoutKey } from './rule.types';

/**
 * Auto-invest plans by `planId`. Starting a plan makes it active (starting an
 * active plan again keeps it active and takes the new institution); stopping
 * an unknown or stopped plan is a no-op.
 */
export const dcaActiveRule: StateRule<Keyed> = {
  definition: {
    id: 'dca-active',
    kind: 'state',
    pattern: 'dca:active',
    description: 'Has at least one auto-invest plan started and not stopped.',
    visibility: 'platform',
    lineage: [
      { eventType: 'AutoInvestStarted', fields: ['planId'] },
      { eventType: 'AutoInvestStopped', fields: ['planId'] },
    ],
    params: [],
  },
  initial: {},
  evolve: (plans, event) =>
    event.type === 'AutoInvestStarted' ? withKey(plans, event.data.planId as string, '') : withoutKey(plans, event.data.planId as string),
  tags: (plans) => (Object.keys(plans).length > 0 ? ['dca:active'] : []),
};

export const institutionDcaRule: StateRule<Keyed> = {
  definition: {
    id: 'inst-dca',
    kind: 'state',
    pattern: 'inst:<institutionId>:dca',
    description: 'Has an active auto-invest plan with this institution.',
    visibility: 'tenant',
    lineage: [
      { eventType: 'AutoInvestStarted', fields: ['planId', 'institutionId'] },
      { eventType: 'AutoInvestStopped', fields: ['planId'] },
    ],
    params: [INSTITUTION_PARAM],
  },
  initial: {},
  evolve: (plans, event) =>
    event.type === 'AutoInvestStarted'
      ? withKey(plans, event.data.planId as string, event.data.institutionId as string)
      : withoutKey(plans, event.data.planId as string),
  tags: (plans) => [...new Set(Object.values(plans))].map((institutionId) => `inst:${institutionId}:dca`),
};
