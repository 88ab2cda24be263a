import { Alert, Button, Space, Table, Typography } from 'antd';
import type { Snapshot } from '../../api/api-types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useI18n } from '../../i18n/i18n';
import { snapshotRefusal, type SnapshotAttempt } from './snapshot-attempt';

/** Where each snapshot's CSV download stands, by snapshot id. */
export type Downloads = Record<string, { rows: number; done: boolean; error?: unknown } | undefined>;

/** The outcome of the last attempt: the snapshot made, or why none was made. */
export function SnapshotOutcome({ attempt, downloads, onDownload }: { attempt?: SnapshotAttempt; downloads: Downloads; onDownload(snapshot: Snapshot): void }) {
  const { t, number, dateTime } = useI18n();
  if (!attempt) return null;
  if (attempt.kind === 'refused') {
    const why = snapshotRefusal(attempt.error, attempt.productRiskLevel, t);
    const title = attempt.productRiskLevel
      ? t('snapshots.refusedTitleRisk', { level: attempt.productRiskLevel, at: dateTime(attempt.at) })
      : t('snapshots.refusedTitle', { at: dateTime(attempt.at) });
    return (
      <div style={{ marginTop: 8 }} data-testid="snapshot-refused">
        {why ? <Alert role="alert" type="error" showIcon title={title} description={why} /> : <ErrorNotice error={attempt.error} />}
      </div>
    );
  }
  const snapshot = attempt.snapshot;
  const excluded = snapshot.productRiskLevel ? snapshot.leftOut : undefined;
  return (
    <Space orientation="vertical" style={{ marginTop: 12 }} data-testid="snapshot-result">
      <Typography.Text>
        {t('segments.snapshotDone', { id: snapshot.snapshotId, size: number(snapshot.size), version: snapshot.definitionVersion ?? '?' })}
      </Typography.Text>
      {typeof excluded === 'number' ? <Typography.Text data-testid="snapshot-excluded">{t('segments.snapshotExcluded', { count: number(excluded) })}</Typography.Text> : null}
      <DownloadButton snapshot={snapshot} state={downloads[snapshot.snapshotId]} onDownload={onDownload} testId="download-csv" doneTestId="download-done" />
    </Space>
  );
}

function DownloadButton({ snapshot, state, onDownload, testId, doneTestId, compact }: { snapshot: Snapshot; state: Downloads[string]; onDownload(snapshot: Snapshot): void; testId: string; doneTestId: string; compact?: boolean }) {
  const { t, number } = useI18n();
  const running = state !== undefined && !state.done && !state.error;
  return (
    <Space orientation="vertical" size={2}>
      <Button size={compact ? 'small' : undefined} onClick={() => onDownload(snapshot)} loading={running} data-testid={testId} aria-label={`${t('segments.download')} ${snapshot.snapshotId}`}>
        {compact ? t('snapshots.csv') : t('segments.download')}
      </Button>
      {running ? <Typography.Text>{t('segments.downloading', { count: number(state.rows) })}</Typography.Text> : null}
      {state?.done ? <Typography.Text type="success" data-testid={doneTestId}>{t('segments.downloaded', { count: number(state.rows) })}</Typography.Text> : null}
      {state?.error ? <ErrorNotice error={state.error} /> : null}
    </Space>
  );
}

/** The segment's snapshots, newest first, each with its CSV download. */
export function SnapshotHistory({ snapshots, error, loading, downloads, onDownload }: { snapshots?: Snapshot[]; error?: unknown; loading?: boolean; downloads: Downloads; onDownload(snapshot: Snapshot): void }) {
  const { t, number, dateTime } = useI18n();
  return (
    <div data-testid="snapshot-history">
      <Typography.Title level={3} style={{ fontSize: 14, marginTop: 16 }}>
        {t('snapshots.title')}
      </Typography.Title>
      {error ? (
        <ErrorNotice error={error} />
      ) : (
        <Table<Snapshot>
          size="small"
          rowKey="snapshotId"
          loading={loading}
          pagination={{ pageSize: 5, hideOnSinglePage: true }}
          dataSource={snapshots ?? []}
          locale={{ emptyText: t('snapshots.none') }}
          scroll={{ x: true }}
          columns={[
            { title: t('snapshots.id'), dataIndex: 'snapshotId', render: (id: string) => <Typography.Text code copyable={{ text: id }} title={id}>{id.slice(0, 8)}</Typography.Text> },
            { title: t('snapshots.version'), dataIndex: 'definitionVersion', render: (v?: number) => v ?? '—' },
            { title: t('snapshots.size'), dataIndex: 'size', align: 'right', render: (v: number) => number(v) },
            { title: t('snapshots.leftOut'), dataIndex: 'leftOut', align: 'right', render: (v: number | undefined, row) => (row.productRiskLevel ? number(v ?? 0) : '—') },
            { title: t('snapshots.risk'), dataIndex: 'productRiskLevel', render: (v?: string | null) => v ?? t('snapshots.noRisk') },
            { title: t('snapshots.when'), dataIndex: 'createdAt', render: (v: string | undefined, row) => dateTime(v ?? row.asOf ?? '') },
            { title: t('snapshots.download'), key: 'download', render: (_: unknown, row) => <DownloadButton snapshot={row} state={downloads[row.snapshotId]} onDownload={onDownload} testId="snapshot-row-download" doneTestId="snapshot-row-downloaded" compact /> },
          ]}
        />
      )}
    </div>
  );
}
