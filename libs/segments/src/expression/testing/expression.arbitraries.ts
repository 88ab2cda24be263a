import fc from 'fast-check';
import { Expr, TagLeaf } from '../expression.types';
import { isKeyword } from '../text/parse-expression-text';

/** Any name the text form can spell: `[A-Za-z0-9_:-]+`, not a keyword. */
export const printableTagName: fc.Arbitrary<string> = fc
  .stringMatching(/^[A-Za-z0-9_:-]{1,24}$/)
  .filter((name) => !isKeyword(name));

export interface ExprShape {
  /** Leaf generator. */
  leaf: fc.Arbitrary<Expr>;
  /** Bounds on `and`/`or` children. */
  minChildren: number;
  maxChildren: number;
  maxDepth: number;
}

/** Random expression trees of bounded depth and width. */
export function exprArbitrary({ leaf, minChildren, maxChildren, maxDepth }: ExprShape): fc.Arbitrary<Expr> {
  const { node } = fc.letrec<{ node: Expr }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', maxDepth, depthIdentifier: 'expr' },
      leaf,
      // Mapped to literals: fc.record builds null-prototype objects, which strict equality tells apart.
      fc.array(tie('node'), { minLength: minChildren, maxLength: maxChildren }).map((and) => ({ and })),
      fc.array(tie('node'), { minLength: minChildren, maxLength: maxChildren }).map((or) => ({ or })),
      tie('node').map((not) => ({ not })),
    ),
  }));
  return node;
}

/** A leaf whose optional keys are absent (never present-but-undefined), like the parser's output. */
export function leafArbitrary(
  tag: fc.Arbitrary<string>,
  within: fc.Arbitrary<string>,
  minCount: fc.Arbitrary<number>,
): fc.Arbitrary<TagLeaf> {
  return fc
    .record({ tag, within: fc.option(within, { nil: undefined }), minCount: fc.option(minCount, { nil: undefined }) })
    .map(({ tag: name, within: w, minCount: m }) => ({
      tag: name,
      ...(w !== undefined ? { within: w } : {}),
      ...(m !== undefined ? { minCount: m } : {}),
    }));
}
