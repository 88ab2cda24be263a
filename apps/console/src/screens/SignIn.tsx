import { Alert, Button, Card, Form, Input, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { readTokenClaims } from '../api/api-client';
import type { DemoToken } from '../api/api-types';
import { fetchDemoTokens } from '../api/endpoints';
import { useI18n } from '../i18n/i18n';

export function SignIn({ onSignIn }: { onSignIn(token: string): void }) {
  const { t, dateTime } = useI18n();
  const [token, setToken] = useState('');
  const [problem, setProblem] = useState<string>();
  const [demoTokens, setDemoTokens] = useState<DemoToken[]>([]);

  useEffect(() => {
    void fetchDemoTokens().then(setDemoTokens);
  }, []);

  const submit = (value: string) => {
    const claims = readTokenClaims(value);
    if (!claims) return setProblem(t('signIn.badToken'));
    if (claims.exp !== undefined && claims.exp * 1000 < Date.now()) return setProblem(t('signIn.expired', { date: dateTime(new Date(claims.exp * 1000)) }));
    setProblem(undefined);
    onSignIn(value.trim());
  };

  return (
    <Space orientation="vertical" size="large" style={{ maxWidth: 760, width: '100%', margin: '0 auto', display: 'flex' }}>
      <Card title={<Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>{t('signIn.title')}</Typography.Title>}>
        <Typography.Paragraph>{t('signIn.intro')}</Typography.Paragraph>
        <Form layout="vertical" onFinish={() => submit(token)}>
          <Form.Item
            label={t('signIn.token')}
            htmlFor="token-input"
            help={problem ?? t('signIn.tokenHelp')}
            validateStatus={problem ? 'error' : undefined}
          >
            <Input.Password id="token-input" value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" aria-invalid={problem !== undefined} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('signIn.submit')}
          </Button>
        </Form>
      </Card>
      {demoTokens.length > 0 ? (
        <Card title={<Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>{t('signIn.demo')}</Typography.Title>}>
          <Alert type="info" title={t('signIn.demoHelp')} style={{ marginBottom: 12 }} />
          <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {demoTokens.map((demo) => (
              <li key={`${demo.role}-${demo.tenant ?? ''}`} style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}>
                <Space>
                  <Tag color="blue">{demo.role}</Tag>
                  {demo.tenant ? <Tag>{demo.tenant}</Tag> : null}
                </Space>
                <Button onClick={() => submit(demo.token)} data-testid={`demo-${demo.role}${demo.tenant ? `-${demo.tenant}` : ''}`}>
                  {t('signIn.use', { role: demo.tenant ? `${demo.role} (${demo.tenant})` : demo.role })}
                </Button>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </Space>
  );
}
