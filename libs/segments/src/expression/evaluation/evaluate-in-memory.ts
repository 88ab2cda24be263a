import { activityWindow, isDayInWindow } from '../as-of';
import { Expr, isAndNode, isNotNode, isOrNode, TagLeaf } from '../expression.types';
import { expandMacros, LIFECYCLE_MACROS, MacroTable } from '../lifecycle-macros';
import { ACTIVE_TAG, Population, PopulationUser } from './population';

const DAY_KEY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The reference semantics of docs/contract.md §4–5, written for obviousness, not speed:
 * sets of user ids, one set operation per node. The ClickHouse compiler is
 * tested against it.
 *
 * - universe: users with at least one projected event (some `active` count on
 *   any day, before or after `asOf`) who have not withdrawn consent;
 * - every node's result lies inside the universe; `not` is universe minus child;
 * - a state leaf holds for users that currently carry the tag (`asOf` does not move it);
 * - an activity leaf holds when the sum of its daily counts over the window of
 *   `asOf` reaches `minCount` (default 1); no `within` = all days up to `asOf`'s day.
 *
 * Returns the member ids in ascending order.
 */
export function evaluateInMemory(
  expr: Expr,
  population: Population,
  asOf: Date,
  macros: MacroTable = LIFECYCLE_MACROS,
): number[] {
  checkPopulation(population);
  const universe = population.users.filter(isInUniverse);
  const members = evaluate(expandMacros(expr, macros), universe, population, asOf);
  return [...members].sort((a, b) => a - b);
}

function isInUniverse(user: PopulationUser): boolean {
  const activeDays = Object.values(user.dailyCounts[ACTIVE_TAG] ?? {});
  return user.personalized && activeDays.some((count) => count > 0);
}

function evaluate(expr: Expr, universe: readonly PopulationUser[], population: Population, asOf: Date): Set<number> {
  if (isAndNode(expr)) {
    const parts = expr.and.map((child) => evaluate(child, universe, population, asOf));
    return new Set(universe.map((u) => u.userId).filter((id) => parts.every((part) => part.has(id))));
  }
  if (isOrNode(expr)) {
    const parts = expr.or.map((child) => evaluate(child, universe, population, asOf));
    return new Set(universe.map((u) => u.userId).filter((id) => parts.some((part) => part.has(id))));
  }
  if (isNotNode(expr)) {
    const excluded = evaluate(expr.not, universe, population, asOf);
    return new Set(universe.map((u) => u.userId).filter((id) => !excluded.has(id)));
  }
  return new Set(universe.filter((user) => leafHolds(expr, user, population, asOf)).map((u) => u.userId));
}

function leafHolds(leaf: TagLeaf, user: PopulationUser, population: Population, asOf: Date): boolean {
  const kind = population.tagKinds[leaf.tag];
  if (kind === undefined) throw new Error(`tag ${leaf.tag} has no kind in this population`);
  if (kind === 'state') {
    if (leaf.within !== undefined || leaf.minCount !== undefined) throw new Error(`state tag ${leaf.tag} with within/minCount`);
    return user.stateTags.includes(leaf.tag);
  }
  const window = activityWindow(leaf.within, asOf);
  let sum = 0;
  for (const [day, count] of Object.entries(user.dailyCounts[leaf.tag] ?? {})) {
    if (isDayInWindow(day, window)) sum += count;
  }
  return sum >= (leaf.minCount ?? 1);
}

/** An oracle must not quietly accept a population it would misread. */
function checkPopulation(population: Population): void {
  const seen = new Set<number>();
  for (const user of population.users) {
    if (!Number.isInteger(user.userId) || user.userId < 0 || seen.has(user.userId)) {
      throw new Error(`user id ${user.userId} is not a unique non-negative integer`);
    }
    seen.add(user.userId);
    for (const tag of user.stateTags) {
      if (population.tagKinds[tag] !== 'state') throw new Error(`user ${user.userId}: ${tag} is not a state tag`);
    }
    for (const [tag, days] of Object.entries(user.dailyCounts)) {
      if (population.tagKinds[tag] !== 'activity') throw new Error(`user ${user.userId}: ${tag} is not an activity tag`);
      for (const [day, count] of Object.entries(days)) {
        if (!DAY_KEY.test(day) || !Number.isInteger(count) || count < 1) {
          throw new Error(`user ${user.userId}: ${tag} on ${day} has count ${count}`);
        }
      }
    }
  }
}
