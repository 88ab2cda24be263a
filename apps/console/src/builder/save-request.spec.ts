import { initialState, withText } from './builder-state';
import { createInput, redefineInput, saveBlock } from './save-request';

const EXPR = { and: [{ tag: 'risk:C3' }, { not: { tag: 'dca:active' } }] };

describe('saving from the builder', () => {
  it('is blocked while the text does not parse, even though the tree still holds the last good expression', () => {
    const good = withText(initialState(), 'risk:C3 AND NOT dca:active');
    expect(saveBlock(good, 'Q4')).toBeUndefined();
    const broken = withText(good, 'risk:C3 AND NOT dca:active AND (');
    expect(broken.tree).toBe(good.tree);
    expect(saveBlock(broken, 'Q4')).toBe('text');
  });

  it('is blocked without conditions or without a name', () => {
    expect(saveBlock(initialState(), 'Q4')).toBe('empty');
    expect(saveBlock(withText(initialState(), 'risk:C3'), '  ')).toBe('name');
  });

  it('redefines the version that was opened', () => {
    expect(redefineInput({ version: 2, description: 'old' }, { name: ' Q4 ', description: 'new' }, EXPR)).toEqual({
      name: 'Q4',
      description: 'new',
      expression: EXPR,
      expectedVersion: 2,
    });
  });

  it('clears a description by sending null, and leaves an absent one absent', () => {
    expect(redefineInput({ version: 1, description: 'old' }, { name: 'Q4', description: '  ' }, EXPR)).toMatchObject({ description: null });
    expect(redefineInput({ version: 1, description: null }, { name: 'Q4', description: '' }, EXPR)).not.toHaveProperty('description');
    expect(createInput({ name: 'Q4', description: '' }, EXPR)).toEqual({ name: 'Q4', expression: EXPR });
  });
});
