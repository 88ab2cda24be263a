import { Card, Form, Radio, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { exposure } from '../../api/endpoints';
import { dayLabelShown, ExposureMetric, exposureSeries, exposureTable, ExposureTableRow } from '../../charts/chart-data';
import { EChart } from '../../components/EChart';
import { DayInput } from '../../components/DayInput';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useAsync } from '../../components/use-async';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';
import { daysAgo, isoDay } from './days';

export function ExposureScreen() {
  const { t, number, date, locale } = useI18n();
  const { api } = useSession();
  const [from, setFrom] = useState(daysAgo(13));
  const [to, setTo] = useState(isoDay(new Date()));
  const [metric, setMetric] = useState<ExposureMetric>('answers');
  const shortDay = useMemo(() => new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' }), [locale]);
  const rows = useAsync(() => exposure(api, { from, to }), [api, from, to]);
  const lookupsLabel = t('exposure.auditorLookups');
  const shaped = useMemo(() => exposureSeries(rows.data ?? [], t('exposure.platform'), { from, to }, { metric, lookupsLabel }), [rows.data, from, to, t, metric, lookupsLabel]);
  const metricName = metric === 'ids' ? t('exposure.metricIds') : t('exposure.metricAnswers');
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => number(v) },
      legend: { top: 0 },
      grid: { left: 60, right: 20, top: 40, bottom: 50 },
      // the days are UTC days, whatever the browser's zone: the axis says so
      xAxis: {
        type: 'category',
        name: t('exposure.day'),
        nameLocation: 'middle',
        nameGap: 30,
        data: shaped.days.map((day) => shortDay.format(new Date(`${day}T00:00:00Z`))),
        // ECharts' automatic spacing could drop the last label: the newest day is always named
        axisLabel: { interval: (index: number) => dayLabelShown(index, shaped.days.length) },
      },
      yAxis: { type: 'value', name: metricName, axisLabel: { formatter: (v: number) => number(v) } },
      series: shaped.series.map((s) => ({
        type: 'bar',
        // tenants stack into what left the service; auditors' look-ups stand beside them
        stack: s.lookups ? 'lookups' : 'tenants',
        name: s.tenant,
        data: s.counts,
        emphasis: { focus: 'series' },
        ...(s.lookups ? { itemStyle: { color: '#94a3b8' } } : {}),
      })),
    }),
    [shaped, t, number, shortDay, metricName],
  );
  const table = useMemo(() => exposureTable(shaped), [shaped]);
  const total = shaped.series.reduce((sum, s) => sum + s.counts.reduce((a, b) => a + b, 0), 0);
  const label = t('exposure.chartLabel', {
    metric: metricName,
    from: date(`${from}T00:00:00Z`),
    to: date(`${to}T00:00:00Z`),
    series: shaped.series.length === 0 ? t('exposure.empty') : shaped.series.map((s) => `${s.tenant} ${number(s.counts.reduce((a, b) => a + b, 0))}`).join(', '),
  });
  return (
    <Card title={<Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>{t('exposure.title')}</Typography.Title>}>
      <Form layout="inline" style={{ marginBottom: 8, rowGap: 8 }}>
        <Form.Item label={t('exposure.from')} htmlFor="exposure-from">
          <DayInput id="exposure-from" value={from} max={to} onChange={(day) => day && setFrom(day)} />
        </Form.Item>
        <Form.Item label={t('exposure.to')} htmlFor="exposure-to">
          <DayInput id="exposure-to" value={to} min={from} onChange={(day) => day && setTo(day)} />
        </Form.Item>
        <Form.Item label={<span id="exposure-metric-label">{t('exposure.metric')}</span>}>
          <Radio.Group
            aria-labelledby="exposure-metric-label"
            optionType="button"
            value={metric}
            onChange={(e) => setMetric(e.target.value as ExposureMetric)}
            options={[
              { value: 'answers', label: t('exposure.metricAnswers') },
              { value: 'ids', label: t('exposure.metricIds') },
            ]}
            data-testid="exposure-metric"
          />
        </Form.Item>
      </Form>
      <Typography.Paragraph type="secondary" data-testid="exposure-utc-note">
        {t('exposure.utcNote')}
      </Typography.Paragraph>
      {rows.error ? <ErrorNotice error={rows.error} /> : null}
      {!rows.loading && total === 0 && !rows.error ? <Typography.Paragraph>{t('exposure.empty')}</Typography.Paragraph> : null}
      <EChart option={option} testId="exposure-chart" label={label} />
      {shaped.series.length > 0 ? (
        <Table<ExposureTableRow>
          data-testid="exposure-table"
          size="small"
          rowKey="day"
          caption={<Typography.Text strong>{t('exposure.tableCaption', { metric: metricName })}</Typography.Text>}
          dataSource={table}
          pagination={{ pageSize: 14, hideOnSinglePage: true }}
          scroll={{ x: true }}
          columns={[
            { title: t('exposure.day'), dataIndex: 'day', render: (day: string) => date(`${day}T00:00:00Z`) },
            ...shaped.series.map((s) => ({ title: s.tenant, key: s.tenant, align: 'right' as const, render: (_: unknown, row: ExposureTableRow) => number(row.counts[s.tenant] ?? 0) })),
            { title: t('exposure.tenantsTotal'), key: 'total', align: 'right' as const, render: (_: unknown, row: ExposureTableRow) => <strong>{number(row.tenantsTotal)}</strong> },
          ]}
        />
      ) : null}
    </Card>
  );
}
