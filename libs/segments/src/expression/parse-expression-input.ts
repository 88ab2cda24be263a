import { ValidationFailedError } from '@tagstream/common';
import { ExpressionProblem, ExpressionRule, joinKey } from './expression-problem';
import { Expr, ExpressionViewer, TagResolver } from './expression.types';
import { MAX_TEXT_LENGTH } from './expression.limits';
import { MacroTable } from './lifecycle-macros';
import { ExpressionSyntaxError } from './text/expression-syntax-error';
import { NodeSource, parseExpressionTextWithSources } from './text/parse-expression-text';
import { LocatedProblem, validateExpression } from './validate-expression';

export interface ParseExpressionOptions {
  /** Where the expression sits in the request (`expression`), prefixed to every problem path. */
  path?: string;
  macros?: MacroTable;
}

/**
 * Accepts an expression as a request carries it, the JSON form or
 * `{ "text": "…" }`, and returns the validated JSON form (macros not yet
 * expanded). Anything wrong throws one `ValidationFailedError` listing every
 * problem; for text, each problem has path `text` and the character `offset`.
 */
export function parseExpressionInput(
  input: unknown,
  resolver: TagResolver,
  viewer: ExpressionViewer,
  options: ParseExpressionOptions = {},
): Expr {
  const base = options.path ?? '';
  if (isTextForm(input)) return parseTextForm(input, resolver, viewer, base, options.macros);
  const result = validateExpression(input, resolver, viewer, { macros: options.macros, path: base });
  if (result.ok) return result.expr;
  throw invalid(result.problems.map(({ path, rule, message }) => ({ path, rule, message })));
}

function isTextForm(input: unknown): input is Record<string, unknown> {
  return typeof input === 'object' && input !== null && !Array.isArray(input) && Object.prototype.hasOwnProperty.call(input, 'text');
}

function parseTextForm(
  input: Record<string, unknown>,
  resolver: TagResolver,
  viewer: ExpressionViewer,
  base: string,
  macros: MacroTable | undefined,
): Expr {
  const textPath = joinKey(base, 'text');
  const extraKeys = Object.keys(input).filter((key) => key !== 'text');
  if (extraKeys.length > 0) {
    throw invalid(
      extraKeys.map((key) => ({
        path: joinKey(base, key),
        rule: ExpressionRule.unknownKey,
        message: `unknown key '${key.slice(0, 80)}' next to text; an expression is either { "text": "…" } or the JSON form`,
      })),
    );
  }
  const text = input.text;
  if (typeof text !== 'string') {
    throw invalid([{ path: textPath, rule: ExpressionRule.type, message: `${textPath} must be a string` }]);
  }
  if (text.length > MAX_TEXT_LENGTH) {
    throw invalid([{ path: textPath, rule: ExpressionRule.maxLength, message: `${textPath} is ${text.length} characters long; at most ${MAX_TEXT_LENGTH} are allowed` }]);
  }
  const parsed = parseOrExplain(text, textPath);
  const result = validateExpression(parsed.expr, resolver, viewer, { macros });
  if (result.ok) return result.expr;
  throw invalid(result.problems.map((problem) => locatedInText(problem, textPath, parsed.sources)));
}

function parseOrExplain(text: string, textPath: string): ReturnType<typeof parseExpressionTextWithSources> {
  try {
    return parseExpressionTextWithSources(text);
  } catch (error) {
    if (!(error instanceof ExpressionSyntaxError)) throw error;
    throw invalid([
      {
        path: textPath,
        rule: ExpressionRule.syntax,
        message: `syntax error ${error.message}`,
        offset: error.offset,
        expected: [...error.expected],
      },
    ]);
  }
}

/**
 * A problem found by validating the parsed text points at the node (or the
 * qualifier) it is about; its JSON path is kept in the message as context.
 */
function locatedInText(problem: LocatedProblem, textPath: string, sources: WeakMap<object, NodeSource>): ExpressionProblem {
  const source = typeof problem.node === 'object' && problem.node !== null ? sources.get(problem.node) : undefined;
  const key = problem.path.split('.').pop() ?? '';
  const offset = source?.keys[key] ?? source?.offset ?? 0;
  return { path: textPath, rule: problem.rule, message: `at offset ${offset}: ${problem.message}`, offset };
}

function invalid(problems: ExpressionProblem[]): ValidationFailedError {
  const first = problems[0]?.message ?? 'invalid expression';
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return new ValidationFailedError(`invalid expression: ${first}${more}`, problems);
}
