import { addChild, emptyGroup, emptyLeaf, findNode, GroupNode, LeafNode, nodeForProblemPath, removeNode, toExpression, toggleNot, updateNode } from './builder-tree';
import { currentExpression, initialState, withText, withTree } from './builder-state';

const SAMPLE = 'risk:C3 AND (holder:gold OR viewed:gold[30d, >=3]) AND NOT dca:active';

function leafIds(tree: GroupNode): Record<string, string> {
  const ids: Record<string, string> = {};
  const walk = (node: GroupNode['children'][number]): void => {
    if (node.kind === 'leaf') ids[node.tag] = node.id;
    else if (node.kind === 'not') walk(node.child);
    else node.children.forEach(walk);
  };
  walk(tree);
  return ids;
}

describe('builder tree ↔ text', () => {
  it('typing text that parses rebuilds the tree, which prints back to the same text', () => {
    const state = withText(initialState(), SAMPLE);
    expect(state.textError).toBeUndefined();
    expect(currentExpression(state)).toEqual({
      and: [
        { tag: 'risk:C3' },
        { or: [{ tag: 'holder:gold' }, { tag: 'viewed:gold', within: '30d', minCount: 3 }] },
        { not: { tag: 'dca:active' } },
      ],
    });
    expect(withTree(state.tree).text).toBe(SAMPLE);
  });

  it('editing the tree rewrites the text', () => {
    let state = withText(initialState(), 'risk:C3');
    const root = state.tree;
    const leaf = { ...emptyLeaf('viewed:gold'), withinDays: 7, minCount: 2 };
    state = withTree(addChild(root, root.id, leaf));
    expect(state.text).toBe('risk:C3 AND viewed:gold[7d, >=2]');

    state = withTree(toggleNot(state.tree, leaf.id));
    expect(state.text).toBe('risk:C3 AND NOT viewed:gold[7d, >=2]');

    const orGroup: GroupNode = { ...emptyGroup('or'), children: [emptyLeaf('holder:bond'), emptyLeaf('holder:gold')] };
    state = withTree(addChild(state.tree, state.tree.id, orGroup));
    expect(state.text).toBe('risk:C3 AND NOT viewed:gold[7d, >=2] AND (holder:bond OR holder:gold)');

    state = withTree(updateNode(state.tree, orGroup.id, (node) => ({ ...(node as GroupNode), op: 'and' })));
    expect(state.text).toBe('risk:C3 AND NOT viewed:gold[7d, >=2] AND (holder:bond AND holder:gold)');
  });

  it('text that does not parse keeps the tree and points at the offset', () => {
    const good = withText(initialState(), 'risk:C3 AND holder:gold');
    const bad = withText(good, 'risk:C3 AND (holder:gold OR');
    expect(bad.tree).toBe(good.tree);
    expect(bad.text).toBe('risk:C3 AND (holder:gold OR');
    expect(bad.textError?.offset).toBe('risk:C3 AND (holder:gold OR'.length);
    expect(currentExpression(bad)).toEqual({ and: [{ tag: 'risk:C3' }, { tag: 'holder:gold' }] });

    const badQualifier = withText(good, 'viewed:gold[30x]');
    expect(badQualifier.textError?.offset).toBe('viewed:gold['.length);
  });

  it('leaves without a tag and empty groups are left out until completed', () => {
    const root = withText(initialState(), 'risk:C3').tree;
    const blank = emptyLeaf();
    const withBlank = addChild(addChild(root, root.id, blank), root.id, emptyGroup('or'));
    const result = toExpression(withBlank);
    expect(result.expr).toEqual({ tag: 'risk:C3' });
    expect(result.incomplete).toBe(2);
    expect(withTree(withBlank).text).toBe('risk:C3');
  });

  it('clearing the text empties the tree, and removing the last leaf empties the text', () => {
    const state = withText(initialState(), 'risk:C3');
    expect(currentExpression(withText(state, '  '))).toBeUndefined();
    const leaf = state.tree.children[0] as LeafNode;
    expect(withTree(removeNode(state.tree, leaf.id)).text).toBe('');
  });

  it('removing what a NOT negates removes the NOT too', () => {
    const state = withText(initialState(), 'risk:C3 AND NOT dca:active');
    const ids = leafIds(state.tree);
    const after = removeNode(state.tree, ids['dca:active']);
    expect(withTree(after).text).toBe('risk:C3');
    expect(findNode(after, ids['risk:C3'])).toBeDefined();
  });

  it('maps an API problem path back to the node it is about', () => {
    const state = withText(initialState(), SAMPLE);
    const { nodeByPath } = toExpression(state.tree);
    const ids = leafIds(state.tree);
    expect(nodeForProblemPath(nodeByPath, 'expression.and[1].or[1].within')).toBe(ids['viewed:gold']);
    expect(nodeForProblemPath(nodeByPath, 'expression.and[2].not.tag')).toBe(ids['dca:active']);
    expect(nodeForProblemPath(nodeByPath, 'expression.and[0]')).toBe(ids['risk:C3']);
    expect(nodeForProblemPath(nodeByPath, 'expression')).toBe(state.tree.id);
  });

  it('a one-leaf group collapses to the leaf in both directions', () => {
    const state = withText(initialState(), 'holder:gold');
    expect(state.tree.kind).toBe('group');
    expect(state.tree.children).toHaveLength(1);
    expect(currentExpression(state)).toEqual({ tag: 'holder:gold' });
    const { nodeByPath } = toExpression(state.tree);
    expect(nodeForProblemPath(nodeByPath, 'expression.tag')).toBe(state.tree.children[0].id);
  });
});
