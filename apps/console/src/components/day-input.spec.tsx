import { renderToStaticMarkup } from 'react-dom/server';
import { I18nProvider } from '../i18n/i18n';
import { DayInput } from './DayInput';

describe('a day input', () => {
  it('shows the day as YYYY-MM-DD in a text field, not in the browser’s own date format', () => {
    const html = renderToStaticMarkup(
      <I18nProvider>
        <DayInput id="audit-from" value="2026-12-05" onChange={() => undefined} />
      </I18nProvider>,
    );
    const field = /<input[^>]*id="audit-from"[^>]*>/.exec(html)?.[0] ?? '';
    expect(field).toContain('value="2026-12-05"');
    expect(field).not.toContain('type="date"');
    expect(field).toContain('placeholder="YYYY-MM-DD"');
  });
});
