import { bodyDepthProblem, MAX_BODY_DEPTH } from './body-depth';

const nested = (depth: number): unknown => JSON.parse(`${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`);

describe('bodyDepthProblem', () => {
  it(`accepts a body nested exactly ${MAX_BODY_DEPTH} levels`, () => {
    expect(bodyDepthProblem(nested(MAX_BODY_DEPTH))).toBeUndefined();
    expect(bodyDepthProblem({ events: [{ data: { fundCode: '000001' } }] })).toBeUndefined();
    expect(bodyDepthProblem('a string')).toBeUndefined();
  });

  it('names the first path that nests one level more', () => {
    expect(bodyDepthProblem(nested(MAX_BODY_DEPTH + 1))).toEqual({
      path: Array(MAX_BODY_DEPTH).fill('a').join('.'),
      rule: 'maxDepth',
      message: `${Array(MAX_BODY_DEPTH).fill('a').join('.')} is nested deeper than ${MAX_BODY_DEPTH} levels`,
    });
  });

  it('walks arrays and objects in document order, and a million levels without overflowing the stack', () => {
    const deep = JSON.parse(`{"ok":[1,{"b":2}],"x":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`);
    expect(bodyDepthProblem(deep)?.path).toBe(`x${'[0]'.repeat(MAX_BODY_DEPTH - 1)}`);
  });
});
