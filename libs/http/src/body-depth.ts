import { FieldProblem } from '@tagstream/common';

/**
 * How deep a request body may nest. The deepest legal body (an overlap side
 * holding an expression at its own limit of 8) nests 18 levels; the margin
 * lets a too-deep expression still get the expression check's own message.
 */
export const MAX_BODY_DEPTH = 32;

/**
 * The first place (in document order) where `body` nests deeper than
 * MAX_BODY_DEPTH, as a problem naming its path. Iterative and never past the
 * limit, so its cost is bounded by the body's size and it cannot overflow the
 * stack the way class-transformer's and class-validator's recursion does on a
 * body nested a few thousand levels.
 */
export function bodyDepthProblem(body: unknown): FieldProblem | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: body, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth + 1 > MAX_BODY_DEPTH) {
      const where = path || 'body';
      return { path: where, rule: 'maxDepth', message: `${where} is nested deeper than ${MAX_BODY_DEPTH} levels` };
    }
    const children = Array.isArray(value)
      ? value.map((item, index) => ({ value: item, path: `${path}[${index}]`, depth: depth + 1 }))
      : Object.keys(value).map((key) => ({ value: (value as Record<string, unknown>)[key], path: path ? `${path}.${key}` : key, depth: depth + 1 }));
    for (let i = children.length - 1; i >= 0; i -= 1) stack.push(children[i]);
  }
  return undefined;
}
