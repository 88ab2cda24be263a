import { Button, Card, Col, Collapse, Form, Row, Select, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { Segment, Snapshot } from '../../api/api-types';
import { downloadMembersCsv, getSegment, segmentInsights, segmentSize, takeSnapshot } from '../../api/endpoints';
import { diffVersions } from '../../builder/version-diff';
import { insightBars } from '../../charts/chart-data';
import { EChart } from '../../components/EChart';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SizeView } from '../../components/SizeView';
import { useAsync } from '../../components/use-async';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';

export function SegmentDetail({ id, onEdit }: { id: string; onEdit(): void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const segment = useAsync(() => getSegment(api, id), [api, id]);
  const size = useAsync(() => segmentSize(api, id), [api, id]);
  const insights = useAsync(() => segmentInsights(api, id), [api, id]);

  if (segment.error) return <ErrorNotice error={segment.error} />;
  if (!segment.data) return <Card loading />;
  const data = segment.data;
  return (
    <Card
      data-testid="segment-detail"
      title={
        <Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>
          {data.name} {data.archived ? <Tag>{t('segments.archived')}</Tag> : null}
        </Typography.Title>
      }
      extra={<Button onClick={onEdit} disabled={data.archived}>{t('segments.edit')}</Button>}
    >
      <Row gutter={[24, 24]}>
        <Col xs={24} lg={8}>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <div data-testid="segment-size">
              <SizeView
                title={size.data?.definitionVersion ? `${t('segments.size')} · ${t('segments.versionLabel', { version: size.data.definitionVersion })}` : t('segments.size')}
                answer={size.data}
                loading={size.loading}
              />
            </div>
            {size.error ? <ErrorNotice error={size.error} /> : null}
            {data.description ? <Typography.Paragraph>{data.description}</Typography.Paragraph> : null}
            <SnapshotPanel segment={data} />
          </Space>
        </Col>
        <Col xs={24} lg={16}>
          <Typography.Title level={3} style={{ fontSize: 16 }}>
            {t('segments.insights')}
          </Typography.Title>
          {insights.error ? <ErrorNotice error={insights.error} /> : <InsightsChart shares={insights.data?.shares} />}
          <Typography.Title level={3} style={{ fontSize: 16 }}>
            {t('segments.versions')}
          </Typography.Title>
          <VersionHistory segment={data} />
        </Col>
      </Row>
    </Card>
  );
}

function InsightsChart({ shares }: { shares?: Parameters<typeof insightBars>[0] }) {
  const { t, number } = useI18n();
  const bars = useMemo(() => insightBars(shares ?? []), [shares]);
  const option = useMemo(
    () => ({
      grid: { left: 140, right: 40, top: 10, bottom: 30 },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${number(v)}%` },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: (v: number) => `${number(v)}%` } },
      yAxis: { type: 'category', data: [...bars.tags].reverse() },
      series: [{ type: 'bar', name: t('segments.share'), data: [...bars.percents].reverse(), itemStyle: { color: '#1d4ed8' }, label: { show: true, position: 'right', formatter: (p: { value: number }) => `${number(p.value)}%` } }],
    }),
    [bars, t, number],
  );
  if (shares === undefined) return <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>;
  return (
    <>
      {bars.tags.length === 0 ? null : <EChart option={option} label={`${t('segments.insights')}: ${bars.tags.map((tag, i) => `${tag} ${bars.percents[i]}%`).join(', ')}`} height={Math.max(160, bars.tags.length * 26 + 50)} testId="insights-chart" />}
      {bars.hidden.length > 0 ? <Typography.Text type="secondary">{t('segments.insightsBelowFloor', { tags: bars.hidden.join(', ') })}</Typography.Text> : null}
    </>
  );
}

function VersionHistory({ segment }: { segment: Segment }) {
  const { t, dateTime } = useI18n();
  const versions = [...(segment.versions ?? [])].sort((a, b) => b.version - a.version);
  return (
    <Collapse
      data-testid="version-history"
      defaultActiveKey={versions.length > 0 ? [String(versions[0].version)] : []}
      items={versions.map((version) => {
        const previous = segment.versions?.find((v) => v.version === version.version - 1);
        const diff = diffVersions(previous?.expression, version.expression);
        return {
          key: String(version.version),
          label: (
            <Space>
              <strong>{t('segments.versionLabel', { version: version.version })}</strong>
              {version.definedAt ? <Typography.Text type="secondary">{dateTime(version.definedAt)}</Typography.Text> : null}
              {version.definedBy ? <Typography.Text type="secondary">{version.definedBy}</Typography.Text> : null}
            </Space>
          ),
          children: (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Typography.Text code>{diff.after}</Typography.Text>
              <Typography.Text strong>{t('segments.changes')}</Typography.Text>
              {!previous ? (
                <Typography.Text>{t('segments.firstVersion')}</Typography.Text>
              ) : diff.same ? (
                <Typography.Text>{t('segments.noChange')}</Typography.Text>
              ) : (
                <Space orientation="vertical" size={2}>
                  {diff.removed.map((c, i) => (
                    <Typography.Text key={`r${i}`} delete type="danger">
                      − {t('segments.removed')}: {c}
                    </Typography.Text>
                  ))}
                  {diff.added.map((c, i) => (
                    <Typography.Text key={`a${i}`} type="success">
                      + {t('segments.added')}: {c}
                    </Typography.Text>
                  ))}
                  <Typography.Text type="secondary">
                    {diff.before} → {diff.after}
                  </Typography.Text>
                </Space>
              )}
            </Space>
          ),
        };
      })}
    />
  );
}

const RISK_LEVELS = ['R1', 'R2', 'R3', 'R4', 'R5'];

function SnapshotPanel({ segment }: { segment: Segment }) {
  const { t, number } = useI18n();
  const { api } = useSession();
  const [risk, setRisk] = useState<string>('');
  const [snapshot, setSnapshot] = useState<Snapshot>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [download, setDownload] = useState<{ rows: number; done: boolean; error?: unknown }>();

  const take = async () => {
    setBusy(true);
    setError(undefined);
    setDownload(undefined);
    try {
      setSnapshot(await takeSnapshot(api, segment.id, risk || undefined));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const downloadCsv = async () => {
    if (!snapshot) return;
    setDownload({ rows: 0, done: false });
    try {
      const { csv, rows } = await downloadMembersCsv(api, snapshot.snapshotId, (n) => setDownload({ rows: n, done: false }));
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `snapshot-${snapshot.snapshotId}.csv`;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setDownload({ rows, done: true });
    } catch (caught) {
      setDownload({ rows: 0, done: false, error: caught });
    }
  };

  const excluded = snapshot?.productRiskLevel ? snapshot.leftOut : undefined;
  return (
    <Card size="small" title={t('segments.snapshot')} data-testid="snapshot-panel">
      <Form layout="vertical" onFinish={take}>
        <Form.Item label={t('segments.riskLevel')} htmlFor="snapshot-risk" extra={t('segments.riskLevelHelp')}>
          <Select
            id="snapshot-risk"
            value={risk}
            onChange={setRisk}
            options={[{ value: '', label: t('segments.riskLevelNone') }, ...RISK_LEVELS.map((level) => ({ value: level, label: level }))]}
            data-testid="snapshot-risk"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} disabled={segment.archived} data-testid="take-snapshot">
          {t('segments.takeSnapshot')}
        </Button>
      </Form>
      {error ? <div style={{ marginTop: 8 }}><ErrorNotice error={error} /></div> : null}
      {snapshot ? (
        <Space orientation="vertical" style={{ marginTop: 12 }} data-testid="snapshot-result">
          <Typography.Text>
            {t('segments.snapshotDone', { id: snapshot.snapshotId, size: number(snapshot.size), version: snapshot.definitionVersion ?? '?' })}
          </Typography.Text>
          {typeof excluded === 'number' ? <Typography.Text data-testid="snapshot-excluded">{t('segments.snapshotExcluded', { count: number(excluded) })}</Typography.Text> : null}
          <Button onClick={downloadCsv} loading={download !== undefined && !download.done && !download.error} data-testid="download-csv">
            {t('segments.download')}
          </Button>
          {download && !download.done && !download.error ? <Typography.Text>{t('segments.downloading', { count: number(download.rows) })}</Typography.Text> : null}
          {download?.done ? <Typography.Text type="success" data-testid="download-done">{t('segments.downloaded', { count: number(download.rows) })}</Typography.Text> : null}
          {download?.error ? <ErrorNotice error={download.error} /> : null}
        </Space>
      ) : null}
    </Card>
  );
}
