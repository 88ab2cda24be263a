import type { Segment } from '../api/api-types';
import type { RedefineInput } from '../api/endpoints';
import type { BuilderState } from './builder-state';
import { currentExpression } from './builder-state';
import type { Expr } from './expression-engine';

/** Why the builder's save buttons are off, or undefined when saving is allowed. */
export type SaveBlock = 'empty' | 'text' | 'name';

/**
 * A text that does not parse leaves the tree at the last good expression, so
 * saving then would store something other than what the marketer sees typed.
 */
export function saveBlock(state: BuilderState, name: string): SaveBlock | undefined {
  if (state.textError !== undefined) return 'text';
  if (currentExpression(state) === undefined) return 'empty';
  if (name.trim() === '') return 'name';
  return undefined;
}

export interface SaveForm {
  name: string;
  description: string;
}

export function createInput(form: SaveForm, expression: Expr): { name: string; description?: string; expression: Expr } {
  const description = form.description.trim();
  return { name: form.name.trim(), ...(description ? { description } : {}), expression };
}

/**
 * A redefine based on the version that was opened. An emptied description is
 * sent as `null` (the API's "clear it"); an absent one would keep the old text.
 */
export function redefineInput(opened: Pick<Segment, 'version' | 'description'>, form: SaveForm, expression: Expr): RedefineInput {
  const description = form.description.trim();
  const had = (opened.description ?? '').trim() !== '';
  return {
    name: form.name.trim(),
    ...(description ? { description } : had ? { description: null } : {}),
    expression,
    ...(opened.version !== undefined ? { expectedVersion: opened.version } : {}),
  };
}
