import { LEVEL_PARAM } from '../taxonomy/tag-params';
import { StateRule } from './rule.types';

type RiskSlice = { readonly level: string | null };

/** `risk:C1` … `risk:C5`: the level of the last `RiskAssessed`. */
export const riskRule: StateRule<RiskSlice> = {
  definition: {
    id: 'risk',
    kind: 'state',
    pattern: 'risk:<level>',
    description: 'Risk tolerance level of the last risk assessment (C1 lowest … C5 highest).',
    visibility: 'platform',
    lineage: [{ eventType: 'RiskAssessed', fields: ['level'] }],
    params: [LEVEL_PARAM],
  },
  initial: { level: null },
  evolve: (slice, event) => (slice.level === event.data.level ? slice : { level: event.data.level as string }),
  tags: (slice) => (slice.level ? [`risk:${slice.level}`] : []),
};
