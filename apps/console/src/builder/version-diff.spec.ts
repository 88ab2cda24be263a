import { diffVersions } from './version-diff';
import { parseExpressionText } from './expression-engine';

const parse = parseExpressionText;

describe('version diff', () => {
  it('lists added and removed conditions, with NOT as part of the condition', () => {
    const diff = diffVersions(parse('risk:C3 AND holder:gold'), parse('risk:C3 AND NOT holder:gold AND viewed:gold[30d, >=3]'));
    expect(diff.added).toEqual(['NOT holder:gold', 'viewed:gold[30d, >=3]']);
    expect(diff.removed).toEqual(['holder:gold']);
    expect(diff.same).toBe(false);
  });

  it('a changed window is a removed and an added condition', () => {
    const diff = diffVersions(parse('viewed:gold[30d]'), parse('viewed:gold[7d]'));
    expect(diff).toMatchObject({ added: ['viewed:gold[7d]'], removed: ['viewed:gold[30d]'] });
  });

  it('regrouping changes the text but no condition', () => {
    const diff = diffVersions(parse('a:x AND (b:y OR c:z)'), parse('(a:x AND b:y) OR c:z'));
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(diff.same).toBe(false);
    expect(diff.after).toBe('(a:x AND b:y) OR c:z');
  });

  it('the first version adds everything', () => {
    expect(diffVersions(undefined, parse('risk:C3'))).toEqual({ before: '', after: 'risk:C3', added: ['risk:C3'], removed: [], same: false });
  });
});
