import { renderToStaticMarkup } from 'react-dom/server';
import type { TagInfo } from '../../api/api-types';
import { I18nProvider } from '../../i18n/i18n';
import { TagCatalogue } from './TagCatalogue';

const TAGS: TagInfo[] = [
  { name: 'risk:C3', kind: 'state', concrete: true, description: 'Assessed C3.', count: 400, belowFloor: false },
  { name: 'viewed:gold', kind: 'activity', concrete: true, description: 'Viewed a gold fund.', count: 250, belowFloor: false },
];

const rowOf = (html: string, tag: string) => html.split(`data-row-key="${tag}"`)[1].split('</tr>')[0];

describe('the tag catalogue', () => {
  it('says which window an activity tag’s users are counted over: the 30 UTC days ending today', () => {
    const html = renderToStaticMarkup(
      <I18nProvider>
        <TagCatalogue state={{ data: { tags: TAGS }, loading: false, reload: () => undefined }} now={new Date('2026-12-05T23:30:00Z')} />
      </I18nProvider>,
    );
    expect(rowOf(html, 'viewed:gold')).toContain('in the 30 days to Dec 5, 2026 (UTC)');
    expect(rowOf(html, 'risk:C3')).not.toContain('30 days');
  });

  it('never breaks a tag name, however long the lineage beside it', () => {
    const long: TagInfo = { name: 'inst:demo_fund:engaged', kind: 'activity', concrete: true, lineage: Array.from({ length: 12 }, (_, i) => ({ eventType: `Event${i}`, fields: ['institutionId'] })), count: 150, belowFloor: false };
    const html = renderToStaticMarkup(
      <I18nProvider>
        <TagCatalogue state={{ data: { tags: [long] }, loading: false, reload: () => undefined }} />
      </I18nProvider>,
    );
    expect(rowOf(html, 'inst:demo_fund:engaged')).toMatch(/<code[^>]*>inst:demo_fund:engaged<\/code>/);
    expect(rowOf(html, 'inst:demo_fund:engaged')).toMatch(/style="white-space:nowrap"[^>]*data-testid="catalogue-tag"|data-testid="catalogue-tag"[^>]*style="white-space:nowrap"/);
  });
});
