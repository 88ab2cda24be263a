import { Button, Card, Col, Descriptions, Form, Row, Select, Typography } from 'antd';
import { useState } from 'react';
import { listSegments, overlap, OverlapAnswer } from '../../api/endpoints';
import { ErrorNotice } from '../../components/ErrorNotice';
import { FloorValue, FreshnessLine } from '../../components/SizeView';
import { useAsync } from '../../components/use-async';
import { Venn } from '../../components/Venn';
import { useI18n } from '../../i18n/i18n';
import { useSession } from '../../session';

export function OverlapScreen({ round }: { round: number }) {
  const { t, number } = useI18n();
  const { api } = useSession();
  const segments = useAsync(() => listSegments(api), [api, round]);
  const [a, setA] = useState<string>();
  const [b, setB] = useState<string>();
  const [answer, setAnswer] = useState<OverlapAnswer>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const options = (segments.data ?? []).filter((s) => !s.archived).map((s) => ({ value: s.id, label: s.name }));
  const nameOf = (id?: string) => options.find((o) => o.value === id)?.label ?? '';

  const compare = async () => {
    if (!a || !b) return;
    setBusy(true);
    setError(undefined);
    try {
      setAnswer(await overlap(api, a, b));
    } catch (caught) {
      setError(caught);
      setAnswer(undefined);
    } finally {
      setBusy(false);
    }
  };

  const format = (value: { value: number | null; belowFloor: boolean }) => (value.belowFloor || value.value === null ? t('common.belowFloor') : number(value.value));
  return (
    <Card title={<Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>{t('overlap.title')}</Typography.Title>}>
      {segments.error ? <ErrorNotice error={segments.error} /> : null}
      <Form layout="inline" onFinish={compare} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item label={t('overlap.a')} htmlFor="overlap-a">
          <Select id="overlap-a" style={{ width: 240 }} value={a} onChange={setA} options={options} showSearch optionFilterProp="label" />
        </Form.Item>
        <Form.Item label={t('overlap.b')} htmlFor="overlap-b">
          <Select id="overlap-b" style={{ width: 240 }} value={b} onChange={setB} options={options} showSearch optionFilterProp="label" />
        </Form.Item>
        <Button type="primary" htmlType="submit" disabled={!a || !b} loading={busy}>
          {t('overlap.compare')}
        </Button>
      </Form>
      {error ? <ErrorNotice error={error} /> : null}
      {answer ? (
        <Row gutter={24} align="middle">
          <Col xs={24} md={14}>
            <Venn a={answer.a} b={answer.b} both={answer.both} labels={{ a: 'A', b: 'B', both: t('overlap.both'), notToScale: t('overlap.notToScale') }} format={format} />
          </Col>
          <Col xs={24} md={10}>
            <Descriptions column={1} bordered size="small" data-testid="overlap-numbers">
              <Descriptions.Item label={`A · ${nameOf(a)}`}>
                <FloorValue value={answer.a.value} belowFloor={answer.a.belowFloor} reason={answer.a.reason} />
              </Descriptions.Item>
              <Descriptions.Item label={`B · ${nameOf(b)}`}>
                <FloorValue value={answer.b.value} belowFloor={answer.b.belowFloor} reason={answer.b.reason} />
              </Descriptions.Item>
              <Descriptions.Item label={t('overlap.both')}>
                <FloorValue value={answer.both.value} belowFloor={answer.both.belowFloor} reason={answer.both.reason} />
              </Descriptions.Item>
            </Descriptions>
            <FreshnessLine freshness={answer.freshness} />
          </Col>
        </Row>
      ) : null}
    </Card>
  );
}
