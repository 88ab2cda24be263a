import { renderToStaticMarkup } from 'react-dom/server';
import type { Freshness } from '../api/api-types';
import { I18nProvider } from '../i18n/i18n';
import { FreshnessLine } from './SizeView';

const render = (freshness: Freshness) =>
  renderToStaticMarkup(
    <I18nProvider>
      <FreshnessLine freshness={freshness} />
    </I18nProvider>,
  );

const AT = '2026-12-01T08:00:00.000Z';

describe('how fresh an answer is', () => {
  it('says it is up to date when nothing written is missing, however long ago the last event was', () => {
    const html = render({ position: '100/100', reachedAt: AT, lagEvents: 0, lagSeconds: 0 });
    expect(html).toContain('Up to date');
    expect(html).not.toContain('Data as of');
    expect(html).not.toContain('lag');
  });

  it('gives the time reached and the lag while events are still to be counted', () => {
    const html = render({ position: '100/100', reachedAt: AT, lagEvents: 12, lagSeconds: 1.5 });
    expect(html).toContain('Data as of');
    expect(html).toContain('12');
    expect(html).not.toContain('Up to date');
  });
});
