import { renderToStaticMarkup } from 'react-dom/server';
import { I18nProvider, translator } from '../../i18n/i18n';
import { en } from '../../i18n/messages.en';
import { zh } from '../../i18n/messages.zh';
import { SubjectAnswer } from './SubjectScreen';

const render = (erased: boolean, tenants: string[] = []) =>
  renderToStaticMarkup(
    <I18nProvider>
      <SubjectAnswer rows={[]} summary={{ erased, tenants }} />
    </I18nProvider>,
  );

describe('one person’s exposure', () => {
  it('does not say no tenant received an erased person: it says what the record can and cannot show', () => {
    const html = render(true);
    expect(html).not.toContain(en['subject.none']);
    expect(html).not.toContain('data-testid="subject-table"');
    expect(html).toContain(en['subject.erased']);
    expect(html).toContain('cannot show whether any tenant received them before the erasure');
    expect(html).toContain('Erasure recorded');
  });

  it('says no tenant received a known person with no exposures', () => {
    expect(render(false)).toContain(en['subject.none']);
    expect(render(false, ['demo_fund'])).toContain('Received by: demo_fund');
  });

  it('words the erased case in Chinese too', () => {
    const t = translator('zh-CN');
    for (const key of ['subject.erased', 'subject.erasedCannot', 'subject.erasedCan'] as const) {
      expect(t(key)).toBe(zh[key]);
      expect(zh[key]).not.toBe(en[key]);
    }
    expect(zh['subject.erasedCannot']).toContain('并不表示没有租户');
  });
});
