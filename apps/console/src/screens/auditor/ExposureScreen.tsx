import { Card, Form, Input, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { exposure } from '../../api/endpoints';
import { exposureSeries } from '../../charts/chart-data';
import { EChart } from '../../components/EChart';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useAsync } from '../../components/use-async';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';
import { daysAgo, isoDay } from './days';

export function ExposureScreen() {
  const { t, number, date } = useI18n();
  const { api } = useSession();
  const [from, setFrom] = useState(daysAgo(13));
  const [to, setTo] = useState(isoDay(new Date()));
  const rows = useAsync(() => exposure(api, { from, to }), [api, from, to]);
  const shaped = useMemo(() => exposureSeries(rows.data ?? [], t('exposure.platform'), { from, to }), [rows.data, from, to, t]);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => number(v) },
      legend: { top: 0 },
      grid: { left: 50, right: 20, top: 40, bottom: 40 },
      xAxis: { type: 'category', data: shaped.days.map((day) => date(`${day}T00:00:00Z`)) },
      yAxis: { type: 'value', name: t('exposure.count'), axisLabel: { formatter: (v: number) => number(v) } },
      series: shaped.series.map((s) => ({ type: 'bar', stack: 'tenants', name: s.tenant, data: s.counts, emphasis: { focus: 'series' } })),
    }),
    [shaped, t, number, date],
  );
  const total = shaped.series.reduce((sum, s) => sum + s.counts.reduce((a, b) => a + b, 0), 0);
  return (
    <Card title={<Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>{t('exposure.title')}</Typography.Title>}>
      <Form layout="inline" style={{ marginBottom: 16 }}>
        <Form.Item label={t('exposure.from')} htmlFor="exposure-from">
          <Input id="exposure-from" type="date" value={from} max={to} onChange={(e) => e.target.value && setFrom(e.target.value)} />
        </Form.Item>
        <Form.Item label={t('exposure.to')} htmlFor="exposure-to">
          <Input id="exposure-to" type="date" value={to} min={from} onChange={(e) => e.target.value && setTo(e.target.value)} />
        </Form.Item>
      </Form>
      {rows.error ? <ErrorNotice error={rows.error} /> : null}
      {!rows.loading && total === 0 && !rows.error ? <Typography.Paragraph>{t('exposure.empty')}</Typography.Paragraph> : null}
      <EChart
        option={option}
        testId="exposure-chart"
        label={`${t('exposure.title')}: ${shaped.series.map((s) => `${s.tenant} ${number(s.counts.reduce((a, b) => a + b, 0))}`).join(', ')}`}
      />
    </Card>
  );
}
