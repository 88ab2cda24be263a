import { Alert, Button, Card, Form, Input, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError, isExpired, readTokenClaims } from '../api/api-client';
import type { DemoToken } from '../api/api-types';
import { fetchDemoTokens, verifyToken } from '../api/endpoints';
import { hasDraft } from '../builder/builder-draft';
import { explainError } from '../api/explain-error';
import { useI18n } from '../i18n/i18n';
import { roleLabel } from '../i18n/labels';
import type { SignOutReason } from '../session';

const NOTICE = { expired: 'signIn.sessionExpired', unauthorized: 'signIn.signedOutUnauthorized' } as const;

export function SignIn({ onSignIn, notice }: { onSignIn(token: string): void; notice?: SignOutReason }) {
  const { t, dateTime } = useI18n();
  const [token, setToken] = useState('');
  const [problem, setProblem] = useState<string>();
  const [checking, setChecking] = useState(false);
  const [demoTokens, setDemoTokens] = useState<DemoToken[]>([]);

  useEffect(() => {
    void fetchDemoTokens().then(setDemoTokens);
  }, []);

  // The console only reads the token; the service checks its signature, so one
  // cheap call for the role decides before any screen is shown.
  const submit = async (value: string) => {
    const claims = readTokenClaims(value);
    if (!claims) return setProblem(t('signIn.badToken'));
    if (isExpired(claims)) return setProblem(t('signIn.expired', { date: dateTime(new Date((claims.exp as number) * 1000)) }));
    setProblem(undefined);
    setChecking(true);
    try {
      await verifyToken(value.trim(), claims.role);
    } catch (error) {
      setProblem(error instanceof ApiError && error.status === 401 ? t('signIn.rejected') : explainError(error, t).summary);
      return undefined;
    } finally {
      setChecking(false);
    }
    onSignIn(value.trim());
    return undefined;
  };

  return (
    <Space orientation="vertical" size="large" style={{ maxWidth: 760, width: '100%', margin: '0 auto', display: 'flex' }}>
      {notice ? (
        <Alert
          type="warning"
          showIcon
          role="alert"
          title={t(NOTICE[notice])}
          description={hasDraft() ? t('signIn.draftKept') : undefined}
          data-testid="sign-in-notice"
        />
      ) : null}
      <Card title={<Typography.Title level={2} style={{ margin: 0, fontSize: 18 }}>{t('signIn.title')}</Typography.Title>}>
        <Typography.Paragraph>{t('signIn.intro')}</Typography.Paragraph>
        <Form layout="vertical" onFinish={() => void submit(token)}>
          <Form.Item
            label={t('signIn.token')}
            htmlFor="token-input"
            help={problem ?? (checking ? t('signIn.checking') : t('signIn.tokenHelp'))}
            validateStatus={problem ? 'error' : undefined}
          >
            <Input.Password id="token-input" value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" aria-invalid={problem !== undefined} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={checking}>
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
                  <Tag color="blue">{roleLabel(t, demo.role)}</Tag>
                  {demo.tenant ? <Tag>{demo.tenant}</Tag> : null}
                </Space>
                <Button onClick={() => void submit(demo.token)} disabled={checking} data-testid={`demo-${demo.role}${demo.tenant ? `-${demo.tenant}` : ''}`}>
                  {t('signIn.use', { role: demo.tenant ? `${roleLabel(t, demo.role)} (${demo.tenant})` : roleLabel(t, demo.role) })}
                </Button>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </Space>
  );
}
