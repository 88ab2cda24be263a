import { Alert } from 'antd';
import { explainError } from '../api/explain-error';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages.en';

/** An API error in plain words, placed by the caller next to what caused it. */
export function ErrorNotice({ error, id, notFound }: { error: unknown; id?: string; notFound?: MessageKey }) {
  const { t } = useI18n();
  if (error === undefined || error === null) return null;
  const explained = explainError(error, t, { notFound });
  return (
    <Alert
      id={id}
      role="alert"
      type="error"
      showIcon
      title={explained.summary}
      description={
        explained.problems.length > 1 ? (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {explained.problems.map((problem, index) => (
              <li key={index}>{problem.text}</li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}
