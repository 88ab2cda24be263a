import { Button, Card, Col, Collapse, Form, Row, Select, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { Segment, Snapshot } from '../../api/api-types';
import { downloadMembersCsv, getSegment, listSnapshots, segmentInsights, segmentSize, takeSnapshot } from '../../api/endpoints';
import { diffVersions } from '../../builder/version-diff';
import { insightBars, insightsOption } from '../../charts/chart-data';
import { EChart } from '../../components/EChart';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SizeView } from '../../components/SizeView';
import { useAsync } from '../../components/use-async';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';
import type { SnapshotAttempt } from './snapshot-attempt';
import { SnapshotHistory, SnapshotOutcome, type Downloads } from './SnapshotHistory';

export function SegmentDetail({ id, onEdit }: { id: string; onEdit(): void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const segment = useAsync(() => getSegment(api, id), [api, id]);
  const size = useAsync(() => segmentSize(api, id), [api, id]);
  const insights = useAsync(() => segmentInsights(api, id), [api, id]);
  const [snapshotsRound, setSnapshotsRound] = useState(0);
  const snapshots = useAsync(() => listSnapshots(api, id), [api, id, snapshotsRound]);
  const [downloads, download] = useCsvDownloads();

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
            <SnapshotPanel segment={data} onTaken={() => setSnapshotsRound((n) => n + 1)} downloads={downloads} onDownload={(snapshot) => void download(snapshot)} />
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
        <Col span={24}>
          <SnapshotHistory snapshots={snapshots.data} error={snapshots.error} loading={snapshots.loading} downloads={downloads} onDownload={(snapshot) => void download(snapshot)} />
        </Col>
      </Row>
    </Card>
  );
}

function InsightsChart({ shares }: { shares?: Parameters<typeof insightBars>[0] }) {
  const { t, number } = useI18n();
  const bars = useMemo(() => insightBars(shares ?? []), [shares]);
  const option = useMemo(() => insightsOption(bars, { share: t('segments.share'), percent: (v) => `${number(v)}%` }), [bars, t, number]);
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

/** CSV downloads of snapshots' members, each one's progress kept by snapshot id. */
function useCsvDownloads(): [Downloads, (snapshot: Snapshot) => Promise<void>] {
  const { api } = useSession();
  const [downloads, setDownloads] = useState<Downloads>({});
  const download = async (snapshot: Snapshot) => {
    const id = snapshot.snapshotId;
    const set = (state: Downloads[string]) => setDownloads((all) => ({ ...all, [id]: state }));
    set({ rows: 0, done: false });
    try {
      const { csv, rows } = await downloadMembersCsv(api, id, (n) => set({ rows: n, done: false }));
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `snapshot-${id}.csv`;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      set({ rows, done: true });
    } catch (caught) {
      set({ rows: 0, done: false, error: caught });
    }
  };
  return [downloads, download];
}

function SnapshotPanel({ segment, onTaken, downloads, onDownload }: { segment: Segment; onTaken(): void; downloads: Downloads; onDownload(snapshot: Snapshot): void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [risk, setRisk] = useState<string>('');
  const [attempt, setAttempt] = useState<SnapshotAttempt>();
  const [busy, setBusy] = useState(false);

  const take = async () => {
    const productRiskLevel = risk || undefined;
    setBusy(true);
    // the previous outcome goes at once: a refusal must not sit next to an earlier snapshot
    setAttempt(undefined);
    try {
      setAttempt({ kind: 'taken', snapshot: await takeSnapshot(api, segment.id, productRiskLevel) });
      onTaken();
    } catch (caught) {
      setAttempt({ kind: 'refused', error: caught, productRiskLevel, at: new Date().toISOString() });
    } finally {
      setBusy(false);
    }
  };

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
      <SnapshotOutcome attempt={attempt} downloads={downloads} onDownload={onDownload} />
    </Card>
  );
}
