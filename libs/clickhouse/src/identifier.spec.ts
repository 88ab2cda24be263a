import { ValidationFailedError } from '@tagstream/common';
import { assertIdentifier } from './identifier';

describe('assertIdentifier', () => {
  it.each(['tags', '_x', 'user_tags_v2', 'A1'])('accepts %s', (name) => {
    expect(assertIdentifier(name, 'table')).toBe(name);
  });

  it.each(['', '1abc', 'a-b', 'a.b', 'x; DROP TABLE y', 'a b', '`q`', 'é'])('refuses %j naming the field', (name) => {
    try {
      assertIdentifier(name, 'database');
      throw new Error('accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationFailedError);
      expect((err as ValidationFailedError).problems).toEqual([
        expect.objectContaining({ path: 'database', rule: 'identifier' }),
      ]);
    }
  });
});
