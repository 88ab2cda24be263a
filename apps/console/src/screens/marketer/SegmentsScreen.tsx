import { App as AntApp, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { Segment } from '../../api/api-types';
import { archiveSegment, listSegments } from '../../api/endpoints';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useAsync } from '../../components/use-async';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';
import { SegmentDetail } from './SegmentDetail';
import { useState } from 'react';

export function SegmentsScreen({ round, opened, onOpen, onEdit }: { round: number; opened?: string; onOpen(id: string | undefined): void; onEdit(id: string): void }) {
  const { t, dateTime } = useI18n();
  const { api } = useSession();
  const { message } = AntApp.useApp();
  const [archiveError, setArchiveError] = useState<{ id: string; error: unknown }>();
  const [detailRound, setDetailRound] = useState(0);
  const segments = useAsync(() => listSegments(api), [api, round]);

  const archive = async (segment: Segment) => {
    try {
      await archiveSegment(api, segment.id);
      setArchiveError(undefined);
      void message.success(t('segments.archivedDone', { name: segment.name }));
      segments.reload();
      setDetailRound((r) => r + 1);
    } catch (error) {
      setArchiveError({ id: segment.id, error });
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card title={<Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>{t('segments.title')}</Typography.Title>} extra={<Button onClick={segments.reload}>{t('common.refresh')}</Button>}>
        {segments.error ? <ErrorNotice error={segments.error} /> : null}
        <Table<Segment>
          rowKey="id"
          size="small"
          loading={segments.loading}
          dataSource={segments.data ?? []}
          locale={{ emptyText: t('segments.none') }}
          pagination={{ pageSize: 10 }}
          rowClassName={(segment) => (segment.id === opened ? 'ant-table-row-selected' : '')}
          columns={[
            { title: t('segments.name'), dataIndex: 'name' },
            { title: t('segments.version'), dataIndex: 'version', align: 'right' },
            {
              title: t('segments.status'),
              dataIndex: 'archived',
              render: (archived: boolean) => (archived ? <Tag>{t('segments.archived')}</Tag> : <Tag color="green">{t('segments.active')}</Tag>),
            },
            { title: t('segments.updated'), key: 'updated', render: (_: unknown, s) => (s.definedAt ?? s.createdAt ? dateTime((s.definedAt ?? s.createdAt) as string) : '—') },
            {
              title: '',
              key: 'actions',
              render: (_: unknown, segment) => (
                <Space orientation="vertical" size={2}>
                  <Space>
                    <Button size="small" onClick={() => onOpen(segment.id)} aria-label={`${t('segments.open')} ${segment.name}`}>
                      {t('segments.open')}
                    </Button>
                    <Button size="small" disabled={segment.archived} onClick={() => onEdit(segment.id)} aria-label={`${t('segments.edit')} ${segment.name}`}>
                      {t('segments.edit')}
                    </Button>
                    <Popconfirm title={t('segments.archiveConfirm', { name: segment.name })} onConfirm={() => archive(segment)} okText={t('segments.archive')} cancelText={t('common.cancel')}>
                      <Button size="small" danger disabled={segment.archived} aria-label={`${t('segments.archive')} ${segment.name}`}>
                        {t('segments.archive')}
                      </Button>
                    </Popconfirm>
                  </Space>
                  {archiveError?.id === segment.id ? <ErrorNotice error={archiveError.error} /> : null}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {opened ? <SegmentDetail key={`${opened}-${detailRound}-${round}`} id={opened} onEdit={() => onEdit(opened)} /> : null}
    </Space>
  );
}
