import { Space, Statistic, Tag, Tooltip, Typography } from 'antd';
import type { Freshness, SizeAnswer } from '../api/api-types';
import { useI18n } from '../i18n/i18n';

export function FloorValue({ value, belowFloor, format }: { value: number | null | undefined; belowFloor?: boolean; format?: (n: number) => string }) {
  const { t, number } = useI18n();
  if (belowFloor || value === null || value === undefined) {
    return (
      <Tooltip title={t('common.belowFloorHelp')}>
        <Tag color="warning" tabIndex={0} aria-label={`${t('common.belowFloor')}: ${t('common.belowFloorHelp')}`} data-testid="below-floor">
          {t('common.belowFloor')}
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
            {answer ? <FloorValue value={answer.size} belowFloor={answer.belowFloor} /> : '—'}
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
