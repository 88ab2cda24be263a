import type { Expr } from '../builder/expression-engine';
import type { TagInfo } from './api-types';

/**
 * The lifecycle macros (docs/contract.md §4) that expressions accept but
 * `GET /v1/tags` does not list. The console may not import libs/tagging's
 * `MACRO_DEFINITIONS` (the dependency rules keep it to the pure expression
 * modules), so it keeps this copy; test/console/lifecycle-macros.spec.ts
 * holds it equal to the server's.
 */
export const LIFECYCLE_MACROS: readonly { name: string; description: string; expansion: Expr }[] = [
  { name: 'lifecycle:new', description: 'Registered within the last 30 days.', expansion: { tag: 'registered', within: '30d' } },
  { name: 'lifecycle:active', description: 'Active within the last 30 days.', expansion: { tag: 'active', within: '30d' } },
  {
    name: 'lifecycle:dormant',
    description: 'Active within the last 90 days but not within the last 30.',
    expansion: { and: [{ tag: 'active', within: '90d' }, { not: { tag: 'active', within: '30d' } }] },
  },
  {
    name: 'lifecycle:churned',
    description: 'Active at some time, but not within the last 90 days.',
    expansion: { and: [{ tag: 'active' }, { not: { tag: 'active', within: '90d' } }] },
  },
];

/** The service's tags with the macros it does not list added, as the catalogue and the tag picker offer them. */
export function withLifecycleMacros(tags: TagInfo[]): TagInfo[] {
  const listed = new Set(tags.map((tag) => tag.name));
  const macros = LIFECYCLE_MACROS.filter((macro) => !listed.has(macro.name)).map(
    (macro): TagInfo => ({ name: macro.name, kind: 'macro', concrete: true, description: macro.description, expansion: macro.expansion, belowFloor: false }),
  );
  return [...tags, ...macros];
}
