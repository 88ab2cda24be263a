import { ExpressionProblem, ExpressionRule, joinIndex, joinKey, quoteName } from './expression-problem';
import { Expr, ExpressionViewer, TagKind, TagLeaf, TagResolver } from './expression.types';
import {
  MAX_CHILDREN,
  MAX_DEPTH,
  MAX_ECHOED_NAME,
  MAX_LEAVES,
  MAX_WITHIN_DAYS,
  MIN_CHILDREN,
  MIN_COUNT,
  MIN_WITHIN_DAYS,
} from './expression.limits';
import { LIFECYCLE_MACROS, MacroTable } from './lifecycle-macros';

export interface ValidateOptions {
  macros?: MacroTable;
  /** Path of the expression inside the request (e.g. `expression`); `''` when it is the whole input. */
  path?: string;
}

/** A problem plus the input node it is about, so the text form can map it back to a character offset. */
export interface LocatedProblem extends ExpressionProblem {
  node: unknown;
}

export type ValidationResult = { ok: true; expr: Expr } | { ok: false; problems: LocatedProblem[] };

/** Enough to explain a bad expression; past this, more problems add noise, not help. */
const MAX_PROBLEMS = 50;

const NODE_KEYS = ['tag', 'and', 'or', 'not'] as const;
const LEAF_KEYS = new Set(['tag', 'within', 'minCount']);
const WITHIN_PATTERN = /^(0|[1-9][0-9]*)d$/;

type LeafKind = TagKind | 'macro';

interface Walk {
  readonly resolver: TagResolver;
  readonly viewer: ExpressionViewer;
  readonly macros: MacroTable;
  readonly problems: LocatedProblem[];
  leaves: number;
  depthReported: boolean;
}

/**
 * Checks untrusted input against docs/contract.md §5 and the taxonomy the viewer may see.
 * Collects every problem (up to a cap) rather than stopping at the first, and on
 * success returns a fresh copy that holds only the known keys.
 */
export function validateExpression(
  input: unknown,
  resolver: TagResolver,
  viewer: ExpressionViewer,
  options: ValidateOptions = {},
): ValidationResult {
  const walk: Walk = {
    resolver,
    viewer,
    macros: options.macros ?? LIFECYCLE_MACROS,
    problems: [],
    leaves: 0,
    depthReported: false,
  };
  const base = options.path ?? '';
  const expr = validateNode(walk, input, base, 1);
  if (walk.leaves > MAX_LEAVES) {
    report(walk, input, base, ExpressionRule.maxLeaves, `expression has ${walk.leaves} tag leaves; at most ${MAX_LEAVES} are allowed`);
  }
  if (walk.problems.length > 0 || expr === undefined) return { ok: false, problems: walk.problems };
  return { ok: true, expr };
}

function report(walk: Walk, node: unknown, path: string, rule: string, message: string): void {
  if (walk.problems.length < MAX_PROBLEMS) walk.problems.push({ path, rule, message, node });
}

function describe(path: string): string {
  return path === '' ? 'expression' : path;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function validateNode(walk: Walk, value: unknown, path: string, depth: number): Expr | undefined {
  if (depth > MAX_DEPTH) {
    if (!walk.depthReported) {
      walk.depthReported = true;
      report(walk, value, path, ExpressionRule.maxDepth, `${describe(path)} is nested deeper than ${MAX_DEPTH} levels`);
    }
    return undefined;
  }
  if (!isPlainObject(value)) {
    report(walk, value, path, ExpressionRule.type, `${describe(path)} must be an object with one of tag, and, or, not`);
    return undefined;
  }
  const kinds = NODE_KEYS.filter((key) => Object.prototype.hasOwnProperty.call(value, key));
  if (kinds.length !== 1) {
    const found = kinds.length === 0 ? 'none' : kinds.join(', ');
    report(walk, value, path, ExpressionRule.nodeKind, `${describe(path)} must have exactly one of tag, and, or, not (found ${found})`);
    reportUnknownKeys(walk, value, path, new Set([...NODE_KEYS, ...LEAF_KEYS]));
    return undefined;
  }
  switch (kinds[0]) {
    case 'tag':
      return validateLeaf(walk, value, path);
    case 'not':
      return validateNot(walk, value, path, depth);
    default:
      return validateJunction(walk, value, path, depth, kinds[0]);
  }
}

function reportUnknownKeys(walk: Walk, value: Record<string, unknown>, path: string, allowed: ReadonlySet<string>): void {
  for (const key of Object.keys(value)) {
    if (!allowed.has(key)) {
      report(walk, value, joinKey(path, key), ExpressionRule.unknownKey, `unknown key ${quoteName(key, MAX_ECHOED_NAME)} in ${describe(path)}`);
    }
  }
}

function validateNot(walk: Walk, value: Record<string, unknown>, path: string, depth: number): Expr | undefined {
  reportUnknownKeys(walk, value, path, new Set(['not']));
  const child = validateNode(walk, value.not, joinKey(path, 'not'), depth + 1);
  return child === undefined ? undefined : { not: child };
}

function validateJunction(
  walk: Walk,
  value: Record<string, unknown>,
  path: string,
  depth: number,
  op: 'and' | 'or',
): Expr | undefined {
  reportUnknownKeys(walk, value, path, new Set([op]));
  const opPath = joinKey(path, op);
  const children = value[op];
  if (!Array.isArray(children)) {
    report(walk, value, opPath, ExpressionRule.type, `${opPath} must be an array of expressions`);
    return undefined;
  }
  if (children.length < MIN_CHILDREN || children.length > MAX_CHILDREN) {
    report(walk, value, opPath, ExpressionRule.childrenCount, `${opPath} must have ${MIN_CHILDREN} to ${MAX_CHILDREN} children; it has ${children.length}`);
    // Past the limit the children are not walked, so an oversized input costs no more than a legal one.
    if (children.length > MAX_CHILDREN) return undefined;
  }
  const valid = children.map((child, index) => validateNode(walk, child, joinIndex(opPath, index), depth + 1));
  if (valid.some((child) => child === undefined)) return undefined;
  return op === 'and' ? { and: valid as Expr[] } : { or: valid as Expr[] };
}

function validateLeaf(walk: Walk, value: Record<string, unknown>, path: string): TagLeaf | undefined {
  walk.leaves += 1;
  reportUnknownKeys(walk, value, path, LEAF_KEYS);
  const before = walk.problems.length;
  const tag = value.tag;
  const kind = typeof tag === 'string' ? leafKind(walk, value, path, tag) : reportTagType(walk, value, path);
  const within = validateWithin(walk, value, path, kind, tag);
  const minCount = validateMinCount(walk, value, path, kind, tag);
  if (walk.problems.length > before || typeof tag !== 'string') return undefined;
  return {
    tag,
    ...(within !== undefined ? { within } : {}),
    ...(minCount !== undefined ? { minCount } : {}),
  };
}

function reportTagType(walk: Walk, value: Record<string, unknown>, path: string): undefined {
  report(walk, value, joinKey(path, 'tag'), ExpressionRule.type, `${joinKey(path, 'tag')} must be a tag name (a string)`);
  return undefined;
}

function leafKind(walk: Walk, value: Record<string, unknown>, path: string, tag: string): LeafKind | undefined {
  if (walk.macros.has(tag)) return 'macro';
  const resolved = tag === '' ? undefined : walk.resolver.resolve(tag, walk.viewer);
  if (resolved === undefined) {
    // Same wording for "does not exist" and "belongs to another tenant": the answer must not tell them apart.
    report(walk, value, joinKey(path, 'tag'), ExpressionRule.unknownTag, `unknown tag ${quoteName(tag, MAX_ECHOED_NAME)}`);
    return undefined;
  }
  return resolved.kind;
}

function reportIfNotActivity(
  walk: Walk,
  value: Record<string, unknown>,
  keyPath: string,
  key: string,
  kind: LeafKind | undefined,
  tag: unknown,
): void {
  if (kind === undefined || kind === 'activity') return;
  const what = kind === 'macro' ? 'a macro' : 'a state tag';
  report(walk, value, keyPath, ExpressionRule.activityOnly, `${key} applies to activity tags only; ${quoteName(String(tag), MAX_ECHOED_NAME)} is ${what}`);
}

function validateWithin(
  walk: Walk,
  value: Record<string, unknown>,
  path: string,
  kind: LeafKind | undefined,
  tag: unknown,
): string | undefined {
  if (!Object.prototype.hasOwnProperty.call(value, 'within')) return undefined;
  const withinPath = joinKey(path, 'within');
  const within = value.within;
  const match = typeof within === 'string' ? WITHIN_PATTERN.exec(within) : null;
  if (!match) {
    report(walk, value, withinPath, ExpressionRule.withinFormat, `${withinPath} must be a whole number of days written like "30d"`);
    return undefined;
  }
  const days = Number(match[1]);
  if (days < MIN_WITHIN_DAYS || days > MAX_WITHIN_DAYS) {
    report(walk, value, withinPath, ExpressionRule.withinRange, `${withinPath} must be ${MIN_WITHIN_DAYS} to ${MAX_WITHIN_DAYS} days; it is ${days}`);
  }
  reportIfNotActivity(walk, value, withinPath, 'within', kind, tag);
  return within as string;
}

function validateMinCount(
  walk: Walk,
  value: Record<string, unknown>,
  path: string,
  kind: LeafKind | undefined,
  tag: unknown,
): number | undefined {
  if (!Object.prototype.hasOwnProperty.call(value, 'minCount')) return undefined;
  const countPath = joinKey(path, 'minCount');
  const minCount = value.minCount;
  if (typeof minCount !== 'number' || !Number.isInteger(minCount)) {
    report(walk, value, countPath, ExpressionRule.type, `${countPath} must be a whole number`);
    return undefined;
  }
  if (minCount < MIN_COUNT || !Number.isSafeInteger(minCount)) {
    report(walk, value, countPath, ExpressionRule.minCountRange, `${countPath} must be at least ${MIN_COUNT} (and a safe integer); it is ${minCount}`);
  }
  reportIfNotActivity(walk, value, countPath, 'minCount', kind, tag);
  return minCount;
}
