import { App as AntApp, Button, Layout, Select, Space, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiClient, readTokenClaims } from './api/api-client';
import { clearDraft } from './builder/builder-draft';
import { ConsoleConfig } from './components/ConsoleConfig';
import { Locale, useI18n } from './i18n/i18n';
import { roleLabel } from './i18n/labels';
import { AuditorScreens } from './screens/auditor/AuditorScreens';
import { MarketerScreens } from './screens/marketer/MarketerScreens';
import { SignIn } from './screens/SignIn';
import { msUntilExpiry, restoreSession, Session, SessionContext, SignOutReason, storeToken } from './session';

export function App() {
  const { locale, setLocale, t } = useI18n();
  const [restored] = useState(restoreSession);
  const [token, setToken] = useState<string | undefined>(restored.token);
  const [notice, setNotice] = useState<SignOutReason | undefined>(restored.notice);

  const current = useRef(token);
  current.current = token;

  // A 401 from any call ends the session: the sign-in page says why, and the
  // builder's draft (kept in sessionStorage as it is typed) waits for the next
  // sign-in. Only the session that got the 401 ends: a late answer to a call of
  // an earlier session (a page of a download, a size still in flight) must not
  // sign out the person who has signed in since.
  const endSession = useCallback((reason: SignOutReason, of: string) => {
    if (current.current !== of) return;
    storeToken(undefined);
    setToken(undefined);
    setNotice(reason);
  }, []);

  const session = useMemo<Session | undefined>(() => {
    const claims = token ? readTokenClaims(token) : undefined;
    if (!token || !claims) return undefined;
    return {
      token,
      claims,
      api: new ApiClient(token, '', () => endSession('unauthorized', token)),
      signOut: () => {
        clearDraft();
        storeToken(undefined);
        setToken(undefined);
        setNotice(undefined);
      },
    };
  }, [token, endSession]);

  // An open page also ends the session when the token's exp passes, without waiting for a 401.
  useEffect(() => {
    if (!session) return undefined;
    const wait = msUntilExpiry(session.claims);
    if (wait === undefined) return undefined;
    const timer = setTimeout(() => endSession('expired', session.token), wait);
    return () => clearTimeout(timer);
  }, [session, endSession]);

  const signIn = (next: string) => {
    storeToken(next);
    setToken(next);
    setNotice(undefined);
  };

  return (
    <ConsoleConfig locale={locale}>
      <AntApp>
        <Layout style={{ minHeight: '100vh' }}>
          <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, background: '#0f172a' }}>
            <Typography.Title level={1} style={{ color: '#fff', margin: 0, fontSize: 20, flex: 1 }}>
              {t('app.title')}
            </Typography.Title>
            <Space>
              <label htmlFor="locale-select" style={{ color: '#cbd5e1' }}>
                {t('app.language')}
              </label>
              <Select<Locale>
                id="locale-select"
                value={locale}
                onChange={setLocale}
                style={{ width: 120 }}
                options={[
                  { value: 'zh-CN', label: '简体中文' },
                  { value: 'en-US', label: 'English' },
                ]}
              />
              {session ? (
                <>
                  <Typography.Text style={{ color: '#e2e8f0' }} data-testid="signed-in-as">
                    {t('app.signedInAs', { sub: session.claims.sub, role: roleLabel(t, session.claims.role) })}
                    {session.claims.tenant ? ` · ${t('app.tenant', { tenant: session.claims.tenant })}` : ''}
                  </Typography.Text>
                  <Button onClick={session.signOut}>{t('app.signOut')}</Button>
                </>
              ) : null}
            </Space>
          </Layout.Header>
          <Layout.Content style={{ padding: 24 }}>
            {session ? (
              <SessionContext.Provider value={session}>
                <RoleScreens role={session.claims.role} />
              </SessionContext.Provider>
            ) : (
              <SignIn onSignIn={signIn} notice={notice} />
            )}
          </Layout.Content>
        </Layout>
      </AntApp>
    </ConsoleConfig>
  );
}

function RoleScreens({ role }: { role: string }) {
  const { t } = useI18n();
  if (role === 'marketer') return <MarketerScreens />;
  if (role === 'auditor') return <AuditorScreens />;
  return (
    <Typography.Paragraph role="alert">{t('signIn.noScreens', { role: roleLabel(t, role) })}</Typography.Paragraph>
  );
}

