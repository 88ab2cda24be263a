import { renderToStaticMarkup } from 'react-dom/server';
import type { TagInfo } from '../api/api-types';
import { TagCatalogue } from '../screens/marketer/TagCatalogue';
import { I18nProvider, translator } from './i18n';
import { kindLabel } from './labels';
import { tagDescription } from './tag-descriptions';

const TAGS: TagInfo[] = [{ name: 'holder:gold', kind: 'state', concrete: true, description: 'Holds at least one open position in a fund of this category.', count: 300, belowFloor: false }];

describe('tag descriptions and kinds in Chinese', () => {
  it('shows the catalogue’s descriptions in Chinese on a Chinese page', () => {
    globalThis.localStorage?.setItem('tagstream.locale', 'zh-CN');
    Object.defineProperty(globalThis, 'navigator', { value: { language: 'zh-CN' }, configurable: true });
    const html = renderToStaticMarkup(
      <I18nProvider>
        <TagCatalogue state={{ data: { tags: TAGS }, loading: false, reload: () => undefined }} />
      </I18nProvider>,
    );
    expect(html).toContain('当前持有至少一只该类别的基金。');
    expect(html).not.toContain('Holds at least one open position');
  });

  it('keeps English on an English page, and a description it does not know as sent', () => {
    expect(tagDescription('en-US', 'Registered on the platform.')).toBe('Registered on the platform.');
    expect(tagDescription('zh-CN', 'Something new.')).toBe('Something new.');
  });

  it('names the lineage’s consent kind in Chinese', () => {
    expect(kindLabel(translator('zh-CN'), 'consent')).toBe('同意');
    expect(kindLabel(translator('en-US'), 'consent')).toBe('consent');
  });
});
