import { Button, Card, Checkbox, Form, Input, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import type { AuditRecord, AuditRefusal } from '../../api/api-types';
import { AuditQuery, knownAuditActions, listAudit } from '../../api/endpoints';
import { DayInput } from '../../components/DayInput';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useAsync } from '../../components/use-async';
import { useI18n } from '../../i18n/i18n';
import { actionLabel, numberLabel, roleLabel } from '../../i18n/labels';
import { useSession } from '../../session';

const PAGE_SIZE = 20;
const NUMBERS_SHOWN = 3;

/** The audit log, filtered on the server and paged by cursor; earlier pages are kept so the table can go back. */
export function AuditLogScreen() {
  const { t, dateTime, number } = useI18n();
  const { api } = useSession();
  const [draft, setDraft] = useState<AuditQuery>({});
  const [filters, setFilters] = useState<AuditQuery>({});
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState(0);
  const actions = useAsync(() => knownAuditActions(api), [api]);
  const result = useAsync(() => listAudit(api, { ...filters, cursor: cursors[page], limit: PAGE_SIZE }), [api, filters, page, cursors]);

  const apply = () => {
    setFilters({ ...draft });
    setCursors([undefined]);
    setPage(0);
  };
  const next = () => {
    const cursor = result.data?.nextCursor;
    if (!cursor) return;
    setCursors((list) => [...list.slice(0, page + 1), cursor]);
    setPage(page + 1);
  };

  return (
    <Card title={<Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>{t('audit.title')}</Typography.Title>}>
      <Form layout="inline" onFinish={apply} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item label={t('audit.tenant')} htmlFor="audit-tenant">
          <Input id="audit-tenant" value={draft.tenant} onChange={(e) => setDraft({ ...draft, tenant: e.target.value || undefined })} style={{ width: 140 }} />
        </Form.Item>
        <Form.Item label={t('audit.actor')} htmlFor="audit-actor">
          <Input
            id="audit-actor"
            value={draft.actor ?? ''}
            placeholder={t('audit.actorPlaceholder')}
            onChange={(e) => setDraft({ ...draft, actor: e.target.value.trim() || undefined })}
            style={{ width: 200 }}
          />
        </Form.Item>
        <Form.Item label={t('audit.action')} htmlFor="audit-action">
          <Select
            id="audit-action"
            style={{ width: 320 }}
            // a short list: every option rendered, so each can be found by scrolling or by the browser's find
            virtual={false}
            listHeight={320}
            value={draft.action ?? ''}
            onChange={(value) => setDraft({ ...draft, action: value || undefined })}
            options={[{ value: '', label: t('common.all') }, ...(actions.data ?? []).map((a) => ({ value: a, label: actionLabel(t, a) }))]}
            data-testid="audit-action"
          />
        </Form.Item>
        <Form.Item label={t('exposure.from')} htmlFor="audit-from">
          <DayInput id="audit-from" value={draft.from} onChange={(from) => setDraft({ ...draft, from })} />
        </Form.Item>
        <Form.Item label={t('exposure.to')} htmlFor="audit-to">
          <DayInput id="audit-to" value={draft.to} onChange={(to) => setDraft({ ...draft, to })} />
        </Form.Item>
        <Form.Item>
          <Checkbox checked={draft.refused === true} onChange={(e) => setDraft({ ...draft, refused: e.target.checked || undefined })} data-testid="audit-refused">
            {t('audit.refusedOnly')}
          </Checkbox>
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="audit-filter">
          {t('audit.filter')}
        </Button>
      </Form>
      {result.error ? <ErrorNotice error={result.error} /> : null}
      <Table<AuditRecord>
        rowKey="recordId"
        size="small"
        loading={result.loading}
        dataSource={result.data?.records ?? []}
        pagination={false}
        data-testid="audit-table"
        columns={[
          { title: t('audit.at'), dataIndex: 'at', render: (at: string) => dateTime(at) },
          { title: t('audit.actor'), dataIndex: 'actor' },
          { title: t('audit.role'), dataIndex: 'role', render: (role: string) => roleLabel(t, role) },
          { title: t('audit.tenant'), dataIndex: 'tenant', render: (tenant: string | null) => tenant || t('exposure.platform') },
          { title: t('audit.action'), dataIndex: 'action', render: (action: string) => actionLabel(t, action) },
          { title: t('audit.segment'), key: 'segment', render: (_: unknown, r) => (r.segmentId ? `${r.segmentId}${r.definitionVersion ? ` v${r.definitionVersion}` : ''}` : '') },
          { title: t('audit.snapshot'), dataIndex: 'snapshotId' },
          {
            title: t('audit.numbers'),
            dataIndex: 'numbers',
            render: (numbers?: Record<string, number | null>) => {
              const entries = Object.entries(numbers ?? {}).map(([key, value]) => `${numberLabel(t, key)}: ${value === null ? t('common.belowFloor') : number(value)}`);
              if (entries.length <= NUMBERS_SHOWN) return entries.join(', ');
              // a tag list answer carries one number per tag: the first few, the rest on hover and for screen readers
              return (
                <span title={entries.join('\n')} aria-label={entries.join(', ')}>
                  {entries.slice(0, NUMBERS_SHOWN).join(', ')} {t('audit.more', { count: entries.length - NUMBERS_SHOWN })}
                </span>
              );
            },
          },
          { title: t('audit.ids'), dataIndex: 'idsExposed', align: 'right', render: (n?: number) => (n === undefined ? '' : number(n)) },
          {
            title: t('audit.refusals'),
            dataIndex: 'refusals',
            render: (refusals?: AuditRefusal[]) =>
              (refusals ?? []).map((r) => (
                <div key={`${r.answer}-${r.checkedAgainst.recordId}`} data-testid="audit-refusal">
                  {t('audit.refusal', {
                    answer: numberLabel(t, r.answer),
                    action: actionLabel(t, r.checkedAgainst.action),
                    earlier: `${numberLabel(t, r.checkedAgainst.answer)} ${number(r.checkedAgainst.size)}`,
                    at: dateTime(r.checkedAgainst.at),
                    record: r.checkedAgainst.recordId ? r.checkedAgainst.recordId.slice(0, 8) : '—',
                  })}
                </div>
              )),
          },
        ]}
      />
      <Space style={{ marginTop: 12 }}>
        <Button onClick={() => setPage(Math.max(0, page - 1))} disabled={page === 0}>
          ‹
        </Button>
        <Typography.Text aria-live="polite">{page + 1}</Typography.Text>
        <Button onClick={next} disabled={!result.data?.nextCursor} data-testid="audit-next">
          ›
        </Button>
      </Space>
    </Card>
  );
}
