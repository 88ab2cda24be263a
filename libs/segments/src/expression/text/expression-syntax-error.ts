/**
 * A text expression that does not parse. `offset` is the 0-based character
 * index where parsing stopped; `expected` lists what would have been accepted there.
 */
export class ExpressionSyntaxError extends Error {
  constructor(
    readonly offset: number,
    readonly expected: readonly string[],
    readonly found: string,
    detail?: string,
  ) {
    super(detail ?? `at offset ${offset}: expected ${listExpected(expected)} but found ${found}`);
    this.name = 'ExpressionSyntaxError';
  }
}

function listExpected(expected: readonly string[]): string {
  if (expected.length <= 1) return expected[0] ?? 'nothing';
  return `${expected.slice(0, -1).join(', ')} or ${expected[expected.length - 1]}`;
}
