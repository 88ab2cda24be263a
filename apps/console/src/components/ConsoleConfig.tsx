import { ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import type { ReactNode } from 'react';
import type { Locale } from '../i18n/i18n';

/**
 * Ant Design's settings for the console. `autoInsertSpace` is off: antd
 * spaces out a two-character Chinese label ("查 看"), which reads as two words.
 */
export function ConsoleConfig({ locale, children }: { locale: Locale; children: ReactNode }) {
  return (
    <ConfigProvider locale={locale === 'zh-CN' ? zhCN : enUS} theme={{ token: { colorPrimary: '#1d4ed8' } }} button={{ autoInsertSpace: false }}>
      {children}
    </ConfigProvider>
  );
}
