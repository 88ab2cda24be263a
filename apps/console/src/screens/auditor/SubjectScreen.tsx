import { Alert, Button, Card, Form, Input, Table, Typography } from 'antd';
import { useReducer, useState } from 'react';
import type { SubjectExposure } from '../../api/api-types';
import { subjectExposure } from '../../api/endpoints';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useI18n } from '../../i18n/i18n';
import { actionLabel } from '../../i18n/labels';
import { useSession } from '../../session';
import { subjectLookup } from './subject-lookup';

export function SubjectScreen() {
  const { t } = useI18n();
  const { api } = useSession();
  const [userId, setUserId] = useState('');
  const [{ rows, summary, error, busy }, dispatch] = useReducer(subjectLookup, { busy: false });

  const lookUp = async () => {
    const id = userId.trim();
    if (id === '') return;
    dispatch({ type: 'start', userId: id });
    try {
      const answer = await subjectExposure(api, id);
      dispatch({ type: 'answer', userId: id, ...answer });
    } catch (caught) {
      dispatch({ type: 'failure', userId: id, error: caught });
    }
  };

  return (
    <Card title={<Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>{t('subject.title')}</Typography.Title>}>
      <Form layout="inline" onFinish={lookUp} style={{ marginBottom: 16 }}>
        <Form.Item label={t('subject.userId')} htmlFor="subject-user-id">
          <Input id="subject-user-id" value={userId} onChange={(e) => setUserId(e.target.value)} style={{ width: 260 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('subject.lookup')}
        </Button>
      </Form>
      {error ? <ErrorNotice error={error} notFound="subject.notFound" /> : null}
      {summary && rows ? <SubjectAnswer rows={rows} summary={summary} /> : null}
    </Card>
  );
}

/**
 * One person's answer. For an erased person the link from their id to what
 * was kept is gone, so an empty list says nothing about who received them
 * before the erasure: the screen says what the record can and cannot show
 * instead of "no tenant has received this person".
 */
export function SubjectAnswer({ rows, summary }: { rows: SubjectExposure[]; summary: { erased: boolean; tenants: string[] } }) {
  const { t, dateTime } = useI18n();
  if (summary.erased) {
    return (
      <Alert
        data-testid="subject-summary"
        type="warning"
        showIcon
        title={t('subject.erased')}
        description={
          <>
            <Typography.Paragraph style={{ marginBottom: 4 }}>{t('subject.erasedCannot')}</Typography.Paragraph>
            <Typography.Paragraph style={{ marginBottom: 0 }}>{t('subject.erasedCan')}</Typography.Paragraph>
          </>
        }
      />
    );
  }
  return (
    <>
      <Typography.Paragraph data-testid="subject-summary">
        {summary.tenants.length > 0 ? t('subject.tenants', { tenants: summary.tenants.join(', ') }) : t('subject.none')}
      </Typography.Paragraph>
      <Table<SubjectExposure>
        rowKey={(r, i) => `${r.at}-${r.snapshotId ?? ''}-${i}`}
        size="small"
        dataSource={rows}
        locale={{ emptyText: t('subject.none') }}
        data-testid="subject-table"
        columns={[
          { title: t('audit.at'), dataIndex: 'at', render: (at: string) => dateTime(at) },
          { title: t('audit.tenant'), dataIndex: 'tenant', render: (tenant: string | null) => tenant ?? t('exposure.platform') },
          { title: t('audit.action'), dataIndex: 'action', render: (action: string) => actionLabel(t, action) },
          { title: t('audit.snapshot'), dataIndex: 'snapshotId' },
          { title: t('audit.segment'), key: 'segment', render: (_: unknown, r) => (r.segmentId ? `${r.segmentId}${r.definitionVersion ? ` v${r.definitionVersion}` : ''}` : '') },
          { title: t('audit.actor'), dataIndex: 'actor' },
        ]}
      />
    </>
  );
}
