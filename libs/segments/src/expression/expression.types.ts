/**
 * The canonical JSON form of a segment expression (docs/contract.md §5). Every other
 * form (text, macros, normalised form for hashing) converts to or from this.
 */
export type Expr = TagLeaf | AndNode | OrNode | NotNode;

export interface TagLeaf {
  readonly tag: string;
  /** `"<n>d"`, 1–400 days; activity tags only. */
  readonly within?: string;
  /** Sum of daily counts in the window must reach this (≥ 1, default 1); activity tags only. */
  readonly minCount?: number;
}

export interface AndNode {
  readonly and: readonly Expr[];
}

export interface OrNode {
  readonly or: readonly Expr[];
}

export interface NotNode {
  readonly not: Expr;
}

export type TagKind = 'state' | 'activity';

/** What the taxonomy answers about one tag name for one viewer. */
export interface TagResolution {
  readonly name: string;
  readonly kind: TagKind;
  readonly definition: unknown;
}

/** Who is asking: visibility of `inst:<id>:…` tags depends on role and tenant. */
export interface ExpressionViewer {
  readonly role: string;
  readonly tenant?: string;
}

/**
 * The slice of the tag taxonomy that expressions need. A tag the viewer may not
 * see resolves to `undefined`, exactly like a tag that does not exist.
 * Declared with method syntax so a catalogue typed with a narrower viewer still fits.
 */
export interface TagResolver {
  resolve(tagName: string, viewer: ExpressionViewer): TagResolution | undefined;
}

export function isTagLeaf(expr: Expr): expr is TagLeaf {
  return 'tag' in expr;
}

export function isAndNode(expr: Expr): expr is AndNode {
  return 'and' in expr;
}

export function isOrNode(expr: Expr): expr is OrNode {
  return 'or' in expr;
}

export function isNotNode(expr: Expr): expr is NotNode {
  return 'not' in expr;
}
