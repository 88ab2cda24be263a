import { Space, Statistic, Tag, Tooltip, Typography } from 'antd';
import type { Freshness, SizeAnswer, WithheldReason } from '../api/api-types';
import { useI18n } from '../i18n/i18n';

export function FloorValue({
  value,
  belowFloor,
  reason,
  format,
}: {
  value: number | null | undefined;
  belowFloor?: boolean;
  reason?: WithheldReason;
  format?: (n: number) => string;
}) {
  const { t, number } = useI18n();
  if (belowFloor || value === null || value === undefined) {
    // A number withheld by the difference check is not small: it would single out a small group with an earlier answer.
    const [label, help] = reason === 'difference' ? [t('common.withheld'), t('common.withheldHelp')] : [t('common.belowFloor'), t('common.belowFloorHelp')];
    return (
      <Tooltip title={help}>
        <Tag color="warning" tabIndex={0} aria-label={`${label}: ${help}`} data-testid="below-floor" data-reason={reason}>
          {label}
        </Tag>
      </Tooltip>
    );
  }
  return <span>{format ? format(value) : number(value)}</span>;
}

export function FreshnessLine({ freshness }: { freshness?: Freshness }) {
  const { t, dateTime, number } = useI18n();
  if (!freshness) return <Typography.Text type="secondary">{t('common.freshnessUnknown')}</Typography.Text>;
  if (!freshness.position) return <Typography.Text type="secondary" data-testid="freshness">{t('common.nothingProjected')}</Typography.Text>;
  const time = freshness.reachedAt ? dateTime(freshness.reachedAt) : '—';
  // Nothing written is missing: the last event's time is when data last arrived, not how old the answer is.
  if (freshness.lagEvents === 0) {
    return (
      <Typography.Text type="secondary" data-testid="freshness" data-up-to-date="true" title={t('common.position', { position: freshness.position })}>
        {t('common.upToDate', { time })}
      </Typography.Text>
    );
  }
  const seconds = freshness.lagSeconds === undefined ? '—' : t('common.seconds', { n: number(Math.round(freshness.lagSeconds * 10) / 10) });
  const lag = freshness.lagEvents === undefined ? seconds : `${seconds}, ${t('common.lagEvents', { count: number(freshness.lagEvents) })}`;
  return (
    <Typography.Text type="secondary" data-testid="freshness" title={freshness.position ? t('common.position', { position: freshness.position }) : undefined}>
      {t('common.freshness', { time, lag })}
    </Typography.Text>
  );
}

/** `note` qualifies the number shown, e.g. that it is for the last expression that parsed, not the text typed now. */
export function SizeView({ answer, title, loading, note }: { answer?: SizeAnswer; title: string; loading?: boolean; note?: string }) {
  const { t } = useI18n();
  return (
    <Space orientation="vertical" size={2} aria-live="polite" aria-busy={loading}>
      <Statistic
        title={title}
        loading={loading && !answer}
        valueRender={() => (
          <span data-testid="size-value">
            {answer ? <FloorValue value={answer.size} belowFloor={answer.belowFloor} reason={answer.reason} /> : '—'}
            {loading && answer ? <Typography.Text type="secondary"> {t('builder.sizeUpdating')}</Typography.Text> : null}
          </span>
        )}
      />
      {note ? (
        <Typography.Text type="warning" data-testid="size-note">
          {note}
        </Typography.Text>
      ) : null}
      {answer ? <FreshnessLine freshness={answer.freshness} /> : null}
    </Space>
  );
}
