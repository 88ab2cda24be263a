import { Expr, isAndNode, isNotNode, isOrNode, TagLeaf } from './expression-engine';

/**
 * The builder edits a tree whose nodes carry ids (stable React keys, a place
 * to pin an error to) and may be incomplete while the marketer is still
 * choosing (a leaf with no tag yet, an empty group). `toExpression` turns the
 * complete part into the API's JSON form.
 */
export type BuilderNode = GroupNode | NegationNode | LeafNode;
export type GroupOperator = 'and' | 'or';

export interface GroupNode {
  readonly id: string;
  readonly kind: 'group';
  readonly op: GroupOperator;
  readonly children: readonly BuilderNode[];
}

export interface NegationNode {
  readonly id: string;
  readonly kind: 'not';
  readonly child: BuilderNode;
}

export interface LeafNode {
  readonly id: string;
  readonly kind: 'leaf';
  /** `''` until a tag is picked. */
  readonly tag: string;
  /** Whole days; activity tags only. */
  readonly withinDays?: number;
  /** Activity tags only; 1 is the default and is not written out. */
  readonly minCount?: number;
}

let counter = 0;
export function newId(): string {
  counter += 1;
  return `n${counter}`;
}

export function emptyGroup(op: GroupOperator = 'and'): GroupNode {
  return { id: newId(), kind: 'group', op, children: [] };
}

export function emptyLeaf(tag = ''): LeafNode {
  return { id: newId(), kind: 'leaf', tag };
}

/** The JSON form plus, for each JSON path (`and[1].not`), the id of the node it came from. */
export interface TreeExpression {
  readonly expr: Expr | undefined;
  readonly nodeByPath: ReadonlyMap<string, string>;
  /** Leaves without a tag and empty groups, left out of `expr`. */
  readonly incomplete: number;
}

export function toExpression(root: BuilderNode): TreeExpression {
  const nodeByPath = new Map<string, string>();
  const convert = (node: BuilderNode, path: string): Expr => {
    if (node.kind === 'leaf') {
      nodeByPath.set(path, node.id);
      return leafExpr(node);
    }
    if (node.kind === 'not') {
      nodeByPath.set(path, node.id);
      return { not: convert(node.child, join(path, 'not')) };
    }
    const kept = node.children.filter(hasContent);
    // the text form has no spelling for a one-child group: it is its child
    if (kept.length === 1) return convert(kept[0], path);
    nodeByPath.set(path, node.id);
    const children = kept.map((child, index) => convert(child, join(path, `${node.op}[${index}]`)));
    return (node.op === 'and' ? { and: children } : { or: children }) as Expr;
  };
  const expr = hasContent(root) ? convert(root, '') : undefined;
  return { expr, nodeByPath, incomplete: countIncomplete(root) };
}

function hasContent(node: BuilderNode): boolean {
  if (node.kind === 'leaf') return node.tag.trim() !== '';
  if (node.kind === 'not') return hasContent(node.child);
  return node.children.some(hasContent);
}

function countIncomplete(node: BuilderNode): number {
  if (node.kind === 'leaf') return node.tag.trim() === '' ? 1 : 0;
  if (node.kind === 'not') return countIncomplete(node.child);
  if (node.children.length === 0) return 1;
  return node.children.reduce((sum, child) => sum + countIncomplete(child), 0);
}

function join(path: string, step: string): string {
  return path === '' ? step : `${path}.${step}`;
}

function leafExpr(leaf: LeafNode): TagLeaf {
  return {
    tag: leaf.tag.trim(),
    ...(leaf.withinDays !== undefined ? { within: `${leaf.withinDays}d` } : {}),
    ...(leaf.minCount !== undefined && leaf.minCount !== 1 ? { minCount: leaf.minCount } : {}),
  };
}

/** A tree for an expression; the root is always a group so there is somewhere to add the next condition. */
export function fromExpression(expr: Expr | undefined): GroupNode {
  if (expr === undefined) return emptyGroup('and');
  const node = toNode(expr);
  return node.kind === 'group' ? node : { id: newId(), kind: 'group', op: 'and', children: [node] };
}

function toNode(expr: Expr): BuilderNode {
  if (isAndNode(expr)) return { id: newId(), kind: 'group', op: 'and', children: expr.and.map(toNode) };
  if (isOrNode(expr)) return { id: newId(), kind: 'group', op: 'or', children: expr.or.map(toNode) };
  if (isNotNode(expr)) return { id: newId(), kind: 'not', child: toNode(expr.not) };
  const within = expr.within === undefined ? undefined : Number.parseInt(expr.within, 10);
  return {
    id: newId(),
    kind: 'leaf',
    tag: expr.tag,
    ...(within !== undefined ? { withinDays: within } : {}),
    ...(expr.minCount !== undefined ? { minCount: expr.minCount } : {}),
  };
}

/** Replaces the node with `id` by what `change` returns (`undefined` removes it). */
export function updateNode(root: GroupNode, id: string, change: (node: BuilderNode) => BuilderNode | undefined): GroupNode {
  const visit = (node: BuilderNode): BuilderNode | undefined => {
    if (node.id === id) return change(node);
    if (node.kind === 'group') {
      const children = node.children.map(visit).filter((child): child is BuilderNode => child !== undefined);
      return { ...node, children };
    }
    if (node.kind === 'not') {
      const child = visit(node.child);
      // removing the only thing a NOT negates removes the NOT too
      return child === undefined ? undefined : { ...node, child };
    }
    return node;
  };
  if (root.id === id) {
    const replaced = change(root);
    return replaced === undefined ? emptyGroup(root.op) : (replaced as GroupNode);
  }
  return visit(root) as GroupNode;
}

export function addChild(root: GroupNode, groupId: string, child: BuilderNode): GroupNode {
  return updateNode(root, groupId, (node) => (node.kind === 'group' ? { ...node, children: [...node.children, child] } : node));
}

export function removeNode(root: GroupNode, id: string): GroupNode {
  return updateNode(root, id, () => undefined);
}

/** Puts a NOT around a node, or takes it away when the node already is one. */
export function toggleNot(root: GroupNode, id: string): GroupNode {
  return updateNode(root, id, (node) => (node.kind === 'not' ? node.child : { id: newId(), kind: 'not', child: node }));
}

export function findNode(root: BuilderNode, id: string): BuilderNode | undefined {
  if (root.id === id) return root;
  if (root.kind === 'group') {
    for (const child of root.children) {
      const found = findNode(child, id);
      if (found) return found;
    }
  }
  if (root.kind === 'not') return findNode(root.child, id);
  return undefined;
}

/**
 * The node an API problem is about: its path (`expression.and[1].within`) is
 * walked back until it names a node of the tree.
 */
export function nodeForProblemPath(nodeByPath: ReadonlyMap<string, string>, problemPath: string): string | undefined {
  let path = problemPath.replace(/^expression\.?/, '');
  for (;;) {
    const id = nodeByPath.get(path);
    if (id !== undefined) return id;
    if (path === '') return undefined;
    const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    path = cut <= 0 ? '' : path.slice(0, cut);
  }
}
