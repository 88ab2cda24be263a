/** A leaf or combination in the canonical expression form (docs/contract.md §5); macro bodies use only this. */
export type MacroExpr =
  | { readonly tag: string; readonly within?: string; readonly minCount?: number }
  | { readonly and: readonly MacroExpr[] }
  | { readonly or: readonly MacroExpr[] }
  | { readonly not: MacroExpr };

export interface MacroDefinition {
  readonly name: string;
  readonly description: string;
  /** The expression the macro stands for; it names activity tags only and contains no macro. */
  readonly expansion: MacroExpr;
}

/** docs/contract.md §4 lifecycle macros, expanded before evaluation. */
export const MACRO_DEFINITIONS: readonly MacroDefinition[] = [
  {
    name: 'lifecycle:new',
    description: 'Registered within the last 30 days.',
    expansion: { tag: 'registered', within: '30d' },
  },
  {
    name: 'lifecycle:active',
    description: 'Active within the last 30 days.',
    expansion: { tag: 'active', within: '30d' },
  },
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
