import { MACRO_DEFINITIONS } from '@tagstream/tagging';
import { Expr, isAndNode, isNotNode, isOrNode, TagLeaf } from './expression.types';

/** A macro name and the expression it stands for. Bodies contain no macros. */
export type MacroTable = ReadonlyMap<string, Expr>;

export function macroTableOf(definitions: readonly { readonly name: string; readonly expansion: Expr }[]): MacroTable {
  return new Map(definitions.map((definition) => [definition.name, definition.expansion]));
}

/** docs/contract.md §4 lifecycle macros, as the taxonomy defines them (the one place they are written down). */
export const LIFECYCLE_MACROS: MacroTable = macroTableOf(MACRO_DEFINITIONS);

/**
 * Replaces every macro leaf by a fresh copy of its body. Expects a validated
 * expression: a macro leaf carrying `within`/`minCount` is a programming error.
 */
export function expandMacros(expr: Expr, macros: MacroTable = LIFECYCLE_MACROS): Expr {
  if (isAndNode(expr)) return { and: expr.and.map((child) => expandMacros(child, macros)) };
  if (isOrNode(expr)) return { or: expr.or.map((child) => expandMacros(child, macros)) };
  if (isNotNode(expr)) return { not: expandMacros(expr.not, macros) };
  return expandLeaf(expr, macros);
}

function expandLeaf(leaf: TagLeaf, macros: MacroTable): Expr {
  const body = macros.get(leaf.tag);
  if (!body) return copyLeaf(leaf);
  if (leaf.within !== undefined || leaf.minCount !== undefined) {
    throw new Error(`macro ${leaf.tag} cannot take within/minCount; validate the expression before expanding it`);
  }
  return structuredClone(body) as Expr;
}

function copyLeaf(leaf: TagLeaf): TagLeaf {
  return {
    tag: leaf.tag,
    ...(leaf.within !== undefined ? { within: leaf.within } : {}),
    ...(leaf.minCount !== undefined ? { minCount: leaf.minCount } : {}),
  };
}
