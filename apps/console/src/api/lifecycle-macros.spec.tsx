import { renderToStaticMarkup } from 'react-dom/server';
import { I18nProvider } from '../i18n/i18n';
import { TagCatalogue } from '../screens/marketer/TagCatalogue';
import type { ApiClient } from './api-client';
import { listTags } from './endpoints';

// the shape GET /v1/tags answers: tags only, no macros
const SERVED = { tags: [{ name: 'active', kind: 'activity', concrete: true, description: 'Any activity.', lineage: [], count: 1200, belowFloor: false }], freshness: { position: '1/1', lagEvents: 0 } };
const api = { json: () => Promise.resolve(SERVED) } as unknown as ApiClient;

describe('lifecycle macros', () => {
  it('are offered with the service’s tags, to the catalogue and the tag picker alike', async () => {
    const { tags } = await listTags(api);
    const macros = tags.filter((tag) => tag.kind === 'macro').map((tag) => tag.name);
    expect(macros).toEqual(['lifecycle:new', 'lifecycle:active', 'lifecycle:dormant', 'lifecycle:churned']);
    // usable as a leaf, with no window of its own
    expect(tags.find((tag) => tag.name === 'lifecycle:dormant')).toMatchObject({ concrete: true, kind: 'macro' });
  });

  it('appear in the catalogue with what each stands for, and no count', async () => {
    const data = await listTags(api);
    const html = renderToStaticMarkup(
      <I18nProvider>
        <TagCatalogue state={{ data, loading: false, reload: () => undefined }} />
      </I18nProvider>,
    );
    const dormant = html.split('data-row-key="lifecycle:dormant"')[1].split('</tr>')[0];
    expect(dormant).toContain('active[90d] AND NOT active[30d]');
    expect(dormant).toContain('—');
  });
});
