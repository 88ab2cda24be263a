import { Alert, Input, Typography } from 'antd';
import { Translate, useI18n } from '../i18n/i18n';
import { tokenLabel } from '../i18n/labels';
import type { TextError } from './builder-state';

/** The text form of the expression; when it does not parse, the place where reading stopped is marked under it. */
export function TextForm({ text, error, serverOffset, onChange }: { text: string; error?: TextError; serverOffset?: { offset: number; message: string }; onChange(text: string): void }) {
  const { t } = useI18n();
  const marked = error ?? (serverOffset ? { offset: serverOffset.offset } : undefined);
  return (
    <div>
      <label htmlFor="expression-text" style={{ fontWeight: 600 }}>
        {t('builder.text')}
      </label>
      <Typography.Paragraph type="secondary" id="expression-text-help" style={{ marginBottom: 4 }}>
        {t('builder.textHelp')}
      </Typography.Paragraph>
      <Input.TextArea
        id="expression-text"
        value={text}
        onChange={(e) => onChange(e.target.value)}
        autoSize={{ minRows: 2, maxRows: 8 }}
        spellCheck={false}
        style={{ fontFamily: 'ui-monospace, monospace' }}
        status={marked ? 'error' : undefined}
        aria-invalid={marked !== undefined}
        aria-describedby={marked ? 'expression-text-error' : 'expression-text-help'}
        data-testid="expression-text"
      />
      {marked ? (
        <div id="expression-text-error" style={{ marginTop: 6 }}>
          <pre aria-hidden="true" data-testid="text-error-marker" style={{ margin: 0, fontFamily: 'ui-monospace, monospace', whiteSpace: 'pre-wrap' }}>
            {text.slice(0, marked.offset)}
            <mark style={{ background: '#fecaca', color: '#991b1b' }}>{text.slice(marked.offset, marked.offset + 1) || ' '}</mark>
            {text.slice(marked.offset + 1)}
            {'\n'}
            {' '.repeat(marked.offset)}^
          </pre>
          <Alert
            type="error"
            showIcon
            role="alert"
            data-testid="text-error"
            title={
              error ? textErrorWords(error, t) : `${t('error.syntax', { offset: (serverOffset?.offset ?? 0) + 1 })} ${serverOffset?.message ?? ''}`
            }
          />
        </div>
      ) : null}
    </div>
  );
}

/** The parser's complaint in the chosen language: its English descriptions of tokens are translated, typed characters stay as typed. */
export function textErrorWords(error: TextError, t: Translate): string {
  if (error.expected.length === 0) return t('builder.textNested', { offset: error.offset + 1 });
  const expected = error.expected.map((e) => tokenLabel(t, e)).join(t('builder.or'));
  return t('builder.textError', { offset: error.offset + 1, expected, found: tokenLabel(t, error.found) });
}
