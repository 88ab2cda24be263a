import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { TagInfo } from '../api/api-types';
import { I18nProvider } from '../i18n/i18n';
import { initialState, withText } from './builder-state';
import { toExpression } from './builder-tree';
import { TextForm } from './TextForm';
import { TreeEditor } from './TreeEditor';

const TAGS: TagInfo[] = [
  { name: 'risk:C3', kind: 'state', concrete: true },
  { name: 'holder:gold', kind: 'state', concrete: true },
  { name: 'viewed:gold', kind: 'activity', concrete: true },
  { name: 'dca:active', kind: 'state', concrete: true },
];

/** Static markup is enough to check what the components show; no DOM library is needed. */
function render(node: ReactElement): string {
  return renderToStaticMarkup(<I18nProvider>{node}</I18nProvider>);
}

function count(html: string, pattern: RegExp): number {
  return (html.match(new RegExp(pattern.source, 'g')) ?? []).length;
}

describe('builder components', () => {
  it('render the tree that typed text parses to: groups, leaves, NOT and activity qualifiers', () => {
    const state = withText(initialState(), 'risk:C3 AND (holder:gold OR viewed:gold[30d, >=3]) AND NOT dca:active');
    const html = render(<TreeEditor root={state.tree} onChange={() => undefined} tags={TAGS} problems={new Map()} />);

    expect(count(html, /data-testid="builder-group"/)).toBe(2);
    expect(count(html, /data-testid="builder-leaf"/)).toBe(4);
    for (const tag of ['risk:C3', 'holder:gold', 'viewed:gold', 'dca:active']) expect(html).toContain(`value="${tag}"`);
    // only the activity leaf offers a window and a count, filled from the text
    expect(count(html, /id="[^"]+-within"/)).toBe(1);
    expect(html).toMatch(/id="[^"]+-within"[^>]*value="30"|value="30"[^>]*id="[^"]+-within"/);
    expect(html).toMatch(/id="[^"]+-min"[^>]*value="3"|value="3"[^>]*id="[^"]+-min"/);
    // the negated leaf is marked and its NOT button pressed
    expect(count(html, /aria-pressed="true"/)).toBe(1);
  });

  it('show an API problem under the condition it is about', () => {
    const state = withText(initialState(), 'risk:C3 AND nosuch:tag');
    const { nodeByPath } = toExpression(state.tree);
    const problems = new Map([[nodeByPath.get('and[1]') as string, ['The tag nosuch:tag does not exist or is not available to you.']]]);
    const html = render(<TreeEditor root={state.tree} onChange={() => undefined} tags={TAGS} problems={problems} />);
    const leaves = html.split('data-testid="builder-leaf"');
    expect(leaves[1]).not.toContain('node-problem');
    expect(leaves[2]).toContain('data-testid="node-problem"');
    expect(leaves[2]).toContain('nosuch:tag does not exist');
  });

  it('mark where the text form stops parsing', () => {
    const text = 'risk:C3 AND (holder:gold OR';
    const state = withText(initialState(), text);
    const html = render(<TextForm text={state.text} error={state.textError} onChange={() => undefined} />);
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain(`character ${text.length + 1}`);
    expect(html).toContain(`${' '.repeat(text.length)}^`);
  });

  it('leave the text form unmarked when it parses', () => {
    const state = withText(initialState(), 'risk:C3');
    const html = render(<TextForm text={state.text} error={state.textError} onChange={() => undefined} />);
    expect(html).not.toContain('text-error');
    expect(html).toContain('>risk:C3</textarea>');
  });

  it('name the tag on each condition’s NOT and Remove buttons', () => {
    const state = withText(initialState(), 'risk:C3 AND (holder:gold OR viewed:gold[30d]) AND NOT dca:active');
    const html = render(<TreeEditor root={state.tree} onChange={() => undefined} tags={TAGS} problems={new Map()} />);
    expect(html).toContain('aria-label="Exclude risk:C3 (NOT)"');
    expect(html).toContain('aria-label="Remove condition risk:C3"');
    expect(html).toContain('aria-label="Exclude dca:active (NOT)"');
    expect(html).toContain('aria-label="Remove condition viewed:gold"');
    expect(html).toContain('aria-label="Remove this group"');
  });
});
