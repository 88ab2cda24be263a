import { FieldProblem, MAX_LISTED_PROBLEMS, ValidationFailedError } from './errors';

const problems = (n: number): FieldProblem[] =>
  Array.from({ length: n }, (_, i) => ({ index: i, path: `events[${i}].type`, rule: 'knownType', message: 'unknown event type' }));

describe('ValidationFailedError', () => {
  it('lists every problem when there are few', () => {
    const error = new ValidationFailedError('bad', problems(3));
    expect(error.details).toEqual({ problems: problems(3) });
  });

  it(`lists the first ${MAX_LISTED_PROBLEMS} and says how many were left out`, () => {
    const error = new ValidationFailedError('bad', problems(9000));
    expect(error.details).toEqual({ problems: problems(MAX_LISTED_PROBLEMS), omittedProblems: 9000 - MAX_LISTED_PROBLEMS });
    expect(error.problems).toHaveLength(9000);
  });
});
