import { Alert, Card, Input, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { LineageRow } from '../../api/api-types';
import { lineage } from '../../api/endpoints';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useAsync } from '../../components/use-async';
import { useI18n } from '../../i18n/i18n';
import { tagDescription } from '../../i18n/tag-descriptions';
import { kindLabel } from '../../i18n/labels';
import { useSession } from '../../session';

export function LineageScreen() {
  const { t, locale } = useI18n();
  const { api } = useSession();
  const rows = useAsync(() => lineage(api), [api]);
  const [query, setQuery] = useState('');
  const shown = (rows.data?.rows ?? []).filter((row) => query === '' || `${row.tag} ${row.events.join(' ')} ${row.fields.join(' ')}`.toLowerCase().includes(query.toLowerCase()));
  return (
    <Card
      title={<Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>{t('lineage.title')}</Typography.Title>}
      extra={<Input.Search aria-label={t('common.search')} placeholder={t('common.search')} allowClear value={query} onChange={(e) => setQuery(e.target.value)} style={{ width: 240 }} />}
    >
      {rows.error ? <ErrorNotice error={rows.error} /> : null}
      {rows.data ? (
        <Alert
          style={{ marginBottom: 12 }}
          type={rows.data.passed === false ? 'error' : 'success'}
          showIcon
          title={rows.data.passed === false ? t('lineage.failed') : t('lineage.passed', { fields: rows.data.forbiddenFields.join(', ') })}
        />
      ) : null}
      <Table<LineageRow>
        rowKey="tag"
        size="small"
        loading={rows.loading}
        dataSource={shown}
        pagination={{ pageSize: 30 }}
        data-testid="lineage-table"
        columns={[
          {
            title: t('lineage.tag'),
            dataIndex: 'tag',
            // a tag name is one word to the reader: it never breaks, the other columns wrap
            render: (tag: string) => (
              <Typography.Text code style={{ whiteSpace: 'nowrap' }} data-testid="lineage-tag">
                {tag}
              </Typography.Text>
            ),
          },
          { title: t('catalogue.kind'), dataIndex: 'kind', render: (kind?: string) => (kind ? <Tag>{kindLabel(t, kind)}</Tag> : null) },
          { title: t('lineage.events'), dataIndex: 'events', render: (events: string[]) => events.join(', ') },
          { title: t('lineage.fields'), dataIndex: 'fields', render: (fields: string[], row) => fields.map((f) => <Tag key={f} color={row.forbiddenFieldsRead.some((x) => f.endsWith(`.${x}`)) ? 'red' : undefined}>{f}</Tag>) },
          { title: t('catalogue.description'), dataIndex: 'description', render: (description?: string | null) => tagDescription(locale, description) },
        ]}
      />
    </Card>
  );
}
