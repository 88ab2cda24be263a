import { MACRO_DEFINITIONS, TagCatalog } from '@tagstream/tagging';

const catalog = new TagCatalog();
const marketer = (tenant: string) => ({ role: 'marketer', tenant });

describe('TagCatalog', () => {
  it.each([
    ['risk:C3', 'state'],
    ['holder:gold', 'state'],
    ['follows:qdii', 'state'],
    ['dca:active', 'state'],
    ['active', 'activity'],
    ['registered', 'activity'],
    ['viewed:fof', 'activity'],
    ['read:manager_letter', 'activity'],
    ['asked:nav_drop', 'activity'],
    ['campaign:exposed', 'activity'],
    ['campaign:clicked', 'activity'],
  ])('resolves %s as a %s tag for any viewer', (name, kind) => {
    for (const viewer of [marketer('acme'), { role: 'recommender' }, { role: 'auditor' }]) {
      expect(catalog.resolve(name, viewer)).toMatchObject({ name, kind });
    }
  });

  it.each(['holder:silver', 'risk:C6', 'risk:c3', 'holder', 'holder:gold:x', 'viewed:', 'dca:inactive', 'inst:acme', 'inst:Acme:holder', 'lifecycle:new', ''])(
    'does not resolve %j',
    (name) => {
      expect(catalog.resolve(name, { role: 'auditor' })).toBeUndefined();
    },
  );

  it('lets a marketer use their own tenant inst: tags', () => {
    expect(catalog.resolve('inst:acme:holder', marketer('acme'))).toMatchObject({ kind: 'state' });
    expect(catalog.resolve('inst:acme:follower', marketer('acme'))).toMatchObject({ kind: 'state' });
    expect(catalog.resolve('inst:acme:dca', marketer('acme'))).toMatchObject({ kind: 'state' });
    expect(catalog.resolve('inst:acme:engaged', marketer('acme'))).toMatchObject({ kind: 'activity' });
  });

  it("answers another tenant's inst: tag exactly as it answers an unknown tag", () => {
    expect(catalog.resolve('inst:beta:holder', marketer('acme'))).toBe(catalog.resolve('inst:beta:nonsense', marketer('acme')));
    expect(catalog.resolve('inst:beta:holder', marketer('acme'))).toBeUndefined();
    expect(catalog.resolve('inst:acme:holder', { role: 'marketer' })).toBeUndefined();
  });

  it('lets the platform roles resolve every tenant tag', () => {
    for (const role of ['recommender', 'auditor', 'admin']) expect(catalog.resolve('inst:beta:engaged', { role })).toMatchObject({ kind: 'activity' });
  });

  it("lists for a marketer concrete names, their own tenant's inst: tags and no other tenant's", () => {
    const names = catalog.list(marketer('acme')).map((tag) => tag.name);
    expect(names).toEqual(expect.arrayContaining(['risk:C1', 'holder:gold', 'viewed:bond', 'dca:active', 'inst:acme:holder', 'inst:acme:engaged']));
    expect(names.filter((name) => name.startsWith('inst:') && !name.startsWith('inst:acme:'))).toEqual([]);
    expect(catalog.list(marketer('acme')).every((tag) => tag.concrete)).toBe(true);
  });

  it('lists for the platform roles the inst: families as patterns', () => {
    const inst = catalog.list({ role: 'auditor' }).filter((tag) => tag.name.startsWith('inst:'));
    expect(inst.map((tag) => [tag.name, tag.concrete])).toEqual([
      ['inst:<institutionId>:holder', false],
      ['inst:<institutionId>:follower', false],
      ['inst:<institutionId>:dca', false],
      ['inst:<institutionId>:engaged', false],
    ]);
  });

  it('every listed concrete name resolves back for the same viewer', () => {
    for (const viewer of [marketer('acme'), { role: 'recommender' }]) {
      for (const tag of catalog.list(viewer).filter((t) => t.concrete)) expect(catalog.resolve(tag.name, viewer)?.definition).toBe(tag.definition);
    }
  });

  it('gives each definition a description, visibility and lineage', () => {
    for (const definition of catalog.definitions()) {
      expect(definition.description.length).toBeGreaterThan(10);
      expect(definition.visibility).toBe(definition.pattern.startsWith('inst:') ? 'tenant' : 'platform');
      expect(definition.lineage.length).toBeGreaterThan(0);
    }
  });

  it('expands macros into activity tags only, each resolvable', () => {
    expect(catalog.macros().map((macro) => macro.name)).toEqual(['lifecycle:new', 'lifecycle:active', 'lifecycle:dormant', 'lifecycle:churned']);
    expect(catalog.macro('lifecycle:dormant')?.expansion).toEqual({
      and: [{ tag: 'active', within: '90d' }, { not: { tag: 'active', within: '30d' } }],
    });
    const leaves = JSON.stringify(MACRO_DEFINITIONS).match(/"tag":"[^"]+"/g)!;
    for (const leaf of leaves) expect(catalog.resolve(leaf.slice(7, -1), marketer('acme'))?.kind).toBe('activity');
  });
});
