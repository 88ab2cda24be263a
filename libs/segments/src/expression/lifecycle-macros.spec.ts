import { expandMacros, LIFECYCLE_MACROS } from './lifecycle-macros';

describe('expandMacros', () => {
  it('expands each lifecycle macro as docs/contract.md §4 defines it', () => {
    expect(expandMacros({ tag: 'lifecycle:new' })).toStrictEqual({ tag: 'registered', within: '30d' });
    expect(expandMacros({ tag: 'lifecycle:active' })).toStrictEqual({ tag: 'active', within: '30d' });
    expect(expandMacros({ tag: 'lifecycle:dormant' })).toStrictEqual({
      and: [{ tag: 'active', within: '90d' }, { not: { tag: 'active', within: '30d' } }],
    });
    expect(expandMacros({ tag: 'lifecycle:churned' })).toStrictEqual({
      and: [{ tag: 'active' }, { not: { tag: 'active', within: '90d' } }],
    });
  });

  it('expands macros anywhere in the tree and leaves other leaves as they are', () => {
    expect(expandMacros({ or: [{ not: { tag: 'lifecycle:new' } }, { and: [{ tag: 'risk:C3' }, { tag: 'viewed:gold', within: '7d', minCount: 2 }] }] })).toStrictEqual({
      or: [{ not: { tag: 'registered', within: '30d' } }, { and: [{ tag: 'risk:C3' }, { tag: 'viewed:gold', within: '7d', minCount: 2 }] }],
    });
  });

  it('hands out copies, so a caller cannot alter the macro table', () => {
    const expanded = expandMacros({ tag: 'lifecycle:new' }) as { tag: string };
    expanded.tag = 'changed';
    expect(LIFECYCLE_MACROS.get('lifecycle:new')).toStrictEqual({ tag: 'registered', within: '30d' });
  });

  it('refuses a macro leaf with qualifiers, which validation never lets through', () => {
    expect(() => expandMacros({ tag: 'lifecycle:new', within: '7d' })).toThrow('cannot take within/minCount');
  });

  it('takes another macro table', () => {
    expect(expandMacros({ tag: 'm' }, new Map([['m', { tag: 'active' }]]))).toStrictEqual({ tag: 'active' });
  });
});
