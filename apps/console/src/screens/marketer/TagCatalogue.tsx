import { Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { SizeAnswer, TagInfo } from '../../api/api-types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { FloorValue, FreshnessLine } from '../../components/SizeView';
import type { AsyncState } from '../../components/use-async';
import { printExpressionText } from '../../builder/expression-engine';
import { useI18n } from '../../i18n/i18n';
import { kindLabel } from '../../i18n/labels';
import { tagDescription } from '../../i18n/tag-descriptions';

export function lineageText(lineage: unknown): string {
  if (lineage === undefined || lineage === null) return '';
  if (typeof lineage === 'string') return lineage;
  if (Array.isArray(lineage)) return lineage.map(lineageText).filter(Boolean).join(', ');
  if (typeof lineage === 'object') {
    const entry = lineage as Record<string, unknown>;
    const event = entry.eventType ?? entry.event ?? entry.type;
    const fields = Array.isArray(entry.fields) ? (entry.fields as string[]) : entry.field ? [String(entry.field)] : [];
    if (event) return fields.length > 0 ? `${String(event)}(${fields.join(', ')})` : String(event);
    return Object.entries(entry)
      .map(([key, value]) => `${key}: ${lineageText(value)}`)
      .join('; ');
  }
  return String(lineage);
}

export function TagCatalogue({ state, now = new Date() }: { state: AsyncState<{ tags: TagInfo[]; freshness?: SizeAnswer['freshness'] }>; now?: Date }) {
  const { t, date, locale } = useI18n();
  const [query, setQuery] = useState('');
  const [kind, setKind] = useState<string>('');
  const tags = state.data?.tags ?? [];
  const kinds = useMemo(() => [...new Set(tags.map((tag) => tag.kind))].sort(), [tags]);
  const shown = tags.filter(
    (tag) =>
      (kind === '' || tag.kind === kind) &&
      (query.trim() === '' || `${tag.name} ${tag.description ?? ''} ${tagDescription(locale, tag.description) ?? ''}`.toLowerCase().includes(query.trim().toLowerCase())),
  );

  return (
    <Card title={<Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>{t('nav.catalogue')}</Typography.Title>} extra={state.data ? <FreshnessLine freshness={state.data.freshness} /> : null}>
      <Space wrap style={{ marginBottom: 12 }}>
        <label htmlFor="catalogue-search">{t('catalogue.search')}</label>
        <Input.Search id="catalogue-search" allowClear value={query} onChange={(e) => setQuery(e.target.value)} style={{ width: 280 }} />
        <label htmlFor="catalogue-kind">{t('catalogue.kind')}</label>
        <Select
          id="catalogue-kind"
          value={kind}
          onChange={setKind}
          style={{ width: 160 }}
          options={[{ value: '', label: t('common.all') }, ...kinds.map((k) => ({ value: k, label: kindLabel(t, k) }))]}
        />
      </Space>
      {state.error ? <ErrorNotice error={state.error} /> : null}
      <Table<TagInfo>
        rowKey="name"
        size="small"
        loading={state.loading}
        dataSource={shown}
        pagination={{ pageSize: 25, showSizeChanger: false }}
        columns={[
          {
            title: t('catalogue.name'),
            dataIndex: 'name',
            // a tag name is one word to the reader: it never breaks, long lineage lists wrap instead
            render: (name: string) => (
              <Typography.Text code style={{ whiteSpace: 'nowrap' }} data-testid="catalogue-tag">
                {name}
              </Typography.Text>
            ),
            sorter: (a, b) => a.name.localeCompare(b.name),
          },
          { title: t('catalogue.kind'), dataIndex: 'kind', render: (k: string) => <Tag>{kindLabel(t, k)}</Tag> },
          { title: t('catalogue.description'), dataIndex: 'description', render: (description?: string) => tagDescription(locale, description) },
          {
            title: t('catalogue.lineage'),
            dataIndex: 'lineage',
            render: (lineage: unknown, tag) =>
              tag.expansion ? (
                <Typography.Text type="secondary" data-testid="macro-expansion">
                  = <Typography.Text code>{printExpressionText(tag.expansion)}</Typography.Text>
                </Typography.Text>
              ) : (
                <Typography.Text type="secondary">{lineageText(lineage)}</Typography.Text>
              ),
          },
          {
            title: t('catalogue.count'),
            key: 'count',
            align: 'right',
            render: (_: unknown, tag) =>
              tag.kind === 'macro' && tag.count === undefined ? (
                '—'
              ) : (
                <Space orientation="vertical" size={0} align="end">
                  <FloorValue value={tag.count} belowFloor={tag.belowFloor} reason={tag.reason} />
                  {/* the service counts an activity tag's users over the 30 UTC days ending today */}
                  {tag.kind === 'activity' ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="activity-window">
                      {t('catalogue.activityWindow', { day: date(now) })}
                    </Typography.Text>
                  ) : null}
                </Space>
              ),
            sorter: (a, b) => (a.count ?? -1) - (b.count ?? -1),
          },
        ]}
      />
    </Card>
  );
}
